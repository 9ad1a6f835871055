# Test double of NetSecurity. Objects are shaped like the CIM instances the real cmdlets return
# (learn.microsoft.com: MSFT_NetFirewallRule, MSFT_NetProtocolPortFilter, MSFT_NetApplicationFilter,
# MSFT_NetServiceFilter, MSFT_NetAddressFilter, MSFT_NetFirewallProfile, MSFT_NetFirewallSetting): the same
# property names, enum-typed where Windows uses the cmdletization enums (so code that forgets [string]
# gets numbers in its JSON, as on Windows), LocalPort/RemoteAddress as string arrays.
# State: the JSON file in $env:FTPS_NETSECURITY_DOUBLE { rules: [...], profiles: [...], setting: {...}, calls: [...] };
# New-/Set-NetFirewallRule write it back and append to `calls`, so tests see exactly what was changed.
Set-StrictMode -Version Latest

# Values as in the MSFT_NetFirewallRule / MSFT_NetFirewallProfile classes.
enum Enabled { True = 1; False = 2 }
enum Direction { Inbound = 1; Outbound = 2 }
enum Action { NotConfigured = 0; Allow = 2; AllowBypass = 3; Block = 4 }
[Flags()] enum Profile { Any = 0; Domain = 1; Private = 2; Public = 4 }
enum GpoBoolean { False = 0; True = 1; NotConfigured = 2 }

function Read-NetSecurityDouble {
    $path = $env:FTPS_NETSECURITY_DOUBLE
    if (-not $path -or -not (Test-Path -LiteralPath $path)) { throw 'NetSecurity double: set FTPS_NETSECURITY_DOUBLE to a scenario JSON file.' }
    $s = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
    if ($null -eq $s.PSObject.Properties['rules']) { $s | Add-Member rules @() }
    if ($null -eq $s.PSObject.Properties['calls']) { $s | Add-Member calls @() }
    return $s
}

function Write-NetSecurityDouble { param($State) $State | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $env:FTPS_NETSECURITY_DOUBLE -Encoding UTF8 }

function Get-Opt { param($O, [string]$N, $Default) $p = $O.PSObject.Properties[$N]; if ($null -eq $p -or $null -eq $p.Value) { $Default } else { $p.Value } }

function Assert-ActiveStore {
    param([string]$PolicyStore)
    if ($PolicyStore -and $PolicyStore -notin @('ActiveStore', 'PersistentStore')) { throw "NetSecurity double: unsupported PolicyStore $PolicyStore" }
}

function New-CimLike {
    param([string]$Class, [hashtable]$Properties)
    $o = [pscustomobject]$Properties
    $o.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/$Class")
    return $o
}

function ConvertTo-RuleObject {
    param($r)
    New-CimLike 'MSFT_NetFirewallRule' ([ordered]@{
            Name              = [string]$r.Name
            InstanceID        = [string]$r.Name
            DisplayName       = [string](Get-Opt $r 'DisplayName' $r.Name)
            Description       = [string](Get-Opt $r 'Description' '')
            Group             = (Get-Opt $r 'Group' $null)
            Enabled           = [Enabled](Get-Opt $r 'Enabled' 'True')
            Direction         = [Direction](Get-Opt $r 'Direction' 'Inbound')
            Action            = [Action](Get-Opt $r 'Action' 'Allow')
            Profile           = [Profile](Get-Opt $r 'Profile' 'Any')
            PolicyStoreSource = [string](Get-Opt $r 'PolicyStoreSource' 'PersistentStore')
        })
}

function Get-NetFirewallRule {
    [CmdletBinding()]
    param([string[]]$Name, [string]$Direction, [string]$PolicyStore, [string]$Group)
    Assert-ActiveStore $PolicyStore
    $rules = @((Read-NetSecurityDouble).rules)
    if ($Name) {
        $hit = @($rules | Where-Object { $Name -contains $_.Name })
        if ($hit.Count -eq 0) { Write-Error -Message "No MSFT_NetFirewallRule objects found with property 'InstanceID' equal to '$($Name -join ',')'." -Category ObjectNotFound; return }
        $rules = $hit
    }
    foreach ($r in $rules) {
        $o = ConvertTo-RuleObject $r
        if ($Direction -and [string]$o.Direction -ne $Direction) { continue }
        if ($Group -and [string]$o.Group -ne $Group) { continue }
        $o
    }
}

function Get-NetFirewallPortFilter {
    [CmdletBinding()] param([string]$PolicyStore)
    Assert-ActiveStore $PolicyStore
    foreach ($r in @((Read-NetSecurityDouble).rules)) {
        New-CimLike 'MSFT_NetProtocolPortFilter' ([ordered]@{ InstanceID = [string]$r.Name; Protocol = [string](Get-Opt $r 'Protocol' 'Any')
                LocalPort = [string[]]@(Get-Opt $r 'LocalPort' @('Any')); RemotePort = [string[]]@('Any'); IcmpType = [string[]]@('Any'); DynamicTarget = 'Any' })
    }
}

function Get-NetFirewallApplicationFilter {
    [CmdletBinding()] param([string]$PolicyStore)
    Assert-ActiveStore $PolicyStore
    foreach ($r in @((Read-NetSecurityDouble).rules)) { New-CimLike 'MSFT_NetApplicationFilter' ([ordered]@{ InstanceID = [string]$r.Name; Program = [string](Get-Opt $r 'Program' 'Any'); Package = $null }) }
}

function Get-NetFirewallServiceFilter {
    [CmdletBinding()] param([string]$PolicyStore)
    Assert-ActiveStore $PolicyStore
    foreach ($r in @((Read-NetSecurityDouble).rules)) { New-CimLike 'MSFT_NetServiceFilter' ([ordered]@{ InstanceID = [string]$r.Name; Service = [string](Get-Opt $r 'Service' 'Any') }) }
}

function Get-NetFirewallAddressFilter {
    [CmdletBinding()] param([string]$PolicyStore)
    Assert-ActiveStore $PolicyStore
    foreach ($r in @((Read-NetSecurityDouble).rules)) {
        New-CimLike 'MSFT_NetAddressFilter' ([ordered]@{ InstanceID = [string]$r.Name; LocalAddress = [string[]]@('Any'); RemoteAddress = [string[]]@(Get-Opt $r 'RemoteAddress' @('Any')) })
    }
}

function Get-NetFirewallProfile {
    [CmdletBinding()] param([string]$PolicyStore)
    Assert-ActiveStore $PolicyStore
    $profiles = Get-Opt (Read-NetSecurityDouble) 'profiles' @()
    foreach ($p in @($profiles)) {
        New-CimLike 'MSFT_NetFirewallProfile' ([ordered]@{ Name = [string]$p.Name; Enabled = [GpoBoolean](Get-Opt $p 'Enabled' 'True'); DefaultInboundAction = [Action](Get-Opt $p 'DefaultInboundAction' 'NotConfigured'); DefaultOutboundAction = [Action]'NotConfigured' })
    }
}

function Get-NetFirewallSetting {
    [CmdletBinding()] param([string]$PolicyStore)
    Assert-ActiveStore $PolicyStore
    $s = Get-Opt (Read-NetSecurityDouble) 'setting' $null
    New-CimLike 'MSFT_NetFirewallSetting' ([ordered]@{ Name = 'MSFT_NetFirewallSetting'; EnableStatefulFtp = [GpoBoolean](Get-Opt $s 'EnableStatefulFtp' 'NotConfigured'); EnableStatefulPptp = [GpoBoolean]'NotConfigured' })
}

function Add-Call { param($State, [hashtable]$Call) $State.calls = @($State.calls) + @([pscustomobject]$Call) }

function New-NetFirewallRule {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$DisplayName, [string]$Description, [string]$Group,
        [string]$Direction = 'Inbound', [string]$Action = 'Allow', [string]$Protocol = 'Any', [string[]]$LocalPort = @('Any'),
        [string]$Profile = 'Any', [string]$Enabled = 'True', [string]$Program = 'Any', [string]$Service = 'Any')
    $s = Read-NetSecurityDouble
    if (@($s.rules | Where-Object { $_.Name -eq $Name }).Count -gt 0) { throw "Cannot create a file when that file already exists. (rule $Name)" }
    $null = [Enabled]$Enabled; $null = [Direction]$Direction; $null = [Action]$Action; $null = [Profile]$Profile
    if ($Protocol -notin @('TCP', 'UDP', 'Any') -and $LocalPort -ne @('Any')) { throw 'The port filter is only valid with TCP or UDP.' }
    $rule = [ordered]@{ Name = $Name; DisplayName = $DisplayName; Description = $Description; Group = $Group; Enabled = $Enabled; Direction = $Direction; Action = $Action
        Profile = $Profile; Protocol = $Protocol; LocalPort = @($LocalPort); Program = $Program; Service = $Service; RemoteAddress = @('Any'); PolicyStoreSource = 'PersistentStore' }
    $s.rules = @($s.rules) + @([pscustomobject]$rule)
    Add-Call $s @{ cmdlet = 'New-NetFirewallRule'; name = $Name }
    Write-NetSecurityDouble $s
    ConvertTo-RuleObject ([pscustomobject]$rule)
}

function Set-NetFirewallRule {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [string]$Description, [string]$Direction, [string]$Action, [string]$Protocol, [string[]]$LocalPort,
        [string]$Profile, [string]$Enabled)
    $s = Read-NetSecurityDouble
    $rule = @($s.rules | Where-Object { $_.Name -eq $Name })
    if ($rule.Count -eq 0) { throw "No MSFT_NetFirewallRule objects found with property 'InstanceID' equal to '$Name'." }
    foreach ($k in @('Description', 'Direction', 'Action', 'Protocol', 'Profile', 'Enabled')) {
        if ($PSBoundParameters.ContainsKey($k)) { $rule[0] | Add-Member -NotePropertyName $k -NotePropertyValue $PSBoundParameters[$k] -Force }
    }
    if ($PSBoundParameters.ContainsKey('LocalPort')) { $rule[0] | Add-Member -NotePropertyName LocalPort -NotePropertyValue @($LocalPort) -Force }
    Add-Call $s @{ cmdlet = 'Set-NetFirewallRule'; name = $Name }
    Write-NetSecurityDouble $s
}

function Remove-NetFirewallRule {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name)
    $s = Read-NetSecurityDouble
    if (@($s.rules | Where-Object { $_.Name -eq $Name }).Count -eq 0) { throw "No MSFT_NetFirewallRule objects found with property 'InstanceID' equal to '$Name'." }
    $s.rules = @($s.rules | Where-Object { $_.Name -ne $Name })
    Add-Call $s @{ cmdlet = 'Remove-NetFirewallRule'; name = $Name }
    Write-NetSecurityDouble $s
}

Export-ModuleMember -Function @('Remove-NetFirewallRule', 'Get-NetFirewallRule', 'Get-NetFirewallPortFilter', 'Get-NetFirewallApplicationFilter', 'Get-NetFirewallServiceFilter',
    'Get-NetFirewallAddressFilter', 'Get-NetFirewallProfile', 'Get-NetFirewallSetting', 'New-NetFirewallRule', 'Set-NetFirewallRule')
