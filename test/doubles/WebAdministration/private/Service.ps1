# ftpsvc, as the service cmdlets show it, backed by $env:FTPS_DOUBLE_STATE_DIR/ftpsvc.json:
#   status ('Running' | 'Stopped'), restartCount (Restart-Service calls), startCount, lastStart (ISO time),
#   commitCount (Stop-WebCommitDelay -Commit $true calls),
#   and failure injection: failStart (the service does not come back), hangStart (stays StartPending),
#   failSetOnCall (the Nth Set-WebConfigurationProperty, counted in setCalls, throws), enumAsNumber (Get returns enums as numbers),
#   stopAfterStartMs (the service starts, then stops on its own that many ms later, as a service that crashes on
#   its new settings), failBackup, failRestore, failCommit, failCommitAfterFiles (write that many files, then fail),
#   normalizeOnRead ({ attribute: value }: a written attribute reads back as that value).
# After a start, env FTPS_DOUBLE_RESTART_HOOK (an executable) runs with the effective applicationHost.config path;
# a non-zero exit fails the start. Other service names pass through to the real cmdlets, where they exist.

# PowerShell 7's ConvertFrom-Json turns ISO strings into DateTime already; 5.1 leaves them strings.
function ConvertTo-DoubleUtc {
    param($Value)
    if ($Value -is [DateTime]) { return $Value.ToUniversalTime() }
    return [DateTime]::Parse([string]$Value, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
}

function Get-DoubleServiceStatePath { Join-Path (Get-DoubleStateDir) 'ftpsvc.json' }

function Read-DoubleServiceState {
    $path = Get-DoubleServiceStatePath
    $state = [pscustomobject]@{ status = 'Running'; restartCount = 0; startCount = 0; lastStart = $null; failStart = $false; hangStart = $false; failSetOnCall = 0; setCalls = 0; commitCount = 0; enumAsNumber = $false; installed = $true
        stopAfterStartMs = 0; failBackup = $false; failRestore = $false; failCommit = $false; failCommitAfterFiles = 0; normalizeOnRead = $null }
    if (Test-Path -LiteralPath $path) {
        $saved = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
        foreach ($p in $saved.PSObject.Properties) {
            if ($state.PSObject.Properties[$p.Name]) { $state.($p.Name) = $p.Value } else { $state | Add-Member -NotePropertyName $p.Name -NotePropertyValue $p.Value }
        }
    }
    return $state
}

function Write-DoubleServiceState {
    param($State)
    Set-Content -LiteralPath (Get-DoubleServiceStatePath) -Value (ConvertTo-Json $State -Depth 5) -Encoding UTF8
}

function Test-DoubleIsFtpsvc { param([string[]]$Name) return ($null -ne $Name -and $Name.Count -eq 1 -and $Name[0] -ieq 'ftpsvc') }

function New-DoubleServiceObject {
    param($State)
    [pscustomobject]@{ Name = 'ftpsvc'; ServiceName = 'ftpsvc'; DisplayName = 'Microsoft FTP Service'; Status = $State.status; StartType = 'Automatic' }
}

function Assert-DoubleFtpsvcInstalled {
    param($State)
    if (-not $State.installed) { throw "Cannot find any service with service name 'ftpsvc'." }
}

function Start-DoubleFtpsvc {
    param($State)
    $State.startCount = [int]$State.startCount + 1
    if ($State.hangStart) { $State.status = 'StartPending'; Write-DoubleServiceState $State; return }
    if ($State.failStart) {
        $State.status = 'Stopped'; Write-DoubleServiceState $State
        throw "Service 'Microsoft FTP Service (ftpsvc)' cannot be started due to the following error: Cannot start service ftpsvc on computer '.'."
    }
    $hook = $env:FTPS_DOUBLE_RESTART_HOOK
    if ($hook) {
        & $hook (Get-DoubleEffectiveConfigPath) | Out-Null
        if ($LASTEXITCODE -ne 0) {
            $State.status = 'Stopped'; Write-DoubleServiceState $State
            throw "Service 'Microsoft FTP Service (ftpsvc)' cannot be started: the restart hook exited with $LASTEXITCODE."
        }
    }
    $State.status = 'Running'
    $State.lastStart = [DateTime]::UtcNow.ToString('o')
    Write-DoubleServiceState $State
}

function Get-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name)
    if (-not (Test-DoubleIsFtpsvc $Name)) { return Microsoft.PowerShell.Management\Get-Service @PSBoundParameters }
    $state = Read-DoubleServiceState
    Assert-DoubleFtpsvcInstalled $state
    if ($state.stopAfterStartMs -and $state.status -eq 'Running' -and $state.lastStart -and
        ([DateTime]::UtcNow - (ConvertTo-DoubleUtc $state.lastStart)).TotalMilliseconds -gt [int]$state.stopAfterStartMs) {
        # The service stopped on its own after starting (it crashed on its settings): SCM shows it Stopped.
        $state.status = 'Stopped'
        Write-DoubleServiceState $state
    }
    New-DoubleServiceObject $state
}

function Restart-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name, [switch]$Force, [switch]$PassThru)
    if (-not (Test-DoubleIsFtpsvc $Name)) { return Microsoft.PowerShell.Management\Restart-Service @PSBoundParameters }
    $state = Read-DoubleServiceState
    Assert-DoubleFtpsvcInstalled $state
    $state.restartCount = [int]$state.restartCount + 1
    $state.status = 'Stopped'
    Write-DoubleServiceState $state
    Start-DoubleFtpsvc $state
    if ($PassThru) { New-DoubleServiceObject $state }
}

function Start-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name, [switch]$PassThru)
    if (-not (Test-DoubleIsFtpsvc $Name)) { return Microsoft.PowerShell.Management\Start-Service @PSBoundParameters }
    $state = Read-DoubleServiceState
    Assert-DoubleFtpsvcInstalled $state
    if ($state.status -ne 'Running') { Start-DoubleFtpsvc $state }
    if ($PassThru) { New-DoubleServiceObject $state }
}

function Stop-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name, [switch]$Force, [switch]$PassThru)
    if (-not (Test-DoubleIsFtpsvc $Name)) { return Microsoft.PowerShell.Management\Stop-Service @PSBoundParameters }
    $state = Read-DoubleServiceState
    Assert-DoubleFtpsvcInstalled $state
    $state.status = 'Stopped'
    Write-DoubleServiceState $state
    if ($PassThru) { New-DoubleServiceObject $state }
}
