# Applies the changes of a plan, the way an IIS administrator would by hand, every time:
#   Backup-WebConfiguration -Name <backupName>
#   Start-WebCommitDelay
#   Set-WebConfigurationProperty -PSPath <pspath> -Filter <filter> -Name <name> -Value <value>   (one per change)
#   Stop-WebCommitDelay -Commit $true
#   Get-WebConfigurationProperty ... for every change: .Value must equal what was set
#   Restart-Service ftpsvc per the restart policy, then wait until it is Running
# On ANY failure: discard an open commit delay, Restore-WebConfiguration -Name <backupName>, restart ftpsvc again
# if it had been touched, and report what failed and whether the rollback succeeded.
#
# Payload: { changes: [{ id, pspath, filter, name, value, requiresRestart }], restartPolicy: on-change|never|always,
#            backupName, serviceTimeoutSeconds }

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
        restart       = [ordered]@{ performed = $false; at = $null; reason = '' }
        rollback      = $null
    }
    $step = 'import'
    $delayOpen = $false
    $serviceTouched = $false
    $filesCopied = $null
    try {
        $importError = Import-AgentWebAdministration
        if ($null -ne $importError) { throw $importError }

        $step = 'backup'
        Backup-WebConfiguration -Name $result.backupName | Out-Null
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
        $needing = @($changes | Where-Object { $_.requiresRestart })
        $policy = [string]$payload.restartPolicy
        $restart = $false
        if ($policy -eq 'always') { $restart = $true; $result.restart.reason = 'the restart policy is always' }
        elseif ($policy -eq 'never') { $result.restart.reason = 'the restart policy is never: ftpsvc picks the changes up at its next restart' }
        elseif ($needing.Count -gt 0) { $restart = $true; $result.restart.reason = "$($needing.Count) change(s) to firewallSupport take effect only after an ftpsvc restart" }
        else { $result.restart.reason = 'no change needs an ftpsvc restart' }
        if ($restart) {
            $serviceTouched = $true
            Restart-AgentFtpService -TimeoutSeconds $timeout
            $result.restart.performed = $true
            $result.restart.at = [DateTime]::UtcNow.ToString('o')
        }
        $result.ok = $true
    } catch {
        $result.failedStep = $step
        $result.error = "$($_.Exception.Message)"
        $result.rollback = Invoke-AgentRollback -BackupName $result.backupName -BackupCreated $result.backupCreated -DelayOpen $delayOpen -ServiceTouched $serviceTouched -TimeoutSeconds $timeout -FileBackup $filesCopied
    }
    Write-AgentResult $result
}

# Puts the previous configuration back. `succeeded` means the configuration is the previous one again;
# the service status is reported beside it.
function Invoke-AgentRollback {
    param([string]$BackupName, [bool]$BackupCreated, [bool]$DelayOpen, [bool]$ServiceTouched, [int]$TimeoutSeconds, $FileBackup = $null)
    $rollback = [ordered]@{ attempted = $true; succeeded = $false; configRestored = $false; serviceRestarted = $false; serviceStatus = $null; message = '' }
    $notes = @()
    if ($DelayOpen) {
        try { Stop-WebCommitDelay -Commit $false } catch { $notes += "discarding the commit delay failed: $($_.Exception.Message)" }
    }
    if ($BackupCreated) {
        try {
            Restore-WebConfiguration -Name $BackupName
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
            Restart-AgentFtpService -TimeoutSeconds $TimeoutSeconds
            $rollback.serviceRestarted = $true
            $notes += 'ftpsvc was restarted with the previous configuration'
        } catch {
            $notes += "ftpsvc did not come back after the rollback: $($_.Exception.Message)"
        }
        $rollback.serviceStatus = Get-AgentServiceStatus
    }
    $rollback.succeeded = $rollback.configRestored
    $rollback.message = ($notes -join '; ').TrimEnd('.') + '.'
    return $rollback
}
