@{
    RootModule        = 'FileAcl.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '7b3e1d92-4c5a-4f08-b6e2-1a9d8c3f5e21'
    Author            = 'iis-ftps-enforcer tests'
    Description       = 'Test double of Get-Acl for Linux (Windows-shaped security descriptors from a JSON file).'
    FunctionsToExport = @('Get-Acl')
}
