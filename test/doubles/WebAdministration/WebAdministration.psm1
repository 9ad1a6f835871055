# Test double of WebAdministration. Behaviour follows IIS where it is documented (see docs/apply.md,
# "The WebAdministration test double"); every file under private/ is one concern.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

foreach ($file in @('Schema', 'ConfigFiles', 'Filter', 'ConfigCmdlets', 'Backup', 'Service')) {
    . (Join-Path $PSScriptRoot "private/$file.ps1")
}

Export-ModuleMember -Function @(
    'Get-WebConfigurationProperty', 'Set-WebConfigurationProperty',
    'Start-WebCommitDelay', 'Stop-WebCommitDelay',
    'Backup-WebConfiguration', 'Restore-WebConfiguration', 'Get-WebConfigurationBackup',
    'Get-Service', 'Restart-Service', 'Start-Service', 'Stop-Service'
)
