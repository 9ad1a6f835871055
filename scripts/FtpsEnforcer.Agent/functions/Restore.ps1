# Rolls back an apply from its backup: when Node's own check (re-reading the configuration from disk and
# planning again) still finds drift after the agent reported success, or when the apply call itself was cut
# off (timeout, crash) and its outcome is unknown. No backup under that name means nothing was written.
# Payload: { backupName, restartService, serviceBefore (ftpsvc's status before the run, from the prerequisites), serviceTimeoutSeconds, fileBackup? } (fileBackup: FileBackup.ps1)

function Restore-FtpsEnforcerBackup {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $payload = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $result = [ordered]@{ ok = $false; error = $null; rollback = $null }
    try {
        $importError = Import-AgentWebAdministration
        if ($null -ne $importError) { throw $importError }
        $name = [string]$payload.backupName
        if ($null -eq (Get-WebConfigurationBackup | Where-Object { $_.Name -eq $name })) {
            $result.rollback = [ordered]@{ attempted = $false; succeeded = $true; configRestored = $true; serviceRestarted = $false; serviceBefore = $null; serviceStatus = $null; serviceAsBefore = $true; message = "no backup named $name exists, so nothing had been written." }
            $result.ok = $true
            Write-AgentResult $result
            return
        }
        $result.rollback = Invoke-AgentRollback -BackupName ([string]$payload.backupName) -BackupCreated $true -DelayOpen $false -ServiceTouched ([bool]$payload.restartService) -ServiceBefore ([string](Get-AgentOptionalProperty $payload 'serviceBefore')) -TimeoutSeconds ([int]$payload.serviceTimeoutSeconds) -FileBackup (Get-AgentFileBackup $payload)
        $result.ok = [bool]$result.rollback.succeeded
    } catch {
        $result.error = "$($_.Exception.Message)"
    }
    Write-AgentResult $result
}
