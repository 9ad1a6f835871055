# The scheduled task that runs ftps-enforcer as SYSTEM (ftps-enforcer schedule install|status|remove), and the
# ACL read that lets Node refuse a desired-state file non-administrators could change. Every entry point takes
# -PayloadBase64 (base64 of UTF-8 JSON) and writes one line of JSON; the decisions are made in Node
# (src/schedule/acl-decision.ts, task-spec.ts), this side only talks to Windows.

function Import-AgentScheduledTasks {
    Import-Module -Name ScheduledTasks -ErrorAction Stop -Verbose:$false | Out-Null
}

# Payload: { taskPath, taskName, description, action { execute, arguments, workingDirectory },
#            principal { userId, logonType, runLevel }, triggers { boot { delay }, repeat { startAt, interval, randomDelay } },
#            settings { multipleInstances, executionTimeLimit, startWhenAvailable } }
function Register-FtpsEnforcerTask {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $p = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    try {
        Import-AgentScheduledTasks
        $action = New-ScheduledTaskAction -Execute $p.action.execute -Argument $p.action.arguments -WorkingDirectory $p.action.workingDirectory
        $boot = New-ScheduledTaskTrigger -AtStartup
        # A boot trigger has a Delay (task XML bootTriggerType <Delay>) and no random delay in the schema: set Delay on the object.
        $boot.Delay = [string]$p.triggers.boot.delay
        $start = [datetime]::Parse([string]$p.triggers.repeat.startAt, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind)
        # No -RepetitionDuration: indefinitely (a [TimeSpan]::MaxValue duration is refused by Task Scheduler).
        $repeat = New-ScheduledTaskTrigger -Once -At $start `
            -RepetitionInterval ([System.Xml.XmlConvert]::ToTimeSpan([string]$p.triggers.repeat.interval)) `
            -RandomDelay ([System.Xml.XmlConvert]::ToTimeSpan([string]$p.triggers.repeat.randomDelay))
        $principal = New-ScheduledTaskPrincipal -UserId $p.principal.userId -LogonType $p.principal.logonType -RunLevel $p.principal.runLevel
        $settings = New-ScheduledTaskSettingsSet -MultipleInstances $p.settings.multipleInstances `
            -ExecutionTimeLimit ([System.Xml.XmlConvert]::ToTimeSpan([string]$p.settings.executionTimeLimit)) `
            -StartWhenAvailable:([bool]$p.settings.startWhenAvailable)
        $task = Register-ScheduledTask -TaskPath $p.taskPath -TaskName $p.taskName -Description $p.description `
            -Action $action -Trigger @($boot, $repeat) -Principal $principal -Settings $settings -Force
        Write-AgentResult ([ordered]@{ ok = $true; task = (ConvertTo-AgentTaskInfo $task) })
    } catch {
        Write-AgentResult ([ordered]@{ ok = $false; error = "Register-ScheduledTask failed: $($_.Exception.Message)" })
    }
}

# Payload: { taskPath, taskName }
function Get-FtpsEnforcerTask {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $p = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    try {
        Import-AgentScheduledTasks
        $task = Get-ScheduledTask -TaskPath $p.taskPath -TaskName $p.taskName -ErrorAction SilentlyContinue
        if ($null -eq $task) {
            Write-AgentResult ([ordered]@{ ok = $true; exists = $false })
            return
        }
        $info = Get-ScheduledTaskInfo -TaskPath $p.taskPath -TaskName $p.taskName -ErrorAction SilentlyContinue
        $result = ConvertTo-AgentTaskInfo $task
        if ($null -ne $info) {
            $result.lastRunTime = Format-AgentTime $info.LastRunTime
            $result.lastTaskResult = $info.LastTaskResult
            $result.nextRunTime = Format-AgentTime $info.NextRunTime
        }
        Write-AgentResult ([ordered]@{ ok = $true; exists = $true; task = $result })
    } catch {
        Write-AgentResult ([ordered]@{ ok = $false; error = "Get-ScheduledTask failed: $($_.Exception.Message)" })
    }
}

# Payload: { taskPath, taskName }
function Unregister-FtpsEnforcerTask {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $p = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    try {
        Import-AgentScheduledTasks
        $task = Get-ScheduledTask -TaskPath $p.taskPath -TaskName $p.taskName -ErrorAction SilentlyContinue
        if ($null -eq $task) {
            Write-AgentResult ([ordered]@{ ok = $true; removed = $false })
            return
        }
        Unregister-ScheduledTask -TaskPath $p.taskPath -TaskName $p.taskName -Confirm:$false
        Write-AgentResult ([ordered]@{ ok = $true; removed = $true })
    } catch {
        Write-AgentResult ([ordered]@{ ok = $false; error = "Unregister-ScheduledTask failed: $($_.Exception.Message)" })
    }
}

# Payload: { paths: [ ... ] }. Returns, per path, the owner and every access rule with its SID (account names are
# localised, SIDs are not), the FileSystemRights as a number, Allow/Deny, inherited and inherit-only.
function Get-FtpsFileAcl {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $p = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $objects = @()
    # PowerShell on Linux/macOS has no Get-Acl (no Windows ACLs to read): say so, and Node decides what that means.
    if ($null -eq (Get-Command -Name Get-Acl -ErrorAction SilentlyContinue)) {
        Write-AgentResult ([ordered]@{ ok = $true; unsupported = $true; objects = @() })
        return
    }
    try {
        foreach ($path in @($p.paths)) {
            $acl = Get-Acl -LiteralPath $path
            $sidType = [System.Security.Principal.SecurityIdentifier]
            $entries = @()
            foreach ($rule in @($acl.GetAccessRules($true, $true, $sidType))) {
                $sid = [string]$rule.IdentityReference.Value
                $name = $sid
                try { $name = [string]$rule.IdentityReference.Translate([System.Security.Principal.NTAccount]).Value } catch { $name = $sid }
                $inheritOnly = (([int]$rule.PropagationFlags) -band 2) -ne 0
                $entries += [ordered]@{
                    identity    = $name
                    sid         = $sid
                    rights      = [int64]([int]$rule.FileSystemRights)
                    type        = [string]$rule.AccessControlType
                    inherited   = [bool]$rule.IsInherited
                    inheritOnly = $inheritOnly
                }
            }
            $objects += [ordered]@{
                path     = [string]$path
                owner    = [string]$acl.Owner
                ownerSid = [string]$acl.GetOwner($sidType).Value
                entries  = @($entries)
            }
        }
        Write-AgentResult ([ordered]@{ ok = $true; objects = @($objects) })
    } catch {
        Write-AgentResult ([ordered]@{ ok = $false; error = "Get-Acl failed: $($_.Exception.Message)" })
    }
}

function Format-AgentTime {
    param($Value)
    if ($null -eq $Value) { return $null }
    try { return ([datetime]$Value).ToUniversalTime().ToString('o') } catch { return [string]$Value }
}

function ConvertTo-AgentTaskInfo {
    param($Task)
    $triggers = @()
    foreach ($t in @($Task.Triggers)) {
        $repetition = $null
        if ($t.PSObject.Properties.Name -contains 'Repetition' -and $null -ne $t.Repetition) { $repetition = [string]$t.Repetition.Interval }
        $delay = $null
        if ($t.PSObject.Properties.Name -contains 'Delay') { $delay = [string]$t.Delay }
        $random = $null
        if ($t.PSObject.Properties.Name -contains 'RandomDelay') { $random = [string]$t.RandomDelay }
        $kind = [string]$t.CimClass.CimClassName
        $triggers += [ordered]@{ kind = $kind; interval = $repetition; delay = $delay; randomDelay = $random }
    }
    $actions = @()
    foreach ($a in @($Task.Actions)) { $actions += [ordered]@{ execute = [string]$a.Execute; arguments = [string]$a.Arguments } }
    return [ordered]@{
        taskPath           = [string]$Task.TaskPath
        taskName           = [string]$Task.TaskName
        state              = [string]$Task.State
        userId             = [string]$Task.Principal.UserId
        runLevel           = [string]$Task.Principal.RunLevel
        multipleInstances  = [string]$Task.Settings.MultipleInstances
        executionTimeLimit = [string]$Task.Settings.ExecutionTimeLimit
        actions            = @($actions)
        triggers           = @($triggers)
        lastRunTime        = $null
        lastTaskResult     = $null
        nextRunTime        = $null
    }
}
