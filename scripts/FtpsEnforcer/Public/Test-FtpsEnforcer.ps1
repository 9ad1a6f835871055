function Test-FtpsEnforcer {
    <#
    .SYNOPSIS
    Audits this IIS server's FTP settings against a desired-state file (read-only).

    .DESCRIPTION
    Runs `ftps-enforcer audit --format json` and returns one object per finding: every setting that
    differs from the desired state (drift), cannot be fixed (error) or deserves a look (warning), with
    the site, the IIS attribute, the current and desired values and what the drift does to clients.
    Nothing is written and no PowerShell session is started by the agent.

    With -Quiet it returns only $true (compliant) or $false (drift found).

    Exit codes are mapped: 0 (compliant) returns no objects, 2 (drift) returns the findings, 1 (error)
    writes a PowerShell error whose category says what kind (InvalidData for a bad desired-state file,
    ObjectNotFound for a missing file or agent, NotInstalled, PermissionDenied ...). $LASTEXITCODE keeps
    the agent's exit code, for scripts that want the 0/2/1 contract.

    .PARAMETER DesiredPath
    The desired-state JSON file (externalIp4Address, lowDataChannelPort, highDataChannelPort, ...).

    .PARAMETER ConfigPath
    applicationHost.config to read. Default: IIS's own, %windir%\System32\inetsrv\config\applicationHost.config
    (shared configuration is followed through redirection.config).

    .PARAMETER Quiet
    Return $true when compliant, $false otherwise, instead of the findings.

    .PARAMETER AgentPath
    The ftps-enforcer agent to run. Default: $env:FTPS_ENFORCER_AGENT, else ftps-enforcer on PATH. A .js
    file is run with node.

    .EXAMPLE
    Test-FtpsEnforcer -DesiredPath C:\ProgramData\ftps-enforcer\desired.json

    Lists what differs, one object per finding.

    .EXAMPLE
    if (-not (Test-FtpsEnforcer -DesiredPath .\desired.json -Quiet)) { Invoke-FtpsEnforcer -DesiredPath .\desired.json }

    Fixes the server only when the audit finds drift.

    .EXAMPLE
    Get-ChildItem C:\ProgramData\ftps-enforcer\desired.json | Test-FtpsEnforcer

    Takes the desired-state file from the pipeline (a path or a file object).

    .EXAMPLE
    Test-FtpsEnforcer -DesiredPath .\desired.json | Where-Object Fixable | Format-Table Site, Setting, Current, Desired

    .OUTPUTS
    FtpsEnforcer.Finding (Code, Status, Site, Setting, Scope, Current, Desired, Fixable, Message, Location
    "file:line" when the agent knows it), shown as a table (FtpsEnforcer.format.ps1xml), or
    System.Boolean with -Quiet.

    .LINK
    Invoke-FtpsEnforcer
    #>
    [CmdletBinding()]
    [OutputType('FtpsEnforcer.Finding', [bool])]
    param(
        # From the pipeline too: a path string, or a file from Get-ChildItem (its FullName).
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('FullName')]
        [string]$DesiredPath,
        [string]$ConfigPath,
        [switch]$Quiet,
        [string]$AgentPath
    )
    process {
        $arguments = @('audit', '--desired', $DesiredPath, '--format', 'json')
        if ($ConfigPath) { $arguments += @('--config', $ConfigPath) }
        if ($VerbosePreference -ne 'SilentlyContinue') { $arguments += '--verbose' }
        $result = Invoke-FtpsAgent -Arguments $arguments -AgentPath $AgentPath
        if ($result.ExitCode -ne 0 -and $result.ExitCode -ne 2) {
            Write-FtpsAgentError -Cmdlet $PSCmdlet -Result $result -Activity 'Test-FtpsEnforcer'
            return
        }
        $report = ConvertFrom-Json -InputObject $result.Stdout
        if ($Quiet) { return [bool]$report.compliant }
        foreach ($f in @($report.findings)) { ConvertTo-FtpsFinding -Finding $f }
    }
}
