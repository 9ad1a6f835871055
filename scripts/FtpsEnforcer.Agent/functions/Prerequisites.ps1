# Preconditions for apply, checked before anything is written: WebAdministration importable, running elevated,
# the FTP service (ftpsvc) installed. Read-only.

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

    $importError = Import-AgentWebAdministration
    if ($null -ne $importError) { $failures += [ordered]@{ check = 'webadministration'; message = $importError } }

    if (Test-AgentIsWindows) {
        $principal = New-Object System.Security.Principal.WindowsPrincipal([System.Security.Principal.WindowsIdentity]::GetCurrent())
        $elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
        $how = 'run it from an elevated prompt (Run as administrator) or as SYSTEM from the scheduled task'
    } else {
        $elevated = ((& id -u) -eq '0')
        $how = 'run it as root'
    }
    if (-not $elevated) { $failures += [ordered]@{ check = 'elevated'; message = "PowerShell is not running elevated, and writing applicationHost.config needs it: $how." } }

    if ($null -eq $importError) {
        try {
            $null = Get-Service -Name ftpsvc -ErrorAction Stop
        } catch {
            $failures += [ordered]@{ check = 'ftpsvc'; message = "The FTP service (ftpsvc) is not installed: $($_.Exception.Message) Install the Web-Ftp-Service feature." }
        }
    }

    Write-AgentResult ([ordered]@{
            ok         = ($failures.Count -eq 0)
            failures   = @($failures)
            powershell = [ordered]@{ edition = [string]$PSVersionTable.PSEdition; version = [string]$PSVersionTable.PSVersion; is64BitProcess = [System.Environment]::Is64BitProcess }
        })
}
