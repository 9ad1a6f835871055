# Applies the changes of a plan, the way an IIS administrator would by hand, every time:
#   (validate)  every change is one the planner writes (Test-AgentChangeAllowed): anything else is refused
#   Backup-WebConfiguration -Name <backupName>
#   Start-WebCommitDelay
#   Set-WebConfigurationProperty -PSPath <pspath> -Filter <filter> -Name <name> -Value <value>   (one per change)
#   Stop-WebCommitDelay -Commit $true
#   Get-WebConfigurationProperty ... for every change: .Value must equal what was set
#   Restart-Service ftpsvc when Node decided so (restart.perform), then wait until it is Running
# On ANY failure: discard an open commit delay, Restore-WebConfiguration -Name <backupName>, put ftpsvc back the way
# it was before the run, and report what failed and whether the rollback brought BOTH back.
#
# Payload: { changes: [{ id, pspath, filter, name, value }], restart: { perform, reason }, backupName,
#            serviceTimeoutSeconds }
# Whether ftpsvc restarts is decided in ONE place, src/core/restart-decision.ts; the agent obeys the decision.

function Invoke-FtpsEnforcerApply {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $payload = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $changes = @($payload.changes)
    $timeout = [int]$payload.serviceTimeoutSeconds
    $result = [ordered]@{
        ok            = $false
        failedStep    = $null
        error         = $null
        backupName    = [string]$payload.backupName
        backupCreated = $false
        applied       = @()
        restart       = [ordered]@{ performed = $false; at = $null; reason = [string]$payload.restart.reason }
        rollback      = $null
    }
    $step = 'validate'
    $delayOpen = $false
    $serviceTouched = $false
    $serviceBefore = $null
    $filesCopied = $null
    try {
        # Before anything else, and before WebAdministration: an edited plan never reaches a cmdlet.
        foreach ($c in $changes) {
            $refusal = Test-AgentChangeAllowed -Change $c
            if ($null -ne $refusal) { throw $refusal }
        }

        $step = 'import'
        $importError = Import-AgentWebAdministration
        if ($null -ne $importError) { throw $importError }
        $serviceBefore = Get-AgentServiceStatus

        $step = 'backup'
        Invoke-AgentBackupStep -BackupName $result.backupName
        $result.backupCreated = $true
        # IIS's backup may leave out a shared applicationHost.config and configSource files: the agent's own copies (FileBackup.ps1).
        $fileBackup = Get-AgentFileBackup $payload
        if ($null -ne $fileBackup) { Backup-AgentConfigFiles -FileBackup $fileBackup; $filesCopied = $fileBackup }

        $step = 'set'
        Start-WebCommitDelay
        $delayOpen = $true
        foreach ($c in $changes) {
            $warnings = $null
            Set-WebConfigurationProperty -PSPath $c.pspath -Filter $c.filter -Name $c.name -Value (ConvertTo-AgentTypedValue $c.value) -WarningVariable warnings -WarningAction SilentlyContinue
            # IIS only warns when a filter selects nothing (e.g. a site renamed since the plan): that is a failure here.
            if ($warnings) { throw "Set-WebConfigurationProperty -Filter $($c.filter) -Name $($c.name) wrote nothing: $(@($warnings)[0])" }
        }

        $step = 'commit'
        # Marked closed first: whatever Stop-WebCommitDelay does when it fails, the backup restore covers it.
        $delayOpen = $false
        Stop-WebCommitDelay -Commit $true

        $step = 'verify'
        $mismatches = @()
        $applied = @()
        foreach ($c in $changes) {
            $expected = ConvertTo-AgentTypedValue $c.value
            $attribute = Get-WebConfigurationProperty -PSPath $c.pspath -Filter $c.filter -Name $c.name -WarningAction SilentlyContinue
            $actual = Get-AgentAttributeValue $attribute
            $same = Test-AgentSameValue -Name $c.name -Expected $expected -Actual $actual
            $applied += [ordered]@{ id = [string]$c.id; readBack = $actual; verified = $same }
            if (-not $same) { $mismatches += "$($c.name) on $($c.filter) reads back '$actual', not '$expected'" }
        }
        $result.applied = @($applied)
        if ($mismatches.Count -gt 0) { throw "Read-back mismatch after commit: $($mismatches -join '; ')." }

        $step = 'restart'
        if ([bool]$payload.restart.perform) {
            $serviceTouched = $true
            Restart-AgentFtpService -TimeoutSeconds $timeout
            $result.restart.performed = $true
            $result.restart.at = [DateTime]::UtcNow.ToString('o')
        }
        $result.ok = $true
    } catch {
        $result.failedStep = $step
        $result.error = "$($_.Exception.Message)"
        $result.rollback = Invoke-AgentRollback -BackupName $result.backupName -BackupCreated $result.backupCreated -DelayOpen $delayOpen -ServiceTouched $serviceTouched -ServiceBefore $serviceBefore -TimeoutSeconds $timeout -FileBackup $filesCopied
    }
    Write-AgentResult $result
}

# The backup step: everything apply may write is saved before the first Set. Kept as its own function so the
# agent's own backups of shared and configSource files slot in beside Backup-WebConfiguration.
function Invoke-AgentBackupStep {
    param([Parameter(Mandatory = $true)][string]$BackupName)
    Backup-WebConfiguration -Name $BackupName | Out-Null
}

# The restore step: puts back what Invoke-AgentBackupStep saved; throws when it could not.
function Invoke-AgentRestoreStep {
    param([Parameter(Mandatory = $true)][string]$BackupName)
    Restore-WebConfiguration -Name $BackupName
}

# Puts the previous configuration back, and ftpsvc the way it was before the run. `succeeded` means BOTH: the
# configuration is the previous one again AND ftpsvc's status is what it was before the run (ServiceBefore);
# `configRestored` and `serviceAsBefore` say which half failed, so Node can say plainly when FTP is down.
function Invoke-AgentRollback {
    param([string]$BackupName, [bool]$BackupCreated, [bool]$DelayOpen, [bool]$ServiceTouched, [AllowNull()][string]$ServiceBefore, [int]$TimeoutSeconds, $FileBackup = $null)
    $rollback = [ordered]@{ attempted = $true; succeeded = $false; configRestored = $false; serviceRestarted = $false; serviceBefore = $ServiceBefore; serviceStatus = $null; serviceAsBefore = $true; message = '' }
    $notes = @()
    if ($DelayOpen) {
        try { Stop-WebCommitDelay -Commit $false } catch { $notes += "discarding the commit delay failed: $($_.Exception.Message)" }
    }
    if ($BackupCreated) {
        try {
            Invoke-AgentRestoreStep -BackupName $BackupName
            $rollback.configRestored = $true
            $notes += "the configuration was restored from backup $BackupName"
        } catch {
            $notes += "Restore-WebConfiguration -Name $BackupName failed: $($_.Exception.Message)"
        }
        if ($null -ne $FileBackup) {
            # The files apply may write are back only when each has its recorded hash again, whatever IIS's restore did.
            $files = Restore-AgentConfigFiles -FileBackup $FileBackup
            $rollback.configRestored = [bool]$files.ok
            $notes += $files.message
        }
    } else {
        # Nothing is written before the backup exists, so the configuration was never touched.
        $rollback.attempted = $false
        $rollback.configRestored = $true
        $notes += 'nothing had been written'
    }
    if ($ServiceTouched) {
        try {
            if ($ServiceBefore -and $ServiceBefore -ne 'Running') {
                # It was not running before the run: leave it the way it was.
                Stop-Service -Name ftpsvc -Force -ErrorAction Stop -WarningAction SilentlyContinue
                $notes += "ftpsvc was stopped again, as it was before the run"
            } else {
                Restart-AgentFtpService -TimeoutSeconds $TimeoutSeconds
                $rollback.serviceRestarted = $true
                $notes += 'ftpsvc was restarted with the previous configuration'
            }
        } catch {
            $notes += "ftpsvc did not come back after the rollback: $($_.Exception.Message)"
        }
    }
    if ($ServiceTouched -or $ServiceBefore) {
        $rollback.serviceStatus = Get-AgentServiceStatus
        if ($ServiceBefore) { $rollback.serviceAsBefore = ($rollback.serviceStatus -eq $ServiceBefore) }
        if (-not $rollback.serviceAsBefore) { $notes += "ftpsvc is $($rollback.serviceStatus), but was $ServiceBefore before the run" }
    }
    $rollback.succeeded = ($rollback.configRestored -and $rollback.serviceAsBefore)
    $rollback.message = ($notes -join '; ').TrimEnd('.') + '.'
    return $rollback
}
