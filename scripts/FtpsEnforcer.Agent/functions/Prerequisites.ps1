# Preconditions for apply, checked before anything is written: Windows PowerShell 5.1 on Windows (not
# PowerShell 7: see below), WebAdministration importable with the commit-delay cmdlets, running elevated, the FTP
# service (ftpsvc) installed. Read-only. Also reports ftpsvc's status, so a rollback can put it back as it was.

function Test-FtpsEnforcerPrerequisites {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $null = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $failures = @()

    # 32-bit PowerShell on 64-bit Windows may import WebAdministration yet fail on first use (REGDB_E_CLASSNOTREG),
    # and reads System32\inetsrv\config redirected to SysWOW64: refuse it up front.
    if ((Test-AgentIsWindows) -and [System.Environment]::Is64BitOperatingSystem -and -not [System.Environment]::Is64BitProcess) {
        $failures += [ordered]@{ check = 'bitness'; message = 'PowerShell is running as a 32-bit process, which cannot use WebAdministration (REGDB_E_CLASSNOTREG) and sees SysWOW64 instead of System32\inetsrv\config: use 64-bit PowerShell (%windir%\Sysnative\WindowsPowerShell\v1.0\powershell.exe from a 32-bit parent) with --powershell.' }
    }

    # PowerShell 7 on Windows loads WebAdministration through the Windows PowerShell compatibility session
    # (deserialized results, no IIS: drive): apply runs under Windows PowerShell 5.1 only (docs/apply.md).
    if ((Test-AgentIsWindows) -and [string]$PSVersionTable.PSEdition -eq 'Core') {
        $failures += [ordered]@{ check = 'edition'; message = "apply runs under Windows PowerShell 5.1 only, not PowerShell $($PSVersionTable.PSVersion) (which reaches WebAdministration only through a compatibility session): leave out --powershell, or give it the path of powershell.exe." }
    }

    $importError = Import-AgentWebAdministration
    if ($null -ne $importError) { $failures += [ordered]@{ check = 'webadministration'; message = $importError } }
    if ($null -eq $importError -and $null -eq (Get-Command -Name Start-WebCommitDelay -ErrorAction SilentlyContinue)) {
        # Server 2008 R2 names them Begin-/End-WebCommitDelay; without a commit delay the changes are not one commit.
        $older = ''
        if ($null -ne (Get-Command -Name Begin-WebCommitDelay -ErrorAction SilentlyContinue)) { $older = ' (this is the Server 2008 R2 WebAdministration, which has Begin-/End-WebCommitDelay instead)' }
        $failures += [ordered]@{ check = 'commitdelay'; message = "WebAdministration here has no Start-WebCommitDelay/Stop-WebCommitDelay$older, and apply writes every change in one commit delay: apply needs Windows Server 2012 or later." }
    }

    if (Test-AgentIsWindows) {
        $principal = New-Object System.Security.Principal.WindowsPrincipal([System.Security.Principal.WindowsIdentity]::GetCurrent())
        $elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
        $how = 'run it from an elevated prompt (Run as administrator) or as SYSTEM from the scheduled task'
    } else {
        $elevated = ((& id -u) -eq '0')
        $how = 'run it as root'
    }
    if (-not $elevated) { $failures += [ordered]@{ check = 'elevated'; message = "PowerShell is not running elevated, and writing applicationHost.config needs it: $how." } }

    $ftpsvcStatus = $null
    if ($null -eq $importError) {
        try {
            $ftpsvcStatus = [string](Get-Service -Name ftpsvc -ErrorAction Stop).Status
        } catch {
            $failures += [ordered]@{ check = 'ftpsvc'; message = "The FTP service (ftpsvc) is not installed: $($_.Exception.Message) Install the Web-Ftp-Service feature." }
        }
    }

    Write-AgentResult ([ordered]@{
            ok         = ($failures.Count -eq 0)
            failures   = @($failures)
            ftpsvc     = $ftpsvcStatus
            powershell = [ordered]@{ edition = [string]$PSVersionTable.PSEdition; version = [string]$PSVersionTable.PSVersion; is64BitProcess = [System.Environment]::Is64BitProcess }
        })
}
