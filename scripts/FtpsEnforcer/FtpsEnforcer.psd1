# The user-facing PowerShell module of ftps-enforcer: Test-FtpsEnforcer (audit) and Invoke-FtpsEnforcer (apply).
# It runs the agent (ftps-enforcer.exe, installed by Install-FtpsEnforcer) with --format json and turns its answer into objects and errors;
# it reimplements nothing. Windows PowerShell 5.1 and PowerShell 7.
@{
    RootModule           = 'FtpsEnforcer.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '4f0c8e57-2d1b-4a96-9b3e-7c5d1a2e8f40'
    Author               = 'the iis-ftps-enforcer authors'
    CompanyName          = 'iis-ftps-enforcer'
    Copyright            = '(c) 2026 the iis-ftps-enforcer authors. MIT License.'
    Description          = 'Audits and fixes the IIS FTP settings Implicit FTPS behind a load balancer needs (external PASV address, passive port range, SSL policies) by running the ftps-enforcer agent, and installs that agent (Install-FtpsEnforcer).'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('FtpsEnforcer.format.ps1xml')
    FunctionsToExport    = @('Test-FtpsEnforcer', 'Invoke-FtpsEnforcer', 'Install-FtpsEnforcer', 'Uninstall-FtpsEnforcer')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    # What a PowerShell gallery shows; ModuleVersion follows package.json (test/package/manifest.test.ts).
    PrivateData          = @{
        PSData = @{
            Tags         = @('IIS', 'FTP', 'FTPS', 'LoadBalancer', 'WebAdministration', 'Windows', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/iis-ftps-enforcer/iis-ftps-enforcer'
            LicenseUri   = 'https://github.com/iis-ftps-enforcer/iis-ftps-enforcer/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/iis-ftps-enforcer/iis-ftps-enforcer/releases; 0.1.0: first release: audit, apply, scheduled task, single-executable agent with Install-FtpsEnforcer.'
        }
    }
}
