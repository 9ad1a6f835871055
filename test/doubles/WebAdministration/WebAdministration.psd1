# A test double of IIS's WebAdministration module: the cmdlets ftps-enforcer's agent uses, over a real
# applicationHost.config file (env FTPS_DOUBLE_APPHOST) and a state folder (env FTPS_DOUBLE_STATE_DIR).
# Put this folder's parent first on PSModulePath so `Import-Module WebAdministration` loads it.
@{
    RootModule        = 'WebAdministration.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '5d7c7a4e-3f0b-4a8e-9a53-2d1f7c0e6b11'
    Author            = 'iis-ftps-enforcer tests'
    Description       = 'Test double of WebAdministration (configuration, backups, commit delay, ftpsvc) for Linux CI.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @(
        'Get-WebConfigurationProperty', 'Set-WebConfigurationProperty',
        'Start-WebCommitDelay', 'Stop-WebCommitDelay', 'Begin-WebCommitDelay', 'End-WebCommitDelay',
        'Backup-WebConfiguration', 'Restore-WebConfiguration', 'Get-WebConfigurationBackup',
        'Get-Service', 'Restart-Service', 'Start-Service', 'Stop-Service'
    )
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
