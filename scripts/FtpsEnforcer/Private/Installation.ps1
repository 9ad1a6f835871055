# Where an installation is and how it is laid out: one place for the names the installer, the uninstaller
# and the agent lookup (Invoke-AgentProcess.ps1) share. A release (the zip) and an installation have the
# same layout: ftps-enforcer.exe at the root, this module in scripts\FtpsEnforcer, the schema in schema\.

$script:FtpsExeName = 'ftps-enforcer.exe'
# What an installation consists of (relative to its root); an upgrade replaces exactly these.
$script:FtpsInstalledItems = @('ftps-enforcer.exe', 'scripts', 'schema', 'README.txt', 'LICENSE.txt', 'install.ps1')
# Administrators and SYSTEM, by SID: the names are translated on non-English Windows.
$script:FtpsInstallAclSids = @('S-1-5-32-544', 'S-1-5-18')
$script:FtpsEnvironmentKey = 'HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment'

# The root of the installation (or unpacked release, or clone) this module was loaded from.
function Get-FtpsModuleRoot {
    # <root>\scripts\FtpsEnforcer\Private\Installation.ps1
    return (Split-Path -Parent (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)))
}

function Get-FtpsDefaultInstallPath {
    if (-not $env:ProgramFiles) { return $null }
    return (Join-Path $env:ProgramFiles 'ftps-enforcer')
}

# Runs an external Windows tool (icacls, reg); its output lines and exit code. A tool that is missing or
# fails stops the installation with its own words.
function Invoke-FtpsTool {
    param([Parameter(Mandatory = $true)][string]$Name, [string[]]$Arguments)
    $previous = $ErrorActionPreference
    try {
        $ErrorActionPreference = 'Continue'
        $out = @(& $Name @Arguments 2>&1 | ForEach-Object { [string]$_ })
        $code = $LASTEXITCODE
    } finally {
        $ErrorActionPreference = $previous
    }
    return [pscustomobject]@{ ExitCode = $code; Output = $out }
}

# Administrators and SYSTEM full control, inherited by everything below; nothing inherited from Program Files
# (which grants Users read and TrustedInstaller), so only administrators can read or replace what the SYSTEM
# task runs. icacls, with SIDs (*S-1-...), as documented for any Windows language.
function Set-FtpsInstallAcl {
    param([Parameter(Mandatory = $true)][string]$Path)
    $grants = @($script:FtpsInstallAclSids | ForEach-Object { "*${_}:(OI)(CI)F" })
    $r = Invoke-FtpsTool -Name 'icacls' -Arguments (@($Path, '/inheritance:r', '/grant:r') + $grants + @('/T', '/C', '/Q'))
    if ($r.ExitCode -ne 0) {
        throw "Could not set the permissions of $Path (icacls exit code $($r.ExitCode): $(($r.Output -join ' ').Trim())); run the installer from an elevated PowerShell."
    }
    # Read back: a folder anyone else can write would let them replace what runs as SYSTEM.
    $acl = Get-Acl -LiteralPath $Path
    $others = @($acl.Access | Where-Object { $_.AccessControlType -eq 'Allow' -and $script:FtpsInstallAclSids -notcontains (Get-FtpsSid $_.IdentityReference.Value) })
    if ($others.Count -gt 0) {
        throw "After icacls, $Path still grants $(@($others | ForEach-Object { $_.IdentityReference.Value }) -join ', '); remove those entries and install again."
    }
}

# The SID of an account name as Get-Acl reports it (Administrators and SYSTEM are the ones that matter here).
function Get-FtpsSid {
    param([string]$Identity)
    switch -Regex ($Identity) {
        '^S-1-' { return $Identity }
        '^(BUILTIN\\)?Administrators$' { return 'S-1-5-32-544' }
        '^(NT AUTHORITY\\)?SYSTEM$' { return 'S-1-5-18' }
        default {
            try { return ([System.Security.Principal.NTAccount]$Identity).Translate([System.Security.Principal.SecurityIdentifier]).Value } catch { return $Identity }
        }
    }
}

# The machine's PSModulePath as stored (REG_EXPAND_SZ, %variables% unexpanded), read and written with reg.exe
# so its type and variables survive; [Environment]::SetEnvironmentVariable would store it expanded as REG_SZ.
function Get-FtpsMachineModulePath {
    $r = Invoke-FtpsTool -Name 'reg' -Arguments @('query', $script:FtpsEnvironmentKey, '/v', 'PSModulePath')
    if ($r.ExitCode -ne 0) { return '' }
    foreach ($line in $r.Output) {
        if ($line -match '^\s+PSModulePath\s+REG_(EXPAND_)?SZ\s+(.*)$') { return $Matches[2].TrimEnd() }
    }
    return ''
}

function Set-FtpsMachineModulePath {
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string]$Value)
    $r = Invoke-FtpsTool -Name 'reg' -Arguments @('add', $script:FtpsEnvironmentKey, '/v', 'PSModulePath', '/t', 'REG_EXPAND_SZ', '/d', $Value, '/f')
    if ($r.ExitCode -ne 0) {
        throw "Could not update the machine's PSModulePath (reg exit code $($r.ExitCode): $(($r.Output -join ' ').Trim())); run the installer from an elevated PowerShell."
    }
}

# PSModulePath entries, compared as Windows does: case-insensitive, without a trailing backslash.
function Test-FtpsPathEntry {
    param([string]$Entry, [string]$Path)
    return ($Entry.TrimEnd('\', '/') -ieq $Path.TrimEnd('\', '/'))
}
