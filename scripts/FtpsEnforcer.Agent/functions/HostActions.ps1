# Host fixes apply may make (issue 10): create, or bring back in line, THIS TOOL'S OWN inbound firewall rule,
# recognisable by its Name and Group. A rule with that name that is not in our group is someone else's: it
# is never edited; the action is refused. Certificates are never installed, replaced or exported.
# (The ftpsvc restart a host check may ask for is done by the apply flow's single restart.)

$script:OwnFirewallRuleGroup = 'ftps-enforcer'

function Invoke-AgentEnsureFirewallRule {
    param([Parameter(Mandatory = $true)]$Action)
    $name = [string]$Action.ruleName
    $ports = @($Action.localPorts | ForEach-Object { [string]$_ })
    $existing = @(Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue)
    if ($existing.Count -gt 0) {
        if ([string]$existing[0].Group -ne $script:OwnFirewallRuleGroup) {
            return [ordered]@{ id = [string]$Action.id; ok = $false; done = 'refused'
                message = "A firewall rule named '$name' exists but is not in group '$($script:OwnFirewallRuleGroup)': it is someone else's and was left alone." }
        }
        Set-NetFirewallRule -Name $name -Enabled True -Direction Inbound -Action Allow -Protocol TCP -LocalPort $ports -Profile Any -Description ([string]$Action.description) -ErrorAction Stop
        return [ordered]@{ id = [string]$Action.id; ok = $true; done = 'updated'; message = "Updated inbound rule '$name' to allow TCP $($ports -join ', ')." }
    }
    $null = New-NetFirewallRule -Name $name -DisplayName ([string]$Action.displayName) -Description ([string]$Action.description) -Group $script:OwnFirewallRuleGroup `
        -Direction Inbound -Action Allow -Protocol TCP -LocalPort $ports -Profile Any -Enabled True -ErrorAction Stop
    return [ordered]@{ id = [string]$Action.id; ok = $true; done = 'created'; message = "Created inbound rule '$name' allowing TCP $($ports -join ', ')." }
}

# Entry point: payload { actions: [HostAction] } -> { ok, results: [{ id, ok, done, message }] }.
# Actions of kinds this function does not perform (restart-ftpsvc) are reported as skipped.
function Invoke-FtpsHostActions {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $request = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $results = New-Object System.Collections.ArrayList
    foreach ($a in @(Get-AgentOptionalProperty $request 'actions')) {
        if ($null -eq $a) { continue }
        try {
            if ([string]$a.kind -eq 'ensure-firewall-rule') {
                $null = $results.Add((Invoke-AgentEnsureFirewallRule -Action $a))
            } else {
                $null = $results.Add([ordered]@{ id = [string]$a.id; ok = $true; done = 'skipped'; message = "Action kind '$($a.kind)' is carried out by the apply flow." })
            }
        } catch {
            $null = $results.Add([ordered]@{ id = [string]$a.id; ok = $false; done = 'failed'; message = [string]$_.Exception.Message })
        }
    }
    $failed = @($results | Where-Object { -not $_.ok })
    Write-AgentResult ([ordered]@{ ok = ($failed.Count -eq 0); results = @($results) })
}
