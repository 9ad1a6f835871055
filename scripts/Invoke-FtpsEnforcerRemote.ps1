<#
.SYNOPSIS
Runs ftps-enforcer on one backend through PowerShell remoting, for `ftps-enforcer rollout`.

.DESCRIPTION
Called by `ftps-enforcer rollout` (not meant to be run by hand). -RequestJson is data, never code:
  { "transport": "ssh"|"winrm", "host": "...", "agentCommand": ["ftps-enforcer"], "arguments": ["apply", ...],
    "userName": "...", "keyFilePath": "...", "port": 22, "sshOptions": { "Name": "Value" }, "useSsl": false }
ssh: Invoke-Command -HostName (PowerShell 7; the backend runs sshd with `Subsystem powershell ... -sshs`).
winrm: Invoke-Command -ComputerName (WinRM; -UseSSL for HTTPS).
Prints one JSON line: { "reached": true, "exitCode": N, "stdout": "...", "stderr": "..." }, or
{ "reached": false, "error": "..." } when the backend could not be reached or the agent could not be started.
"action": "ftp-sessions" (instead of the agent) runs Get-FtpServiceSessions.ps1 on the backend and prints
{ "reached": true, "sessions": { "readable": true, "total": N, "sites": [...] } | { "readable": false, "why": "..." } }.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$RequestJson)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Runs ON the backend; self-contained (remoting ships only this block).
$remote = {
    param([string[]]$AgentCommand, [string[]]$Arguments)
    $ErrorActionPreference = 'Continue'
    $exe = $AgentCommand[0]
    $lead = @()
    if ($AgentCommand.Count -gt 1) { $lead = $AgentCommand[1..($AgentCommand.Count - 1)] }
    try {
        $all = & $exe @lead @Arguments 2>&1
    } catch {
        return [pscustomobject]@{ started = $false; exitCode = $null; stdout = ''; stderr = "ftps-enforcer could not be started as '$($AgentCommand -join ' ')': $($_.Exception.Message)" }
    }
    $code = $LASTEXITCODE
    $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { [string]$_ })
    $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.ToString() })
    [pscustomobject]@{ started = $true; exitCode = $code; stdout = ($out -join "`n"); stderr = ($err -join "`n") }
}

function Write-Result($result) {
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject $result -Compress -Depth 5))
}

try {
    $req = ConvertFrom-Json -InputObject $RequestJson
    $countSessions = $req.PSObject.Properties['action'] -and $req.action -eq 'ftp-sessions'
    $params = @{ ErrorAction = 'Stop' }
    if ($countSessions) {
        # A local file, shipped whole to the backend: nothing needs installing there for the count.
        $params.FilePath = Join-Path $PSScriptRoot 'Get-FtpServiceSessions.ps1'
    } else {
        $params.ScriptBlock = $remote
        $params.ArgumentList = @([string[]]@($req.agentCommand), [string[]]@($req.arguments))
    }
    if ($req.transport -eq 'ssh') {
        $params.HostName = [string]$req.host
        if ($req.PSObject.Properties['userName'] -and $req.userName) { $params.UserName = [string]$req.userName }
        if ($req.PSObject.Properties['keyFilePath'] -and $req.keyFilePath) { $params.KeyFilePath = [string]$req.keyFilePath }
        if ($req.PSObject.Properties['port'] -and $req.port) { $params.Port = [int]$req.port }
        if ($req.PSObject.Properties['sshOptions'] -and $req.sshOptions) {
            $options = @{}
            foreach ($p in $req.sshOptions.PSObject.Properties) { $options[$p.Name] = [string]$p.Value }
            if ($options.Count -gt 0) { $params.Options = $options }
        }
    } else {
        $params.ComputerName = [string]$req.host
        if ($req.PSObject.Properties['useSsl'] -and $req.useSsl) { $params.UseSSL = $true }
        if ($req.PSObject.Properties['port'] -and $req.port) { $params.Port = [int]$req.port }
    }
    $r = Invoke-Command @params | Select-Object -First 1
    if ($countSessions) {
        if ($null -eq $r) { $r = @{ readable = $false; why = 'the session count returned nothing' } }
        Write-Result @{ reached = $true; sessions = $r }
        exit 0
    }
    if ($null -eq $r) { Write-Result @{ reached = $true; started = $false; error = 'the remote command returned nothing' }; exit 0 }
    Write-Result @{ reached = $true; started = [bool]$r.started; exitCode = $r.exitCode; stdout = [string]$r.stdout; stderr = [string]$r.stderr }
} catch {
    Write-Result @{ reached = $false; error = $_.Exception.Message }
}
exit 0
