# Test double of Windows' NetSecurity module (not on Linux): the cmdlets the host checks and host actions use.
@{
    RootModule        = 'NetSecurity.psm1'
    ModuleVersion     = '2.0.0'
    GUID              = '5d1f1a8e-0c1b-4d43-9a57-3e0b7f2d6c11'
    Description       = 'ftps-enforcer test double of NetSecurity, driven by the JSON file named in $env:FTPS_NETSECURITY_DOUBLE.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @('Remove-NetFirewallRule', 'Get-NetFirewallRule', 'Get-NetFirewallPortFilter', 'Get-NetFirewallApplicationFilter', 'Get-NetFirewallServiceFilter',
        'Get-NetFirewallAddressFilter', 'Get-NetFirewallProfile', 'Get-NetFirewallSetting', 'New-NetFirewallRule', 'Set-NetFirewallRule')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
