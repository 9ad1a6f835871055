# Rolls back an apply that the agent itself reported as done, when Node's own check (re-reading the
# configuration from disk and planning again) still finds drift.
# Payload: { backupName, restartService, serviceTimeoutSeconds }

function Restore-FtpsEnforcerBackup {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $payload = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $result = [ordered]@{ ok = $false; error = $null; rollback = $null }
    try {
        $importError = Import-AgentWebAdministration
        if ($null -ne $importError) { throw $importError }
        $result.rollback = Invoke-AgentRollback -BackupName ([string]$payload.backupName) -BackupCreated $true -DelayOpen $false -ServiceTouched ([bool]$payload.restartService) -TimeoutSeconds ([int]$payload.serviceTimeoutSeconds)
        $result.ok = [bool]$result.rollback.succeeded
    } catch {
        $result.error = "$($_.Exception.Message)"
    }
    Write-AgentResult $result
}
