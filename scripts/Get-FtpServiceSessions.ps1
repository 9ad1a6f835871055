<#
.SYNOPSIS
Counts the IIS FTP service's own sessions on this machine, for `ftps-enforcer rollout`.

.DESCRIPTION
Shipped to a backend by Invoke-FtpsEnforcerRemote.ps1 (Invoke-Command -FilePath) while the rollout
waits for a drained backend to empty. The load balancer counts only the sessions it forwards; a
client connected to the backend directly (an administrator, a monitor) is seen only by the FTP
service. IIS lists live sessions in the read-only runtime collection
system.applicationHost/sites/site/ftpServer/sessions (one <session> per connected client; the
configuration reference, "FTP Sessions <sessions>"), read through Microsoft.Web.Administration.

Prints nothing; returns one object:
  { readable = $true;  total = N; sites = @(@{ name = '...'; sessions = N }, ...) }
  { readable = $false; why = '...' }   (not Windows, IIS's management assembly absent, the service not answering)

-ServerManager: a Microsoft.Web.Administration.ServerManager (made here when not given; tests pass
an object of the same shape).
#>
[CmdletBinding()]
param([object]$ServerManager)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Unreadable([string]$Why) { [pscustomobject]@{ readable = $false; why = $Why } }

if ($null -eq $ServerManager) {
    # Windows PowerShell 5.1 (a WinRM endpoint's default) has no $IsWindows: under strict mode it must not be read there.
    if ($PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows) { return Unreadable 'this backend is not Windows, so there is no IIS FTP service to ask' }
    $assembly = Join-Path $env:windir 'System32\inetsrv\Microsoft.Web.Administration.dll'
    if (-not (Test-Path -LiteralPath $assembly)) { return Unreadable "IIS's management assembly $assembly is not installed" }
    try {
        Add-Type -LiteralPath $assembly
        $ServerManager = New-Object Microsoft.Web.Administration.ServerManager
    } catch {
        return Unreadable "Microsoft.Web.Administration could not be loaded: $($_.Exception.Message)"
    }
}

$sites = @()
try {
    foreach ($site in @($ServerManager.Sites)) {
        # Only FTP sites have an FTP runtime; a web site's ftpServer element has no live sessions to list.
        if (-not @($site.Bindings | Where-Object { $_.Protocol -eq 'ftp' })) { continue }
        $n = @($site.GetChildElement('ftpServer').GetCollection('sessions')).Count
        $sites += [pscustomobject]@{ name = [string]$site.Name; sessions = $n }
    }
} catch {
    # The collection is filled by the running FTP service: stopped or hung, it cannot be read.
    return Unreadable "the FTP service's sessions could not be read: $($_.Exception.GetBaseException().Message)"
}
$total = 0
foreach ($s in $sites) { $total += $s.sessions }
[pscustomobject]@{ readable = $true; total = $total; sites = $sites }
