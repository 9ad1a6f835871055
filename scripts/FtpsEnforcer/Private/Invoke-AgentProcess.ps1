# Running the Node agent and reading its answer: stdout (the JSON report), stderr (log lines and the one-line
# error), and the exit code (0 compliant/applied, 2 drift, 1 error).

# Which agent to run, first found:
#   -AgentPath, then $env:FTPS_ENFORCER_AGENT (a .js path is run with node: a clone or the npm package);
#   the executable of the installation (or unpacked release) this module belongs to, ftps-enforcer.exe
#   (ftps-enforcer in the Linux release);
#   ftps-enforcer on PATH;
#   in a clone, node with dist\src\cli\main.js (after npm run build).
function Resolve-FtpsAgentCommand {
    param([string]$AgentPath)
    $path = $AgentPath
    if (-not $path) { $path = $env:FTPS_ENFORCER_AGENT }
    if ($path) { return @(Resolve-FtpsAgentPath -Path $path) }
    $root = Get-FtpsModuleRoot
    foreach ($name in @($script:FtpsExeName, 'ftps-enforcer')) {
        $beside = Join-Path $root $name
        if (Test-Path -LiteralPath $beside -PathType Leaf) { return @((Resolve-Path -LiteralPath $beside).ProviderPath) }
    }
    $cmd = Get-Command -Name 'ftps-enforcer' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -ne $cmd) { return @($cmd.Source) }
    $clone = Join-Path $root 'dist/src/cli/main.js'
    if (Test-Path -LiteralPath $clone -PathType Leaf) { return @(Resolve-FtpsAgentPath -Path $clone) }
    return @()
}

function Resolve-FtpsAgentPath {
    param([Parameter(Mandatory = $true)][string]$Path)
    if ($Path -match '\.m?js$') {
        $node = Get-Command -Name 'node' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($null -eq $node) { return @() }
        return @($node.Source, $Path)
    }
    $cmd = Get-Command -Name $Path -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $cmd) { return @() }
    return @($cmd.Source)
}

# Runs the agent as the calling cmdlet's own command: its exit code becomes $LASTEXITCODE and its log lines
# go to the cmdlet's Warning and Verbose streams.
function Invoke-FtpsAgent {
    param(
        [Parameter(Mandatory = $true)][string[]]$Arguments,
        [string]$AgentPath
    )
    $result = Invoke-FtpsAgentProcess -Arguments $Arguments -AgentPath $AgentPath
    $global:LASTEXITCODE = $result.ExitCode
    Write-FtpsAgentLog -Lines $result.Stderr
    return $result
}

function Invoke-FtpsAgentProcess {
    param(
        [Parameter(Mandatory = $true)][string[]]$Arguments,
        [string]$AgentPath
    )
    $command = @(Resolve-FtpsAgentCommand -AgentPath $AgentPath)
    if ($command.Count -eq 0 -or $null -eq $command[0]) {
        $name = $AgentPath
        if (-not $name) { $name = $env:FTPS_ENFORCER_AGENT }
        if (-not $name) { $name = 'ftps-enforcer' }
        $hint = "install it: extract ftps-enforcer-<version>-win-x64.zip and run .\install.ps1 from an elevated PowerShell (docs/install-windows.md), or give its path with -AgentPath or `$env:FTPS_ENFORCER_AGENT"
        if ($name -match '\.m?js$') { $hint = "$name is run with node, which is not on PATH: install the Windows release (ftps-enforcer.exe needs no Node), or install Node.js" }
        return [pscustomobject]@{ ExitCode = -1; Stdout = ''; Stderr = @("The ftps-enforcer agent '$name' was not found: $hint.") ; NotFound = $true }
    }
    $exe = $command[0]
    $lead = @()
    if ($command.Count -gt 1) { $lead = $command[1..($command.Count - 1)] }
    # The agent writes UTF-8; Windows PowerShell would decode with the OEM code page and garble site names.
    $previousEncoding = [Console]::OutputEncoding
    # stderr lines arrive as ErrorRecords: with 'Stop' Windows PowerShell 5.1 would throw on the first one.
    $previousPreference = $ErrorActionPreference
    try {
        # Hosts without a console (the ISE) refuse this; they decode with their own default then.
        try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false) } catch { $null = $_ }
        $ErrorActionPreference = 'Continue'
        $all = & $exe @lead @Arguments 2>&1
        $code = $LASTEXITCODE
    } finally {
        $ErrorActionPreference = $previousPreference
        try { [Console]::OutputEncoding = $previousEncoding } catch { $null = $_ }
    }
    $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { [string]$_ })
    $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.ToString() })
    return [pscustomobject]@{ ExitCode = $code; Stdout = ($out -join "`n"); Stderr = $err; NotFound = $false }
}

# The agent's log lines go to the matching PowerShell streams: "warn: ..." (src/log/logger.ts's prefix) to
# Warning, the rest to Verbose. The error line and its indented detail lines become the error record instead.
function Write-FtpsAgentLog {
    param([string[]]$Lines)
    $inError = $false
    foreach ($line in $Lines) {
        if ($line -match '^(error: |internal error)') { $inError = $true }
        elseif ($inError -and $line -match '^  ') { continue }
        else {
            $inError = $false
            if ($line -match '^warn: (.*)$') { Write-Warning $Matches[1] }
            else { Write-Verbose $line }
        }
    }
}

# Exit code 1 (or an agent that could not start) becomes one PowerShell error with a category that says what kind.
# The kind comes from data, never from the sentence: the agent's --format json answer is either its report
# (a failed apply: `apply.status`) or an error document whose `error.category` the CLI takes from the error's type.
function Write-FtpsAgentError {
    param([Parameter(Mandatory = $true)]$Cmdlet, [Parameter(Mandatory = $true)]$Result, [Parameter(Mandatory = $true)][string]$Activity, [string]$Message)
    $answer = $null
    if ($Result.Stdout) { try { $answer = ConvertFrom-Json -InputObject $Result.Stdout } catch { $answer = $null } }
    $agentError = Get-FtpsProperty $answer 'error'
    $text = $Message
    if (-not $text -and $agentError) {
        # The sentence and its detail lines (each problem of a bad desired-state file): "has 4 problems"
        # alone would hide what to fix behind -Verbose.
        $text = (@([string](Get-FtpsProperty $agentError 'message')) + @(Get-FtpsProperty $agentError 'details' | Where-Object { $null -ne $_ })) -join [Environment]::NewLine
    }
    if (-not $text) {
        $lines = @($Result.Stderr)
        $start = -1
        for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -match '^(error: |internal error)') { $start = $i; break } }
        if ($start -ge 0) {
            $parts = @($lines[$start] -replace '^error: ', '')
            for ($j = $start + 1; $j -lt $lines.Count -and $lines[$j] -match '^  '; $j++) { $parts += $lines[$j].Trim() }
            $text = $parts -join [Environment]::NewLine
        } else { $text = ($lines -join ' ').Trim() }
        if (-not $text) { $text = "ftps-enforcer exited with code $($Result.ExitCode)." }
    }
    $kind = [string](Get-FtpsProperty $agentError 'category')
    if ($null -ne (Get-FtpsProperty $answer 'apply')) { $kind = 'apply' }
    if ($Result.NotFound) { $kind = 'agent-not-found' }
    $category, $id = switch ($kind) {
        'agent-not-found' { 'ObjectNotFound', 'AgentNotFound' }
        'internal' { 'NotSpecified', 'AgentInternalError' }
        'apply' { 'InvalidResult', 'ApplyFailed' }
        'prerequisite' { 'NotInstalled', 'PrerequisiteMissing' }
        'file-not-found' { 'ObjectNotFound', 'FileNotFound' }
        'desired-state' { 'InvalidData', 'InvalidDesiredState' }
        'configuration' { 'ReadError', 'InvalidConfiguration' }
        default { 'NotSpecified', 'FtpsEnforcerError' }
    }
    $exception = New-Object System.InvalidOperationException($text)
    $record = New-Object System.Management.Automation.ErrorRecord($exception, $id, [System.Management.Automation.ErrorCategory]$category, $null)
    $Cmdlet.WriteError($record)
}

function ConvertTo-FtpsFinding {
    param([Parameter(Mandatory = $true)]$Finding)
    $o = [pscustomobject][ordered]@{
        Code    = [string]$Finding.code
        Status  = [string]$Finding.status
        Site    = $Finding.site
        Setting = [string]$Finding.setting
        Scope   = [string]$Finding.scope
        Current = $Finding.current
        Desired = $Finding.desired
        Fixable = [bool]$Finding.fixable
        Message = [string]$Finding.message
        # "file:line" of the setting (the JSON report's location), when the agent gives one.
        Location = Format-FtpsLocation (Get-FtpsProperty $Finding 'location')
    }
    $o.PSObject.TypeNames.Insert(0, 'FtpsEnforcer.Finding')
    return $o
}

function Format-FtpsLocation {
    param($Location)
    $file = Get-FtpsProperty $Location 'file'
    if (-not $file) { return $null }
    return "${file}:$(Get-FtpsProperty $Location 'line')"
}

# A property of a JSON object, or $null when the agent left it out (StrictMode would throw on a missing one).
function Get-FtpsProperty {
    param($Object, [Parameter(Mandatory = $true)][string]$Name)
    if ($null -eq $Object) { return $null }
    $p = $Object.PSObject.Properties[$Name]
    if ($null -eq $p) { return $null }
    return $p.Value
}
