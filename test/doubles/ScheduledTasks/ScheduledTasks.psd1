# Test double of Windows' ScheduledTasks module (the cmdlets ftps-enforcer's agent uses), put first on PSModulePath
# by the tests. Enforces the constraints Task Scheduler documents and state is kept in a JSON file so
# install, status and remove can run in separate processes. See ScheduledTasks.psm1.
@{
    RootModule        = 'ScheduledTasks.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '0c9a2f4e-8b61-4d7e-9a35-6e2b1c4d8f70'
    Author            = 'iis-ftps-enforcer tests'
    Description       = 'Test double of the ScheduledTasks module.'
    FunctionsToExport = @('New-ScheduledTaskAction', 'New-ScheduledTaskTrigger', 'New-ScheduledTaskPrincipal', 'New-ScheduledTaskSettingsSet', 'Register-ScheduledTask', 'Get-ScheduledTask', 'Get-ScheduledTaskInfo', 'Unregister-ScheduledTask')
}
