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

# Waits until ftpsvc is Running; returns $true, or $false after the timeout.
function Wait-AgentFtpService {
    param([int]$TimeoutSeconds)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $status = [string](Get-Service -Name ftpsvc).Status
        if ($status -eq 'Running') { return $true }
        if ([DateTime]::UtcNow -ge $deadline) { return $false }
        Start-Sleep -Milliseconds 200
    }
}

function Get-AgentServiceStatus {
    try { return [string](Get-Service -Name ftpsvc).Status } catch { return "unknown ($($_.Exception.Message))" }
}

# Restarts ftpsvc and waits for Running; throws a sentence when it does not come back.
function Restart-AgentFtpService {
    param([int]$TimeoutSeconds)
    Restart-Service -Name ftpsvc -Force -ErrorAction Stop -WarningAction SilentlyContinue
    if (-not (Wait-AgentFtpService -TimeoutSeconds $TimeoutSeconds)) {
        throw "ftpsvc did not reach Running within $TimeoutSeconds seconds after the restart (status: $(Get-AgentServiceStatus))."
    }
}
