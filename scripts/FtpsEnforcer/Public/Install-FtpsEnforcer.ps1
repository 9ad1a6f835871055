function Install-FtpsEnforcer {
    <#
    .SYNOPSIS
    Installs (or upgrades) ftps-enforcer from an unpacked release into Program Files, for the whole machine.

    .DESCRIPTION
    Copies ftps-enforcer.exe, the PowerShell modules and the schema from the release folder to
    C:\Program Files\ftps-enforcer, allows only Administrators and SYSTEM to read or change that folder (the
    scheduled task runs it as SYSTEM), and adds its scripts folder to the machine's PSModulePath so that
    Test-FtpsEnforcer and Invoke-FtpsEnforcer load in every new PowerShell. With -Every it registers the
    scheduled task through `ftps-enforcer schedule install` (which refuses a desired-state file that
    non-administrators can change).

    Run it again from a newer release to upgrade in place: the program files are replaced, the state
    folder (C:\ProgramData\ftps-enforcer: backups, journal, desired state) is never touched, and an
    existing task keeps running the same path. Uninstall-FtpsEnforcer removes the task and the files.
    Needs an elevated PowerShell (Windows PowerShell 5.1 or PowerShell 7).

    .PARAMETER SourcePath
    The unpacked release (the folder with ftps-enforcer.exe). Default: the release this module came from.

    .PARAMETER InstallPath
    Where to install. Default: $env:ProgramFiles\ftps-enforcer.

    .PARAMETER DesiredPath
    The desired-state file the scheduled task enforces (with -Every). Keep it in the state folder,
    e.g. C:\ProgramData\ftps-enforcer\desired.json.

    .PARAMETER Every
    Register (or re-register) the scheduled task to run this often, e.g. 15m. Without it no task is touched.

    .PARAMETER Mode
    What the task does: apply (default) or audit.

    .PARAMETER ConfigPath
    applicationHost.config for the task, when it is not IIS's own.

    .EXAMPLE
    .\install.ps1 -DesiredPath C:\ProgramData\ftps-enforcer\desired.json -Every 15m

    From the unpacked zip: installs and registers the task that applies the desired state every 15 minutes.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [string]$SourcePath,
        [string]$InstallPath,
        [string]$DesiredPath,
        [string]$Every,
        [ValidateSet('apply', 'audit')][string]$Mode = 'apply',
        [string]$ConfigPath
    )
    if (-not $SourcePath) { $SourcePath = Get-FtpsModuleRoot }
    if (-not $InstallPath) { $InstallPath = Get-FtpsDefaultInstallPath }
    if (-not $InstallPath) { throw 'No -InstallPath and no $env:ProgramFiles: give the folder to install to.' }
    if ($Every -and -not $DesiredPath) { throw '-Every registers the scheduled task, which needs -DesiredPath: the desired-state file it enforces.' }
    $sourceExe = Join-Path $SourcePath $script:FtpsExeName
    if (-not (Test-Path -LiteralPath $sourceExe -PathType Leaf)) {
        throw "$SourcePath is not an unpacked ftps-enforcer release ($script:FtpsExeName is missing): extract ftps-enforcer-<version>-win-x64.zip and run install.ps1 from that folder."
    }
    $source = (Resolve-Path -LiteralPath $SourcePath).ProviderPath.TrimEnd('\', '/')
    $upgrade = Test-Path -LiteralPath (Join-Path $InstallPath $script:FtpsExeName)
    if ((Test-Path -LiteralPath $InstallPath) -and $source -ieq (Resolve-Path -LiteralPath $InstallPath).ProviderPath.TrimEnd('\', '/')) {
        throw "$SourcePath is the installation itself; run the installer from the unpacked release of the version to install."
    }
    if (-not $PSCmdlet.ShouldProcess($InstallPath, $(if ($upgrade) { 'Upgrade ftps-enforcer' } else { 'Install ftps-enforcer' }))) { return }

    # The folder's permissions first, so every file copied in inherits them.
    if (-not (Test-Path -LiteralPath $InstallPath)) { $null = New-Item -ItemType Directory -Path $InstallPath }
    Set-FtpsInstallAcl -Path $InstallPath
    if ($upgrade) {
        # A running ftps-enforcer.exe (the task) cannot be overwritten, but Windows lets it be renamed.
        $exe = Join-Path $InstallPath $script:FtpsExeName
        $old = "$exe.old"
        if (Test-Path -LiteralPath $old) { Remove-Item -LiteralPath $old -Force -ErrorAction SilentlyContinue }
        if (-not (Test-Path -LiteralPath $old)) { Rename-Item -LiteralPath $exe -NewName "$script:FtpsExeName.old" }
        foreach ($item in $script:FtpsInstalledItems) {
            $p = Join-Path $InstallPath $item
            if ($item -ne $script:FtpsExeName -and (Test-Path -LiteralPath $p)) { Remove-Item -LiteralPath $p -Recurse -Force }
        }
    }
    foreach ($item in $script:FtpsInstalledItems) {
        $from = Join-Path $source $item
        if (Test-Path -LiteralPath $from) { Copy-Item -LiteralPath $from -Destination (Join-Path $InstallPath $item) -Recurse -Force }
    }
    if ($upgrade) { Remove-Item -LiteralPath (Join-Path $InstallPath "$script:FtpsExeName.old") -Force -ErrorAction SilentlyContinue }

    $modules = Join-Path $InstallPath 'scripts'
    $entries = @((Get-FtpsMachineModulePath) -split ';' | Where-Object { $_ })
    if (-not @($entries | Where-Object { Test-FtpsPathEntry $_ $modules })) {
        Set-FtpsMachineModulePath -Value (@($entries + $modules) -join ';')
    }

    $task = $null
    if ($Every) {
        $installedExe = Join-Path $InstallPath $script:FtpsExeName
        $arguments = @('schedule', 'install', '--every', $Every, '--mode', $Mode, '--desired', $DesiredPath)
        if ($ConfigPath) { $arguments += @('--config', $ConfigPath) }
        $r = Invoke-FtpsAgentProcess -AgentPath $installedExe -Arguments $arguments
        if ($r.ExitCode -ne 0) {
            $why = @($r.Stderr | Where-Object { $_ -match '^error: ' } | ForEach-Object { $_ -replace '^error: ', '' }) -join ' '
            if (-not $why) { $why = (@($r.Stderr) -join ' ').Trim() }
            throw "Installed to $InstallPath, but the scheduled task was not registered: $why"
        }
        $task = ($r.Stdout -split "`n")[0]
    }
    return [pscustomobject]@{
        InstallPath = $InstallPath
        Upgraded    = $upgrade
        ModulePath  = $modules
        Task        = $task
    }
}

function Uninstall-FtpsEnforcer {
    <#
    .SYNOPSIS
    Removes ftps-enforcer: the scheduled task, the PSModulePath entry and the program folder.

    .DESCRIPTION
    Runs `ftps-enforcer schedule remove` (the default task), takes the installation's scripts folder off the
    machine's PSModulePath and deletes the installation folder. The state folder
    (C:\ProgramData\ftps-enforcer: desired state, backups, journal) stays: delete it yourself if you want.

    .PARAMETER InstallPath
    The installation to remove. Default: $env:ProgramFiles\ftps-enforcer.
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([string]$InstallPath)
    if (-not $InstallPath) { $InstallPath = Get-FtpsDefaultInstallPath }
    $exe = Join-Path $InstallPath $script:FtpsExeName
    if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) { throw "No ftps-enforcer installation in $InstallPath ($script:FtpsExeName is missing)." }
    if (-not $PSCmdlet.ShouldProcess($InstallPath, 'Uninstall ftps-enforcer')) { return }
    $r = Invoke-FtpsAgentProcess -AgentPath $exe -Arguments @('schedule', 'remove')
    if ($r.ExitCode -ne 0) {
        throw "The scheduled task could not be removed, so nothing was uninstalled: $((@($r.Stderr) -join ' ').Trim())"
    }
    $modules = Join-Path $InstallPath 'scripts'
    $entries = @((Get-FtpsMachineModulePath) -split ';' | Where-Object { $_ })
    $kept = @($entries | Where-Object { -not (Test-FtpsPathEntry $_ $modules) })
    if ($kept.Count -ne $entries.Count) { Set-FtpsMachineModulePath -Value ($kept -join ';') }
    Remove-Item -LiteralPath $InstallPath -Recurse -Force
    return [pscustomobject]@{ InstallPath = $InstallPath; Removed = $true; TaskRemoved = (($r.Stdout -split "`n")[0]) }
}
