# Host fixes apply may make (issue 10): create, or bring back in line, THIS TOOL'S OWN inbound firewall rule,
# recognisable by its Name and Group. A rule with that name that is not in our group is someone else's: it
# is never edited; the action is refused. Certificates are never installed, replaced or exported.
# A pending ftpsvc restart is done here only when the apply step did not restart it already (at most one
# restart per run), with the apply step's own Restart-AgentFtpService.

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

# Undoes a rule this run created, when the configuration rolls back: removed only while it is still ours (group).
function Invoke-AgentRemoveOwnFirewallRule {
    param([Parameter(Mandatory = $true)]$Action)
    $name = [string]$Action.ruleName
    $existing = @(Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue)
    if ($existing.Count -eq 0) { return [ordered]@{ id = [string]$Action.id; ok = $true; done = 'removed'; message = "Inbound rule '$name' was already gone." } }
    if ([string]$existing[0].Group -ne $script:OwnFirewallRuleGroup) {
        return [ordered]@{ id = [string]$Action.id; ok = $false; done = 'refused'; message = "A firewall rule named '$name' is not in group '$($script:OwnFirewallRuleGroup)' any more: left alone." }
    }
    Remove-NetFirewallRule -Name $name -ErrorAction Stop
    return [ordered]@{ id = [string]$Action.id; ok = $true; done = 'removed'; message = "Removed inbound rule '$name', which this run had created." }
}

# Entry point: payload { actions: [HostAction], restartAlreadyDone, serviceTimeoutSeconds }
#   -> { ok, results: [{ id, ok, done, message }], restartedAt }. Firewall actions first, the restart last.
function Invoke-FtpsHostActions {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $request = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $results = New-Object System.Collections.ArrayList
    $restartedAt = $null
    $actions = @(@(Get-AgentOptionalProperty $request 'actions') | Where-Object { $null -ne $_ })
    $ordered = @($actions | Where-Object { [string]$_.kind -ne 'restart-ftpsvc' }) + @($actions | Where-Object { [string]$_.kind -eq 'restart-ftpsvc' })
    foreach ($a in $ordered) {
        try {
            if ([string]$a.kind -eq 'ensure-firewall-rule') {
                $null = $results.Add((Invoke-AgentEnsureFirewallRule -Action $a))
            } elseif ([string]$a.kind -eq 'remove-own-firewall-rule') {
                $null = $results.Add((Invoke-AgentRemoveOwnFirewallRule -Action $a))
            } elseif ([string]$a.kind -eq 'restart-ftpsvc') {
                if ([bool](Get-AgentOptionalProperty $request 'restartAlreadyDone')) {
                    $null = $results.Add([ordered]@{ id = [string]$a.id; ok = $true; done = 'skipped'; message = 'ftpsvc was already restarted by this run.' })
                } else {
                    $timeout = [int](Get-AgentOptionalProperty $request 'serviceTimeoutSeconds')
                    if ($timeout -le 0) { $timeout = 60 }
                    Restart-AgentFtpService -TimeoutSeconds $timeout
                    $restartedAt = [DateTime]::UtcNow.ToString('o')
                    $null = $results.Add([ordered]@{ id = [string]$a.id; ok = $true; done = 'restarted'; message = "Restarted ftpsvc: $([string]$a.reason)." })
                }
            } else {
                $null = $results.Add([ordered]@{ id = [string]$a.id; ok = $false; done = 'refused'; message = "Unknown host action kind '$($a.kind)'." })
            }
        } catch {
            $null = $results.Add([ordered]@{ id = [string]$a.id; ok = $false; done = 'failed'; message = [string]$_.Exception.Message })
        }
    }
    $failed = @($results | Where-Object { -not $_.ok })
    Write-AgentResult ([ordered]@{ ok = ($failed.Count -eq 0); results = @($results); restartedAt = $restartedAt })
}
