# The user-facing PowerShell module of ftps-enforcer: Test-FtpsEnforcer (audit) and Invoke-FtpsEnforcer (apply).
# It runs the Node agent (ftps-enforcer) with --format json and turns its answer into objects and errors;
# it reimplements nothing. Windows PowerShell 5.1 and PowerShell 7.
@{
    RootModule           = 'FtpsEnforcer.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '4f0c8e57-2d1b-4a96-9b3e-7c5d1a2e8f40'
    Author               = 'iis-ftps-enforcer'
    Description          = 'Audits and fixes the IIS FTP settings Implicit FTPS behind a load balancer needs (external PASV address, passive port range, SSL policies) by running the ftps-enforcer agent.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('FtpsEnforcer.format.ps1xml')
    FunctionsToExport    = @('Test-FtpsEnforcer', 'Invoke-FtpsEnforcer')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{ PSData = @{ Tags = @('IIS', 'FTP', 'FTPS', 'LoadBalancer', 'WebAdministration') } }
}
