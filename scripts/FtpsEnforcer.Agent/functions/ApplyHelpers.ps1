# Helpers for Invoke-FtpsEnforcerApply: typed values, read-back comparison, waiting for ftpsvc.

# IIS enum attributes the plan may write, name -> number (IIS configuration reference, ftpServer/security/ssl).
# Read-back can return the name or the number depending on the access path, so both compare.
$script:AgentEnums = @{
    controlChannelPolicy = @{ SslAllow = 0; SslRequire = 1; SslRequireCredentialsOnly = 2 }
    dataChannelPolicy    = @{ SslAllow = 0; SslRequire = 1; SslDeny = 2 }
}

# JSON numbers become [int] (the schema type of the port attributes); everything else stays a string.
function ConvertTo-AgentTypedValue {
    param($Value)
    if ($Value -is [long] -or $Value -is [int] -or $Value -is [double] -or $Value -is [decimal]) { return [int]$Value }
    return [string]$Value
}

# Get-WebConfigurationProperty returns a ConfigurationAttribute for attributes; its .Value is the value.
function Get-AgentAttributeValue {
    param($Attribute)
    if ($null -eq $Attribute) { return $null }
    $first = @($Attribute)[0]
    if ($first -is [string] -or $first -is [ValueType]) { return $first }
    if ($first.PSObject.Properties['Value']) { return $first.Value }
    return $first
}

function Get-AgentEnumNumber {
    param([string]$Name, $Value)
    $map = $script:AgentEnums[$Name]
    $n = 0
    if ([int]::TryParse([string]$Value, [ref]$n)) { return $n }
    foreach ($k in $map.Keys) { if ([string]::Equals($k, [string]$Value, [StringComparison]::OrdinalIgnoreCase)) { return $map[$k] } }
    return $null
}

# Compares typed values: numbers as numbers, enums by their number, strings without regard to case
# (IP addresses and certificate thumbprints are case-insensitive).
function Test-AgentSameValue {
    param([string]$Name, $Expected, $Actual)
    if ($null -eq $Actual) { return $false }
    if ($script:AgentEnums.ContainsKey($Name)) {
        $e = Get-AgentEnumNumber -Name $Name -Value $Expected
        $a = Get-AgentEnumNumber -Name $Name -Value $Actual
        return ($null -ne $e -and $e -eq $a)
    }
    if ($Expected -is [int]) {
        $n = 0L
        if (-not [long]::TryParse([string]$Actual, [ref]$n)) { return $false }
        return ($n -eq [long]$Expected)
    }
    return [string]::Equals([string]$Expected, [string]$Actual, [StringComparison]::OrdinalIgnoreCase)
}

# How long ftpsvc must stay Running after a start before it counts as started: a service that starts and then
# stops on its new settings (a port it cannot bind, a certificate it cannot load) is a failed restart.
$script:AgentServiceSettleMilliseconds = 2000

# Waits until ftpsvc is Running, then checks it is still Running after the settle time; returns $true, or
# $false after the timeout or when it stopped again.
function Wait-AgentFtpService {
    param([int]$TimeoutSeconds)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $status = [string](Get-Service -Name ftpsvc).Status
        if ($status -eq 'Running') { break }
        if ([DateTime]::UtcNow -ge $deadline) { return $false }
        Start-Sleep -Milliseconds 200
    }
    Start-Sleep -Milliseconds $script:AgentServiceSettleMilliseconds
    return ([string](Get-Service -Name ftpsvc).Status -eq 'Running')
}

function Get-AgentServiceStatus {
    try { return [string](Get-Service -Name ftpsvc).Status } catch { return "unknown ($($_.Exception.Message))" }
}

# Restarts ftpsvc and waits for Running; throws a sentence when it does not come back.
function Restart-AgentFtpService {
    param([int]$TimeoutSeconds)
    Restart-Service -Name ftpsvc -Force -ErrorAction Stop -WarningAction SilentlyContinue
    if (-not (Wait-AgentFtpService -TimeoutSeconds $TimeoutSeconds)) {
        throw "ftpsvc did not stay Running after the restart (waited up to $TimeoutSeconds seconds for it, then $($script:AgentServiceSettleMilliseconds) ms more; status: $(Get-AgentServiceStatus))."
    }
}

# The closed set of writes the planner makes (src/core/planner.ts, src/core/site-filter.ts): the agent refuses
# anything else, so an edited plan (serverAutoStart=false, another section, another PSPath) never reaches
# Set-WebConfigurationProperty, whatever Node let through. A site is selected by name, quoted either way, or by id.
$script:AgentSiteScope = 'system\.applicationHost/sites/(?:siteDefaults|site\[@name=(?:''[^'']*''|"[^"]*")\]|site\[@id=''[0-9]+''\])'
$script:AgentAllowedWrites = @(
    @{ Filter = '^system\.ftpServer/firewallSupport$'; Names = @('lowDataChannelPort', 'highDataChannelPort') },
    @{ Filter = "^$($script:AgentSiteScope)/ftpServer/firewallSupport$"; Names = @('externalIp4Address') },
    @{ Filter = "^$($script:AgentSiteScope)/ftpServer/security/ssl$"; Names = @('controlChannelPolicy', 'dataChannelPolicy', 'serverCertHash') }
)

# $null when the change is one the planner writes, with a value of the right kind; else the refusal, one sentence.
function Test-AgentChangeAllowed {
    param([Parameter(Mandatory = $true)]$Change)
    $pspath = [string](Get-AgentOptionalProperty $Change 'pspath')
    $filter = [string](Get-AgentOptionalProperty $Change 'filter')
    $name = [string](Get-AgentOptionalProperty $Change 'name')
    $value = Get-AgentOptionalProperty $Change 'value'
    $what = "-PSPath '$pspath' -Filter '$filter' -Name '$name'"
    $refused = "The plan asks to set $what, which is not a setting ftps-enforcer writes: refused before anything was written; make the plan again with ftps-enforcer audit --out."
    if ($pspath -cne 'MACHINE/WEBROOT/APPHOST') { return $refused }
    $rule = $null
    foreach ($r in $script:AgentAllowedWrites) { if ($filter -cmatch $r.Filter -and $r.Names -ccontains $name) { $rule = $r } }
    if ($null -eq $rule) { return $refused }
    $ok = switch ($name) {
        { $_ -in 'lowDataChannelPort', 'highDataChannelPort' } { ($value -is [long] -or $value -is [int]) -and $value -ge 0 -and $value -le 65535 }
        'externalIp4Address' { $value -is [string] -and $value -cmatch '^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$' }
        'controlChannelPolicy' { $value -is [string] -and $script:AgentEnums.controlChannelPolicy.Keys -ccontains $value }
        'dataChannelPolicy' { $value -is [string] -and $script:AgentEnums.dataChannelPolicy.Keys -ccontains $value }
        'serverCertHash' { $value -is [string] -and $value -cmatch '^[0-9A-Fa-f]{40}$' }
        default { $false }
    }
    if (-not $ok) { return "The plan asks to set $what to '$value', which is not a value ftps-enforcer writes there: refused before anything was written; make the plan again with ftps-enforcer audit --out." }
    return $null
}
