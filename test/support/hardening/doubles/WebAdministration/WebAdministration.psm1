# The WebAdministration test double (test/doubles/WebAdministration), wrapped so a crash test can stop apply at
# a chosen step: when env FTPS_PAUSE_AT names a pause point, the wrapped cmdlet writes FTPS_PAUSE_MARKER (the
# process id and the point) and sleeps, so the test knows where the run is and kills it there.
# Pause points, in apply's order:
#   before-backup        Backup-WebConfiguration called, nothing written yet
#   after-backup         the backup exists, no change made yet
#   during-commit-delay  the first Set is held in the commit delay, the file on disk is still the old one
#   after-commit         Stop-WebCommitDelay wrote the new file, nothing verified or restarted yet
#   during-restart       ftpsvc stopped by Restart-Service, not started again
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$doubleManifest = Join-Path $PSScriptRoot '../../../../doubles/WebAdministration/WebAdministration.psd1'
$script:Inner = Import-Module ([IO.Path]::GetFullPath($doubleManifest)) -PassThru -Force
$script:Paused = @{}

function Invoke-PausePoint {
    param([string]$Point)
    if ($env:FTPS_PAUSE_AT -ne $Point -or $script:Paused.ContainsKey($Point)) { return }
    $script:Paused[$Point] = $true
    Set-Content -LiteralPath $env:FTPS_PAUSE_MARKER -Value "$PID $Point" -Encoding ASCII
    Start-Sleep -Seconds 600
}

function Invoke-Inner {
    param([string]$Command, [hashtable]$Parameters)
    & $script:Inner.ExportedCommands[$Command] @Parameters
}

function Backup-WebConfiguration {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Name)
    Invoke-PausePoint 'before-backup'
    Invoke-Inner 'Backup-WebConfiguration' $PSBoundParameters
    Invoke-PausePoint 'after-backup'
}

function Set-WebConfigurationProperty {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Filter,
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][AllowEmptyString()][object]$Value,
        [string[]]$PSPath = @('MACHINE/WEBROOT/APPHOST'),
        [string[]]$Location,
        [switch]$Force
    )
    Invoke-Inner 'Set-WebConfigurationProperty' $PSBoundParameters
    Invoke-PausePoint 'during-commit-delay'
}

function Stop-WebCommitDelay {
    [CmdletBinding()]
    param([bool]$Commit = $true)
    Invoke-Inner 'Stop-WebCommitDelay' $PSBoundParameters
    if ($Commit) { Invoke-PausePoint 'after-commit' }
}

function Restart-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$Name, [switch]$Force, [switch]$PassThru)
    if ($env:FTPS_PAUSE_AT -eq 'during-restart' -and $null -ne $Name -and $Name.Count -eq 1 -and $Name[0] -ieq 'ftpsvc') {
        Invoke-Inner 'Stop-Service' @{ Name = $Name }
        Invoke-PausePoint 'during-restart'
    }
    Invoke-Inner 'Restart-Service' $PSBoundParameters
}

# Everything else is the double itself.
$wrapped = @('Backup-WebConfiguration', 'Set-WebConfigurationProperty', 'Stop-WebCommitDelay', 'Restart-Service')
foreach ($name in $script:Inner.ExportedCommands.Keys) {
    if ($wrapped -notcontains $name) {
        $cmd = $script:Inner.ExportedCommands[$name]
        Set-Item -Path "function:script:$name" -Value { & $cmd @args }.GetNewClosure()
    }
}
Export-ModuleMember -Function @($script:Inner.ExportedCommands.Keys)
