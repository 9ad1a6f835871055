# Test double of WebAdministration. Behaviour follows IIS where it is documented (see docs/apply.md,
# "The WebAdministration test double"); every file under private/ is one concern.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

foreach ($file in @('Schema', 'ConfigFiles', 'Filter', 'ConfigCmdlets', 'Backup', 'Service')) {
    . (Join-Path $PSScriptRoot "private/$file.ps1")
}

# Server 2008 R2's module has Begin-/End-WebCommitDelay where 2012 and later have Start-/Stop- (TechNet ee790562, ee790600).
$commitDelay = @('Start-WebCommitDelay', 'Stop-WebCommitDelay')
if ($env:FTPS_DOUBLE_IIS75 -eq '1') { $commitDelay = @('Begin-WebCommitDelay', 'End-WebCommitDelay') }

Export-ModuleMember -Function @(
    'Get-WebConfigurationProperty', 'Set-WebConfigurationProperty',
    $commitDelay[0], $commitDelay[1],
    'Backup-WebConfiguration', 'Restore-WebConfiguration', 'Get-WebConfigurationBackup',
    'Get-Service', 'Restart-Service', 'Start-Service', 'Stop-Service'
)
