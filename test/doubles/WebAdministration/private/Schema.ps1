# The IIS configuration schema of the elements ftps-enforcer reads and writes, in our own words, as IIS 10's own
# schema files (inetsrv\config\schema: Ftp_schema.xml, IIS_schema.xml; the FTP part is the same since IIS 7.5)
# and Microsoft's configuration reference (learn.microsoft.com/iis/configuration) state it:
#   system.ftpServer/firewallSupport (section: allowDefinition AppHostOnly, overrideModeDefault Deny):
#     lowDataChannelPort, highDataChannelPort: type int, validation integerRange 0..65535, default 0 (0-0 = the
#     Windows dynamic port range; the reference asks for 1025-65535 otherwise, the schema itself accepts 0-65535).
#   sites/siteDefaults/ftpServer/firewallSupport and sites/site/ftpServer/firewallSupport: externalIp4Address
#     (string, no default: reads back as ''). There is NO externalIp4Address on system.ftpServer/firewallSupport.
#   .../ftpServer: allowUTF8, serverAutoStart (bool, default true).
#   .../ftpServer/security/ssl: controlChannelPolicy SslAllow(0)|SslRequire(1, default)|SslRequireCredentialsOnly(2);
#     dataChannelPolicy SslAllow(0)|SslRequire(1, default)|SslDeny(2); serverCertHash (string, no default);
#     serverCertStoreName (string, default MY); ssl128 (bool, default false).
#   system.applicationHost/sites: a collection of site (name: string, required, unique; id: uint, required, unique;
#     serverAutoStart: bool, default true) whose defaultElement is siteDefaults.
# Keys are filter paths without predicates. Elements not listed are not modelled: the double says so.

function New-DoubleAttributeSchema {
    param([string]$Name, [string]$Type, $Default, [long[]]$Range, [System.Collections.IDictionary]$Enum)
    [pscustomobject]@{
        Name         = $Name
        Type         = $Type          # string | int | uint | bool | enum
        DefaultValue = $Default
        Range        = $Range         # inclusive @(min, max) for int and uint
        Enum         = $Enum          # name -> number, for enum
        IsRequired   = $false
    }
}

$script:ControlChannelPolicies = [ordered]@{ SslAllow = 0; SslRequire = 1; SslRequireCredentialsOnly = 2 }
$script:DataChannelPolicies = [ordered]@{ SslAllow = 0; SslRequire = 1; SslDeny = 2 }

$ftpFirewallAttributes = @(New-DoubleAttributeSchema -Name 'externalIp4Address' -Type 'string' -Default '')
$ftpSslAttributes = @(
    (New-DoubleAttributeSchema -Name 'serverCertHash' -Type 'string' -Default ''),
    (New-DoubleAttributeSchema -Name 'serverCertStoreName' -Type 'string' -Default 'MY'),
    (New-DoubleAttributeSchema -Name 'ssl128' -Type 'bool' -Default $false),
    (New-DoubleAttributeSchema -Name 'controlChannelPolicy' -Type 'enum' -Default 'SslRequire' -Enum $script:ControlChannelPolicies),
    (New-DoubleAttributeSchema -Name 'dataChannelPolicy' -Type 'enum' -Default 'SslRequire' -Enum $script:DataChannelPolicies)
)
$ftpServerAttributes = @(
    (New-DoubleAttributeSchema -Name 'serverAutoStart' -Type 'bool' -Default $true),
    (New-DoubleAttributeSchema -Name 'allowUTF8' -Type 'bool' -Default $true)
)
$siteAttributes = @(
    (New-DoubleAttributeSchema -Name 'name' -Type 'string' -Default ''),
    (New-DoubleAttributeSchema -Name 'id' -Type 'uint' -Default 0 -Range @(0, 4294967295)),
    (New-DoubleAttributeSchema -Name 'serverAutoStart' -Type 'bool' -Default $true)
)

$script:DoubleSections = @('system.ftpServer/firewallSupport', 'system.applicationHost/sites')

$script:DoubleSchema = @{
    'system.ftpServer/firewallSupport'                                    = @(
        (New-DoubleAttributeSchema -Name 'lowDataChannelPort' -Type 'int' -Default 0 -Range @(0, 65535)),
        (New-DoubleAttributeSchema -Name 'highDataChannelPort' -Type 'int' -Default 0 -Range @(0, 65535))
    )
    'system.applicationHost/sites'                                        = @()
    'system.applicationHost/sites/siteDefaults'                           = $siteAttributes
    'system.applicationHost/sites/siteDefaults/ftpServer'                 = $ftpServerAttributes
    'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport' = $ftpFirewallAttributes
    'system.applicationHost/sites/siteDefaults/ftpServer/security'        = @()
    'system.applicationHost/sites/siteDefaults/ftpServer/security/ssl'    = $ftpSslAttributes
    'system.applicationHost/sites/site'                                   = $siteAttributes
    'system.applicationHost/sites/site/ftpServer'                         = $ftpServerAttributes
    'system.applicationHost/sites/site/ftpServer/firewallSupport'         = $ftpFirewallAttributes
    'system.applicationHost/sites/site/ftpServer/security'                = @()
    'system.applicationHost/sites/site/ftpServer/security/ssl'            = $ftpSslAttributes
}

function Get-DoubleAttributeSchema {
    param([string]$SchemaPath, [string]$Name)
    foreach ($a in $script:DoubleSchema[$SchemaPath]) {
        if ([string]::Equals($a.Name, $Name, [StringComparison]::OrdinalIgnoreCase)) { return $a }
    }
    return $null
}

# Converts a value given to Set-WebConfigurationProperty to the text IIS stores, enforcing type, range and enum
# as the schema does; errors are worded after IIS's.
function ConvertTo-DoubleStoredValue {
    param($Schema, $Value, [string]$ElementPath)
    if ($Value -is [pscustomobject] -and $Value.PSObject.Properties['Value']) { $Value = $Value.Value }
    switch ($Schema.Type) {
        { $_ -eq 'uint' -or $_ -eq 'int' } {
            $n = 0L
            if (-not [long]::TryParse([string]$Value, [ref]$n)) {
                $kind = if ($Schema.Type -eq 'int') { 'integer' } else { 'unsigned integer' }
                throw "Cannot set property $($Schema.Name) on /$($ElementPath): '$Value' is not a valid $kind."
            }
            if ($n -lt $Schema.Range[0] -or $n -gt $Schema.Range[1]) {
                throw "Cannot set property $($Schema.Name) on /$($ElementPath): the value $n is not in the valid range $($Schema.Range[0])-$($Schema.Range[1])."
            }
            return [string]$n
        }
        'bool' {
            $text = ([string]$Value).ToLowerInvariant()
            if ($text -eq 'true' -or $text -eq '1') { return 'true' }
            if ($text -eq 'false' -or $text -eq '0') { return 'false' }
            throw "Cannot set property $($Schema.Name) on /$($ElementPath): '$Value' is not a valid boolean."
        }
        'enum' {
            foreach ($k in $Schema.Enum.Keys) {
                if ([string]::Equals($k, [string]$Value, [StringComparison]::OrdinalIgnoreCase)) { return $k }
                if ([string]$Schema.Enum[$k] -eq [string]$Value) { return $k }
            }
            $names = @($Schema.Enum.Keys) -join ', '
            throw "Cannot set property $($Schema.Name) on /$($ElementPath): enum must be one of $names (got '$Value')."
        }
        default { return [string]$Value }
    }
}

# Converts stored attribute text (or the schema default) to the typed value IIS hands back on .Value.
function ConvertFrom-DoubleStoredValue {
    param($Schema, $Text, [switch]$EnumAsNumber)
    if ($null -eq $Text) {
        if ($Schema.Type -ne 'enum') { return $Schema.DefaultValue }
        $Text = $Schema.DefaultValue
    }
    switch ($Schema.Type) {
        'uint' { return [long]$Text }
        'int' { return [int]$Text }
        'bool' { return ([string]$Text).ToLowerInvariant() -eq 'true' }
        'enum' {
            foreach ($k in $Schema.Enum.Keys) {
                if ([string]::Equals($k, [string]$Text, [StringComparison]::OrdinalIgnoreCase)) {
                    if ($EnumAsNumber) { return [int]$Schema.Enum[$k] }
                    return $k
                }
            }
            return [string]$Text
        }
        default { return [string]$Text }
    }
}
