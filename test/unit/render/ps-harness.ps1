# Test harness for the review script (test/unit/render/powershell-script.test.ts).
# 1. Parses the script with PowerShell's own parser and reports every Set-WebConfigurationProperty
#    argument as the parser sees it, plus any expandable string or sub-expression anywhere.
# 2. Runs the script against stub functions (functions win over cmdlets in command lookup),
#    recording the arguments each call really received.
# Writes the result as JSON to -Out (UTF-8), so console encodings play no part.
param([Parameter(Mandatory = $true)][string]$Path, [Parameter(Mandatory = $true)][string]$Out)
$ErrorActionPreference = 'Stop'
$tokens = $null
$parseErrors = $null
$ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$parseErrors)

$parsed = @(
    $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Set-WebConfigurationProperty' }, $true) | ForEach-Object {
        $elements = $_.CommandElements
        $found = [ordered]@{}
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $e = $elements[$i]
            if ($e -is [System.Management.Automation.Language.CommandParameterAst] -and $i + 1 -lt $elements.Count) {
                $arg = $elements[$i + 1]
                $found[$e.ParameterName] = [ordered]@{ ast = $arg.GetType().Name; quote = "$($arg.StringConstantType)"; value = $arg.Value }
                $i++
            } else {
                # Not "-Name value": a script that lost its quoting; keep the text for the report.
                $found["position$i"] = [ordered]@{ ast = $e.GetType().Name; quote = ''; value = $e.Extent.Text }
            }
        }
        $found
    }
)
$dynamic = @($ast.FindAll({ param($n)
            $n -is [System.Management.Automation.Language.ExpandableStringExpressionAst] -or
            $n -is [System.Management.Automation.Language.SubExpressionAst] }, $true)).Count
$commands = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Sort-Object -Unique)

$script:recorded = @()
$script:restarted = $null
function Import-Module { param([Parameter(ValueFromRemainingArguments = $true)]$Rest) }
function Backup-WebConfiguration { param($Name) }
function Restore-WebConfiguration { param($Name) }
function Start-WebCommitDelay { }
function Stop-WebCommitDelay { param($Commit) }
function Restart-Service { param($Name) $script:restarted = $Name }
function Set-WebConfigurationProperty {
    param($PSPath, $Filter, $Name, $Value)
    $script:recorded += , ([ordered]@{ PSPath = $PSPath; Filter = $Filter; Name = $Name; Value = $Value; ValueType = $Value.GetType().Name })
}
$runError = $null
try { . $Path } catch { $runError = "$($_.Exception.Message)" }

[ordered]@{
    parseErrors = @($parseErrors | ForEach-Object { $_.Message })
    parsed      = $parsed
    dynamic     = $dynamic
    commands    = $commands
    recorded    = @($script:recorded)
    restarted   = $script:restarted
    runError    = $runError
} | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $Out -Encoding utf8
