# The data boundary with Node: the payload arrives as base64 of UTF-8 JSON (so no quoting is ever involved and
# nothing in it is ever run as code); the result leaves as one line of compressed JSON on stdout.

function ConvertFrom-AgentPayload {
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $json = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($PayloadBase64))
    return (ConvertFrom-Json -InputObject $json)
}

function Write-AgentResult {
    param([Parameter(Mandatory = $true)]$Result)
    [Console]::Out.WriteLine((ConvertTo-Json -InputObject $Result -Compress -Depth 10))
}

# Imports WebAdministration (found through PSModulePath, by name); returns $null, or why it failed in words.
function Import-AgentWebAdministration {
    try {
        Import-Module -Name WebAdministration -ErrorAction Stop -WarningAction SilentlyContinue -Verbose:$false | Out-Null
        return $null
    } catch {
        $message = "WebAdministration could not be imported: $($_.Exception.Message)"
        if ($message -match 'REGDB_E_CLASSNOTREG|80040154') {
            $message += ' This is what 32-bit PowerShell reports: run 64-bit PowerShell (from a 32-bit parent, %windir%\Sysnative\WindowsPowerShell\v1.0\powershell.exe).'
        } elseif ($message -match 'not loaded because no valid module file was found|was not loaded') {
            $message += ' Install the IIS Management Scripts and Tools feature (Install-WindowsFeature Web-Scripting-Tools).'
        }
        return $message
    }
}

function Test-AgentIsWindows {
    return ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT)
}
