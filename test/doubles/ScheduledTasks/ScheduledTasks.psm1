# Test double of the ScheduledTasks cmdlets, over a JSON file ($env:FTPS_DOUBLE_STATE_DIR/scheduled-tasks.json).
# What it enforces, from Microsoft's documentation of the cmdlets and of the Task Scheduler schema
# (learn.microsoft.com: New-ScheduledTaskTrigger, New-ScheduledTaskSettingsSet, New-ScheduledTaskPrincipal,
# Register-ScheduledTask; "Task Scheduler Schema": RepetitionType, BootTriggerType, SettingsType), in our words:
#   - a boot trigger's schema type (bootTriggerType) has a Delay element and no RandomDelay; the cmdlet's
#     -AtStartup set does list -RandomDelay, and what Task Scheduler makes of it is not documented, so the
#     double accepts it and keeps it apart (ftps-enforcer sets Delay on the object, as the schema has it);
#   - a repetition interval is 1 minute to 31 days; a duration, when given, is at least the interval and is a
#     real XML duration ([TimeSpan]::MaxValue is refused: "The task XML contains a value which is incorrectly
#     formatted or out of range.");
#   - durations (Delay, RandomDelay, ExecutionTimeLimit) must be valid xs:duration text;
#   - MultipleInstances is Parallel, Queue or IgnoreNew (the schema also has StopExisting, which the cmdlet's
#     enum is widely reported to lack; ftps-enforcer uses IgnoreNew, the schema's default);
#   - LogonType ServiceAccount only with SYSTEM, LOCAL SERVICE or NETWORK SERVICE; RunLevel Limited|Highest;
#   - a task path starts and ends with "\"; a task name has none of \ / : * ? " < > |;
#   - at most 32 actions and 48 triggers; registering over an existing task needs -Force
#     ("Cannot create a file when that file already exists.").
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:OutOfRange = 'The task XML contains a value which is incorrectly formatted or out of range.'

function Get-DoubleTaskFile {
    if (-not $env:FTPS_DOUBLE_STATE_DIR) { throw 'ScheduledTasks double: set FTPS_DOUBLE_STATE_DIR.' }
    $null = New-Item -ItemType Directory -Force -Path $env:FTPS_DOUBLE_STATE_DIR
    return (Join-Path $env:FTPS_DOUBLE_STATE_DIR 'scheduled-tasks.json')
}

function Read-DoubleTasks {
    $file = Get-DoubleTaskFile
    if (-not (Test-Path -LiteralPath $file)) { return @() }
    return @(Get-Content -LiteralPath $file -Raw | ConvertFrom-Json)
}

function Write-DoubleTasks($Tasks) {
    Set-Content -LiteralPath (Get-DoubleTaskFile) -Value (ConvertTo-Json -InputObject @($Tasks) -Depth 10) -Encoding utf8
}

function Test-XmlDuration([string]$Text, [string]$What) {
    try { $null = [System.Xml.XmlConvert]::ToTimeSpan($Text) } catch { throw "$($script:OutOfRange) ($What '$Text')" }
}

function ConvertTo-XmlDuration([TimeSpan]$Span) {
    if ($Span -eq [TimeSpan]::MaxValue) { throw "$($script:OutOfRange) (TimeSpan.MaxValue)" }
    return [System.Xml.XmlConvert]::ToString($Span)
}

function New-DoubleCimClass([string]$Name) { return [pscustomobject]@{ CimClassName = $Name } }

function New-ScheduledTaskAction {
    param([Parameter(Mandatory = $true)][string]$Execute, [string]$Argument, [string]$WorkingDirectory, [string]$Id)
    if ($Execute.Trim() -eq '') { throw 'The parameter Execute cannot be empty.' }
    if ($Argument -and $Argument.Length -gt 32767) { throw $script:OutOfRange }
    return [pscustomobject]@{ CimClass = (New-DoubleCimClass 'MSFT_TaskExecAction'); Execute = $Execute; Arguments = $Argument; WorkingDirectory = $WorkingDirectory }
}

function New-ScheduledTaskTrigger {
    [CmdletBinding(DefaultParameterSetName = 'Once')]
    param(
        [Parameter(ParameterSetName = 'AtStartup', Mandatory = $true)][switch]$AtStartup,
        [Parameter(ParameterSetName = 'Once', Mandatory = $true)][switch]$Once,
        [Parameter(ParameterSetName = 'Once', Mandatory = $true)][datetime]$At,
        [Parameter(ParameterSetName = 'Once')][TimeSpan]$RepetitionInterval,
        [Parameter(ParameterSetName = 'Once')][TimeSpan]$RepetitionDuration,
        [TimeSpan]$RandomDelay
    )
    if ($PSCmdlet.ParameterSetName -eq 'AtStartup') {
        $bootRandom = $null
        if ($PSBoundParameters.ContainsKey('RandomDelay')) { $bootRandom = ConvertTo-XmlDuration $RandomDelay }
        return [pscustomobject]@{ CimClass = (New-DoubleCimClass 'MSFT_TaskBootTrigger'); Enabled = $true; Delay = $null; Repetition = $null; RandomDelay = $bootRandom }
    }
    $repetition = $null
    if ($PSBoundParameters.ContainsKey('RepetitionInterval')) {
        if ($RepetitionInterval -lt [TimeSpan]::FromMinutes(1) -or $RepetitionInterval -gt [TimeSpan]::FromDays(31)) { throw "$($script:OutOfRange) (RepetitionInterval $RepetitionInterval)" }
        $duration = ''
        if ($PSBoundParameters.ContainsKey('RepetitionDuration')) {
            $duration = ConvertTo-XmlDuration $RepetitionDuration
            if ($RepetitionDuration -lt $RepetitionInterval) { throw 'The repetition duration must be greater than or equal to the repetition interval.' }
        }
        $repetition = [pscustomobject]@{ Interval = (ConvertTo-XmlDuration $RepetitionInterval); Duration = $duration; StopAtDurationEnd = $false }
    } elseif ($PSBoundParameters.ContainsKey('RepetitionDuration')) {
        throw 'RepetitionDuration needs RepetitionInterval.'
    }
    $random = $null
    if ($PSBoundParameters.ContainsKey('RandomDelay')) {
        if ($RandomDelay -lt [TimeSpan]::Zero) { throw $script:OutOfRange }
        $random = ConvertTo-XmlDuration $RandomDelay
    }
    return [pscustomobject]@{ CimClass = (New-DoubleCimClass 'MSFT_TaskTimeTrigger'); Enabled = $true; StartBoundary = $At.ToString('s'); Repetition = $repetition; RandomDelay = $random }
}

function New-ScheduledTaskPrincipal {
    param(
        [Parameter(Mandatory = $true)][string]$UserId,
        [ValidateSet('None', 'Password', 'S4U', 'Interactive', 'Group', 'ServiceAccount', 'InteractiveOrPassword')][string]$LogonType = 'Interactive',
        [ValidateSet('Limited', 'Highest')][string]$RunLevel = 'Limited'
    )
    $serviceAccounts = @('SYSTEM', 'NT AUTHORITY\SYSTEM', 'LOCAL SERVICE', 'NT AUTHORITY\LOCAL SERVICE', 'NETWORK SERVICE', 'NT AUTHORITY\NETWORK SERVICE', 'S-1-5-18', 'S-1-5-19', 'S-1-5-20')
    if ($LogonType -eq 'ServiceAccount' -and $serviceAccounts -notcontains $UserId) {
        throw "The user name or password is incorrect. (LogonType ServiceAccount is only for SYSTEM, LOCAL SERVICE and NETWORK SERVICE, not '$UserId'.)"
    }
    return [pscustomobject]@{ CimClass = (New-DoubleCimClass 'MSFT_TaskPrincipal2'); UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel }
}

function New-ScheduledTaskSettingsSet {
    param(
        [ValidateSet('Parallel', 'Queue', 'IgnoreNew')][string]$MultipleInstances = 'IgnoreNew',
        [TimeSpan]$ExecutionTimeLimit = [TimeSpan]::FromHours(72),
        [switch]$StartWhenAvailable
    )
    return [pscustomobject]@{ CimClass = (New-DoubleCimClass 'MSFT_TaskSettings3'); MultipleInstances = $MultipleInstances; ExecutionTimeLimit = (ConvertTo-XmlDuration $ExecutionTimeLimit); StartWhenAvailable = [bool]$StartWhenAvailable }
}

function Register-ScheduledTask {
    param(
        [Parameter(Mandatory = $true)][string]$TaskName,
        [string]$TaskPath = '\',
        [Parameter(Mandatory = $true)][object[]]$Action,
        [object[]]$Trigger = @(),
        [object]$Principal,
        [object]$Settings,
        [string]$Description,
        [switch]$Force
    )
    if ($TaskPath -notmatch '^\\([^\\/:*?"<>|]+\\)*$') { throw "The specified path is invalid. (TaskPath '$TaskPath' must start and end with \)" }
    if ($TaskName -match '[\\/:*?"<>|]' -or $TaskName.Trim() -eq '') { throw "The filename, directory name, or volume label syntax is incorrect. (TaskName '$TaskName')" }
    if ($Action.Count -lt 1 -or $Action.Count -gt 32) { throw $script:OutOfRange }
    if ($Trigger.Count -gt 48) { throw $script:OutOfRange }
    foreach ($t in $Trigger) {
        if ($t.CimClass.CimClassName -eq 'MSFT_TaskBootTrigger' -and $t.Delay) { Test-XmlDuration $t.Delay 'Delay' }
        if ($t.PSObject.Properties.Name -contains 'RandomDelay' -and $t.RandomDelay) { Test-XmlDuration $t.RandomDelay 'RandomDelay' }
    }
    if ($null -ne $Settings) { Test-XmlDuration $Settings.ExecutionTimeLimit 'ExecutionTimeLimit' }
    if ($null -eq $Principal) { $Principal = New-ScheduledTaskPrincipal -UserId ([Environment]::UserName) }
    if ($null -eq $Settings) { $Settings = New-ScheduledTaskSettingsSet }
    $tasks = @(Read-DoubleTasks | Where-Object { $null -ne $_ })
    $existing = @($tasks | Where-Object { $_.TaskPath -eq $TaskPath -and $_.TaskName -eq $TaskName })
    if ($existing.Count -gt 0 -and -not $Force) { throw 'Cannot create a file when that file already exists.' }
    $record = [pscustomobject]@{
        TaskPath    = $TaskPath
        TaskName    = $TaskName
        Description = $Description
        State       = 'Ready'
        Actions     = @($Action | ForEach-Object { [pscustomobject]@{ Execute = $_.Execute; Arguments = $_.Arguments; WorkingDirectory = $_.WorkingDirectory } })
        Triggers    = @($Trigger | ForEach-Object { [pscustomobject]@{ Kind = $_.CimClass.CimClassName; Delay = $(if ($_.PSObject.Properties.Name -contains 'Delay') { $_.Delay } else { $null }); StartBoundary = $(if ($_.PSObject.Properties.Name -contains 'StartBoundary') { $_.StartBoundary } else { $null }); Repetition = $_.Repetition; RandomDelay = $(if ($_.PSObject.Properties.Name -contains 'RandomDelay') { $_.RandomDelay } else { $null }) } })
        Principal   = [pscustomobject]@{ UserId = $Principal.UserId; LogonType = $Principal.LogonType; RunLevel = $Principal.RunLevel }
        Settings    = [pscustomobject]@{ MultipleInstances = $Settings.MultipleInstances; ExecutionTimeLimit = $Settings.ExecutionTimeLimit; StartWhenAvailable = $Settings.StartWhenAvailable }
    }
    $tasks = @($tasks | Where-Object { -not ($_.TaskPath -eq $TaskPath -and $_.TaskName -eq $TaskName) }) + $record
    Write-DoubleTasks $tasks
    return (ConvertTo-DoubleTask $record)
}

# Stored records back to CIM-shaped objects (Triggers carry CimClass.CimClassName as the real ones do).
function ConvertTo-DoubleTask($Record) {
    $triggers = @($Record.Triggers | Where-Object { $null -ne $_ } | ForEach-Object {
            [pscustomobject]@{ CimClass = (New-DoubleCimClass $_.Kind); Delay = $_.Delay; StartBoundary = $_.StartBoundary; Repetition = $_.Repetition; RandomDelay = $_.RandomDelay }
        })
    return [pscustomobject]@{
        CimClass = (New-DoubleCimClass 'MSFT_ScheduledTask'); TaskPath = $Record.TaskPath; TaskName = $Record.TaskName; Description = $Record.Description
        State = $Record.State; Actions = @($Record.Actions); Triggers = $triggers; Principal = $Record.Principal; Settings = $Record.Settings
    }
}

function Get-ScheduledTask {
    [CmdletBinding()]
    param([string]$TaskName, [string]$TaskPath)
    $found = @(Read-DoubleTasks | Where-Object { $null -ne $_ -and (-not $TaskName -or $_.TaskName -eq $TaskName) -and (-not $TaskPath -or $_.TaskPath -eq $TaskPath) })
    if ($found.Count -eq 0) {
        $exception = New-Object System.Exception("No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'.")
        $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord($exception, 'CmdletizationQuery_NotFound_TaskName', 'ObjectNotFound', $TaskName)))
        return
    }
    foreach ($r in $found) { ConvertTo-DoubleTask $r }
}

function Get-ScheduledTaskInfo {
    [CmdletBinding()]
    param([string]$TaskName, [string]$TaskPath)
    $task = Get-ScheduledTask -TaskName $TaskName -TaskPath $TaskPath
    if ($null -eq $task) { return }
    # 267011 (0x41303): "The task has not yet run."
    return [pscustomobject]@{ TaskName = $TaskName; TaskPath = $TaskPath; LastRunTime = $null; LastTaskResult = 267011; NextRunTime = (Get-Date).AddMinutes(1) }
}

function Unregister-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true)][string]$TaskName, [string]$TaskPath = '\')
    $tasks = @(Read-DoubleTasks | Where-Object { $null -ne $_ })
    if (-not ($tasks | Where-Object { $_.TaskPath -eq $TaskPath -and $_.TaskName -eq $TaskName })) {
        throw "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'."
    }
    if ($PSCmdlet.ShouldProcess("$TaskPath$TaskName", 'Unregister')) {
        Write-DoubleTasks @($tasks | Where-Object { -not ($_.TaskPath -eq $TaskPath -and $_.TaskName -eq $TaskName) })
    }
}

Export-ModuleMember -Function New-ScheduledTaskAction, New-ScheduledTaskTrigger, New-ScheduledTaskPrincipal, New-ScheduledTaskSettingsSet, Register-ScheduledTask, Get-ScheduledTask, Get-ScheduledTaskInfo, Unregister-ScheduledTask
