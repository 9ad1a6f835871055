function Invoke-FtpsEnforcer {
    <#
    .SYNOPSIS
    Fixes this IIS server's FTP settings to match a desired-state file.

    .DESCRIPTION
    Plans first (`ftps-enforcer apply --dry-run --format json`). When nothing differs it returns at once,
    with no change and no restart. Otherwise it asks ShouldProcess, then runs
    `ftps-enforcer apply --format json`: a named Backup-WebConfiguration, all writes in one commit,
    every value read back, ftpsvc restarted per the restart policy, and on any failure the backup
    restored.

    -WhatIf runs only the dry run and shows the plan: one "What if" line per Set-WebConfigurationProperty
    that apply would run. -Confirm asks before applying. -Verbose shows the agent's debug log.

    Exit codes are mapped: 0 returns the result object, 1 writes a PowerShell error (category
    InvalidResult when the apply failed; the message says whether the rollback restored the previous
    configuration). $LASTEXITCODE keeps the agent's exit code.

    .PARAMETER DesiredPath
    The desired-state JSON file.

    .PARAMETER ConfigPath
    applicationHost.config to change. Default: IIS's own.

    .PARAMETER Restart
    When to restart ftpsvc: on-change (default: the desired state's `restart`), never, always.

    .PARAMETER PowerShellPath
    The PowerShell the agent starts for WebAdministration (default powershell.exe on Windows, pwsh elsewhere).

    .PARAMETER AgentPath
    The ftps-enforcer agent to run. Default: $env:FTPS_ENFORCER_AGENT, else ftps-enforcer on PATH.

    .EXAMPLE
    Invoke-FtpsEnforcer -DesiredPath C:\ProgramData\ftps-enforcer\desired.json -WhatIf

    Shows the Set-WebConfigurationProperty calls apply would make, changes nothing.

    .EXAMPLE
    Invoke-FtpsEnforcer -DesiredPath .\desired.json -Confirm:$false -Restart never

    Applies without asking and leaves the restart of ftpsvc to you.

    .OUTPUTS
    FtpsEnforcer.ApplyResult (Status, Compliant, Changes, BackupName, Restarted, RestartReason, Findings, Report).

    .LINK
    Test-FtpsEnforcer
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('FtpsEnforcer.ApplyResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$DesiredPath,
        [string]$ConfigPath,
        [ValidateSet('on-change', 'never', 'always')][string]$Restart,
        [string]$PowerShellPath,
        [string]$AgentPath
    )
    $common = @('--desired', $DesiredPath, '--format', 'json')
    if ($ConfigPath) { $common += @('--config', $ConfigPath) }
    if ($Restart) { $common += @('--restart', $Restart) }
    $verbose = @()
    if ($VerbosePreference -ne 'SilentlyContinue') { $verbose = @('--verbose') }

    $plan = Invoke-FtpsAgent -Arguments (@('apply', '--dry-run') + $common + $verbose) -AgentPath $AgentPath
    if ($plan.ExitCode -ne 0 -and $plan.ExitCode -ne 2) {
        Write-FtpsAgentError -Cmdlet $PSCmdlet -Result $plan -Activity 'Invoke-FtpsEnforcer'
        return
    }
    $planned = ConvertFrom-Json -InputObject $plan.Stdout
    $changes = @($planned.changes)
    $target = "IIS FTP configuration $($planned.config.configFile)"
    if ($changes.Count -eq 0 -and $Restart -ne 'always') {
        Write-Verbose 'Nothing to change: the server matches the desired state.'
        return (New-FtpsApplyResult -Status 'nothing-to-do' -Report $planned)
    }
    $lines = @($changes | ForEach-Object {
            $value = $_.value
            if ($value -is [string]) { $value = "'" + ($value -replace "'", "''") + "'" }
            $was = $_.current
            if ($null -eq $was -or "$was" -eq '') { $was = '(not set)' }
            "Set-WebConfigurationProperty -PSPath '$($_.pspath)' -Filter '$($_.filter -replace "'", "''")' -Name '$($_.name)' -Value $value   # was $was"
        })
    $action = "Apply $($changes.Count) change(s), restart policy $($planned.restart):`n  " + ($lines -join "`n  ")
    if (-not $PSCmdlet.ShouldProcess($target, $action)) { return }

    $applied = Invoke-FtpsAgent -Arguments (@('apply') + $common + $verbose + @(Get-FtpsPowerShellArgument $PowerShellPath)) -AgentPath $AgentPath
    $report = $null
    if ($applied.Stdout) { try { $report = ConvertFrom-Json -InputObject $applied.Stdout } catch { $report = $null } }
    if ($applied.ExitCode -ne 0) {
        $message = $null
        $applyError = Get-FtpsProperty (Get-FtpsProperty $report 'apply') 'error'
        if ($applyError) { $message = [string]$applyError }
        Write-FtpsAgentError -Cmdlet $PSCmdlet -Result $applied -Activity 'Invoke-FtpsEnforcer' -Message $message
        return
    }
    return (New-FtpsApplyResult -Status ([string](Get-FtpsProperty (Get-FtpsProperty $report 'apply') 'status')) -Report $report)
}

function Get-FtpsPowerShellArgument {
    param([string]$Path)
    if ($Path) { return @('--powershell', $Path) }
    return @()
}

function New-FtpsApplyResult {
    param([string]$Status, $Report)
    $apply = Get-FtpsProperty $Report 'apply'
    $restart = Get-FtpsProperty $apply 'restart'
    $restarted = [bool](Get-FtpsProperty $restart 'performed')
    $reason = [string](Get-FtpsProperty $restart 'reason')
    $backup = Get-FtpsProperty $apply 'backupName'
    $o = [pscustomobject][ordered]@{
        Status        = $Status
        Compliant     = [bool]($Status -eq 'applied' -or $Status -eq 'nothing-to-do')
        Changes       = @(Get-FtpsProperty $Report 'changes' | Where-Object { $null -ne $_ }).Count
        BackupName    = $backup
        Restarted     = $restarted
        RestartReason = $reason
        Findings      = @(@(Get-FtpsProperty $Report 'findings') | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-FtpsFinding -Finding $_ })
        Report        = $Report
    }
    $o.PSObject.TypeNames.Insert(0, 'FtpsEnforcer.ApplyResult')
    return $o
}
