<#
.SYNOPSIS
Runs ftps-enforcer audit or apply on every IIS backend behind one VIP and checks that they agree.

.DESCRIPTION
Runs, through PowerShell remoting (Invoke-Command -ThrottleLimit), on each backend:
  apply mode only: ftps-enforcer apply --desired <DesiredPath> --format json
  then:            ftps-enforcer fleet --collect --desired <DesiredPath>   (read-only, like audit)
collects the backends' fleet reports into -OutputDirectory (one <backend>.json each, labelled with the
name you gave in -ComputerName), and hands them to `ftps-enforcer fleet` here, which compares what
must be the same behind one VIP (effective external address, passive port range, certificate
thumbprint and store, SSL policies, the 990 binding, the desired-state file) and names the odd one out.

ftps-enforcer must be installed on every backend and here (or give -AgentCommand / -LocalAgentCommand).
Windows PowerShell 5.1 and PowerShell 7.

Exit code (as `ftps-enforcer fleet`): 0 every backend compliant and consistent; 2 drift or
differences; 1 error (a backend unreachable, an apply that failed, a bad report). A backend that
could not be reached is named on stderr and the rest are still compared.

.PARAMETER ComputerName
The backends, as Invoke-Command should reach them. The report of each is labelled with this name.

.PARAMETER DesiredPath
The desired-state file, as a path ON THE BACKENDS (the file the scheduled task enforces).

.PARAMETER Mode
audit (default; read-only) or apply.

.PARAMETER ThrottleLimit
How many backends run at once (Invoke-Command -ThrottleLimit). Default 16.

.PARAMETER Credential
Credential for the remote sessions; default: the current user.

.PARAMETER UseSSL
Connect over WinRM HTTPS (Invoke-Command -UseSSL).

.PARAMETER ConfigPath
applicationHost.config path on the backends; default: IIS's own location.

.PARAMETER AgentCommand
How to run ftps-enforcer on the backends: the command and any leading arguments. Default 'ftps-enforcer'.

.PARAMETER LocalAgentCommand
How to run ftps-enforcer here for the comparison. Default 'ftps-enforcer'.

.PARAMETER Format
Format of the comparison: text (default), json or markdown (for a pull request comment or job summary).

.PARAMETER OutputDirectory
Where the backends' reports are kept; default: a new folder under the temp directory.

.PARAMETER Invoker
Replaces Invoke-Command (tests and custom transports). Called with -ComputerName -ScriptBlock
-ArgumentList -ThrottleLimit -Credential -UseSSL; must return the script block's output objects, each
with a PSComputerName property naming the backend, as Invoke-Command does.

.EXAMPLE
.\Invoke-FtpsEnforcerFleet.ps1 -ComputerName web1,web2,web3 -DesiredPath 'C:\ProgramData\ftps-enforcer\desired.json'

.EXAMPLE
.\Invoke-FtpsEnforcerFleet.ps1 -ComputerName (Get-Content backends.txt) -DesiredPath D:\ftps\desired.json -Mode apply -ThrottleLimit 4 -Format markdown
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string[]]$ComputerName,
    [Parameter(Mandatory = $true)][string]$DesiredPath,
    [ValidateSet('audit', 'apply')][string]$Mode = 'audit',
    [ValidateRange(1, 1024)][int]$ThrottleLimit = 16,
    [System.Management.Automation.PSCredential]$Credential,
    [switch]$UseSSL,
    [string]$ConfigPath,
    [string[]]$AgentCommand = @('ftps-enforcer'),
    [string[]]$LocalAgentCommand = @('ftps-enforcer'),
    [ValidateSet('text', 'json', 'markdown')][string]$Format = 'text',
    [string]$OutputDirectory,
    [scriptblock]$Invoker
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Runs ON each backend. Self-contained (remoting ships only this block); returns one object.
$remote = {
    param($Mode, $DesiredPath, $AgentCommand, $ConfigPath)
    $ErrorActionPreference = 'Continue'
    function Invoke-Agent([string[]]$Arguments) {
        $exe = $AgentCommand[0]
        $lead = @()
        if ($AgentCommand.Count -gt 1) { $lead = $AgentCommand[1..($AgentCommand.Count - 1)] }
        $all = & $exe @lead @Arguments 2>&1
        $code = $LASTEXITCODE
        $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { [string]$_ })
        $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.ToString() })
        return [pscustomobject]@{ exitCode = $code; stdout = ($out -join "`n"); stderr = ($err -join "`n") }
    }
    $configArgs = @()
    if ($ConfigPath) { $configArgs = @('--config', $ConfigPath) }
    $result = [ordered]@{ apply = $null; collect = $null; error = $null }
    try {
        if ($Mode -eq 'apply') {
            $result.apply = Invoke-Agent (@('apply', '--desired', $DesiredPath, '--format', 'json') + $configArgs)
        }
        $result.collect = Invoke-Agent (@('fleet', '--collect', '--desired', $DesiredPath, '--quiet') + $configArgs)
    } catch {
        $result.error = "ftps-enforcer could not be run: $($_.Exception.Message)"
    }
    [pscustomobject]$result
}

if (-not $OutputDirectory) {
    $OutputDirectory = Join-Path ([System.IO.Path]::GetTempPath()) ("ftps-enforcer-fleet-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
}
$null = New-Item -ItemType Directory -Force -Path $OutputDirectory

$argumentList = @($Mode, $DesiredPath, $AgentCommand, $ConfigPath)
if ($Invoker) {
    $results = @(& $Invoker -ComputerName $ComputerName -ScriptBlock $remote -ArgumentList $argumentList -ThrottleLimit $ThrottleLimit -Credential $Credential -UseSSL:$UseSSL)
} else {
    $invokeParams = @{
        ComputerName  = $ComputerName
        ScriptBlock   = $remote
        ArgumentList  = $argumentList
        ThrottleLimit = $ThrottleLimit
        ErrorAction   = 'SilentlyContinue'
        ErrorVariable = 'remoteErrors'
    }
    if ($Credential) { $invokeParams.Credential = $Credential }
    if ($UseSSL) { $invokeParams.UseSSL = $true }
    $results = @(Invoke-Command @invokeParams)
    foreach ($e in @($remoteErrors)) { Write-Warning "remoting: $e" }
}

$failed = @()
$reportFiles = @()
foreach ($name in $ComputerName) {
    $r = @($results | Where-Object { $_.PSComputerName -eq $name }) | Select-Object -First 1
    if ($null -eq $r) { $failed += "${name}: not reached (see the remoting warning above)"; continue }
    if ($r.error) { $failed += "${name}: $($r.error)"; continue }
    if ($null -ne $r.apply -and $r.apply.exitCode -ne 0) {
        $failed += "${name}: apply failed (exit $($r.apply.exitCode)): $($r.apply.stderr)"
    }
    if ($null -eq $r.collect -or ($r.collect.exitCode -ne 0 -and $r.collect.exitCode -ne 2)) {
        $why = ''
        if ($null -ne $r.collect) { $why = $r.collect.stderr }
        $failed += "${name}: fleet --collect failed: $why"
        continue
    }
    try {
        $doc = ConvertFrom-Json -InputObject $r.collect.stdout
    } catch {
        $failed += "${name}: its fleet report is not JSON: $($_.Exception.Message)"
        continue
    }
    # Label the report with the name the operator used, whatever the machine calls itself.
    $doc.host = $name
    $safe = ($name -replace '[^A-Za-z0-9._-]', '_')
    $file = Join-Path $OutputDirectory "$safe.json"
    [System.IO.File]::WriteAllText($file, (ConvertTo-Json -InputObject $doc -Depth 20), (New-Object System.Text.UTF8Encoding($false)))
    if ($null -ne $r.apply) {
        [System.IO.File]::WriteAllText((Join-Path $OutputDirectory "$safe.apply.json"), [string]$r.apply.stdout, (New-Object System.Text.UTF8Encoding($false)))
    }
    $reportFiles += $file
}

foreach ($f in $failed) { [Console]::Error.WriteLine("error: $f") }

$code = 1
if ($reportFiles.Count -gt 0) {
    $exe = $LocalAgentCommand[0]
    $lead = @()
    if ($LocalAgentCommand.Count -gt 1) { $lead = $LocalAgentCommand[1..($LocalAgentCommand.Count - 1)] }
    & $exe @lead fleet @reportFiles --format $Format | ForEach-Object { Write-Output $_ }
    $code = $LASTEXITCODE
}
if ($failed.Count -gt 0) { $code = 1 }
[Console]::Error.WriteLine("Reports kept in $OutputDirectory")
exit $code
