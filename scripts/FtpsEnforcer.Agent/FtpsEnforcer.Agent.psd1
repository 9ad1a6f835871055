# The PowerShell side of ftps-enforcer: a static module the Node agent drives in ONE session.
# Every entry point takes -PayloadBase64 (base64 of UTF-8 JSON data, never code) and writes ONE line of
# compressed JSON. Windows PowerShell 5.1 and PowerShell 7. Reviewers: start with functions/Apply.ps1.
@{
    RootModule           = 'FtpsEnforcer.Agent.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'b8f4b0d2-6a53-4c3e-8f0e-1d9a7c2e4f61'
    Author               = 'iis-ftps-enforcer'
    Description          = 'Applies a reviewed ftps-enforcer plan through WebAdministration: backup, commit delay, verify, restart ftpsvc, roll back on failure.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Every public function is named *-Ftps*; a new file in functions/ needs no edit here.
    FunctionsToExport    = @('*-Ftps*')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
