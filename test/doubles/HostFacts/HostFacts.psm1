# Test double of the Windows facts the host checks read besides certificates and the firewall: CIM classes
# (Win32_OperatingSystem, Win32_Service, Win32_Process), the SCHANNEL registry keys (Get-ItemProperty on
# HKLM:), and Get-NetConnectionProfile. Import it -Global before the agent module.
# Scenario: the JSON file in $env:FTPS_HOSTFACTS_DOUBLE:
#   { os: {Caption, Version, BuildNumber, ProductType}, service: null | {State, StartMode, ProcessId, DelayedAutoStart, StartedAt, FromWebAdministrationDouble},
#     registry: { "TLS 1.2": {Enabled, DisabledByDefault} | null }, networkCategories: ["DomainAuthenticated"],
#     dynamicPorts: {StartPort, NumberOfPorts, Excluded: [[from, to]]} (default: Windows' 49152 + 16384, none excluded),
#     dynamicPortsFrom: "Get-NetTCPSetting" (default) | "netsh" (Get-NetTCPSetting answers no row with a range) }
# With service.FromWebAdministrationDouble, State and StartedAt come from the WebAdministration double's ftpsvc
# ($env:FTPS_DOUBLE_STATE_DIR/ftpsvc.json: status, lastStart), so a Restart-Service there shows here.
# Shapes follow the Windows classes: Win32_Service.ProcessId UInt32, StartMode "Auto"/"Manual"/"Disabled",
# Win32_Process.CreationDate DateTime, Win32_OperatingSystem.BuildNumber a string; registry DWORDs Int32.
Set-StrictMode -Version Latest

# Loaded by autoloading (PSModulePath) on the agent's first Get-CimInstance call, it also brings the Cert:
# stand-in, whose Get-Item cannot autoload (the real cmdlet exists).
Import-Module (Join-Path (Join-Path (Split-Path $PSScriptRoot -Parent) 'PKI') 'PKI.psm1') -Global

enum NetworkCategory { Public = 0; Private = 1; DomainAuthenticated = 2 }

function Read-HostFactsDouble {
    $path = $env:FTPS_HOSTFACTS_DOUBLE
    if (-not $path -or -not (Test-Path -LiteralPath $path)) { throw 'HostFacts double: set FTPS_HOSTFACTS_DOUBLE to a scenario JSON file.' }
    return (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json)
}

function Get-Opt { param($O, [string]$N) if ($null -eq $O) { return $null }; $p = $O.PSObject.Properties[$N]; if ($null -eq $p) { $null } else { $p.Value } }

function New-CimLike {
    param([string]$Class, [System.Collections.IDictionary]$Properties)
    $o = [pscustomobject]$Properties
    $o.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/$Class")
    return $o
}

function Get-ServiceScenario {
    param($Scenario)
    $svc = Get-Opt $Scenario 'service'
    if ($null -eq $svc -or -not (Get-Opt $svc 'FromWebAdministrationDouble')) { return $svc }
    $path = Join-Path $env:FTPS_DOUBLE_STATE_DIR 'ftpsvc.json'
    $w = if (Test-Path -LiteralPath $path) { Get-Content -LiteralPath $path -Raw | ConvertFrom-Json } else { [pscustomobject]@{ status = 'Running' } }
    if ($null -ne $w.PSObject.Properties['installed'] -and -not $w.installed) { return $null }
    $copy = $svc.PSObject.Copy()
    $copy | Add-Member -NotePropertyName State -NotePropertyValue ([string]$w.status) -Force
    if ($null -ne $w.PSObject.Properties['lastStart'] -and $w.lastStart) { $copy | Add-Member -NotePropertyName StartedAt -NotePropertyValue ([string]$w.lastStart) -Force }
    return $copy
}

function Get-CimInstance {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$ClassName, [string]$Filter, [string]$Namespace)
    $s = Read-HostFactsDouble
    switch ($ClassName) {
        'Win32_OperatingSystem' {
            $os = Get-Opt $s 'os'
            if ($null -eq $os) { throw 'HostFacts double: no os in the scenario.' }
            New-CimLike $ClassName ([ordered]@{ Caption = [string]$os.Caption; Version = [string]$os.Version; BuildNumber = [string]$os.BuildNumber; ProductType = [uint32]$os.ProductType })
        }
        'Win32_Service' {
            if ($Filter -ne "Name='ftpsvc'") { throw "HostFacts double: unexpected filter $Filter" }
            $svc = Get-ServiceScenario $s
            if ($null -eq $svc) { return }
            $props = [ordered]@{ Name = 'ftpsvc'; DisplayName = 'Microsoft FTP Service'; State = [string]$svc.State; StartMode = [string]$svc.StartMode; ProcessId = [uint32]$svc.ProcessId }
            if ($null -ne $svc.PSObject.Properties['DelayedAutoStart']) { $props.DelayedAutoStart = [bool]$svc.DelayedAutoStart }
            New-CimLike $ClassName $props
        }
        'Win32_Process' {
            $svc = Get-ServiceScenario $s
            if ($null -eq $svc -or $Filter -ne ("ProcessId={0}" -f $svc.ProcessId) -or -not (Get-Opt $svc 'StartedAt')) { return }
            New-CimLike $ClassName ([ordered]@{ ProcessId = [uint32]$svc.ProcessId; Name = 'svchost.exe'; CreationDate = ([datetime]::Parse([string]$svc.StartedAt, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal)).ToLocalTime() })
        }
        default { throw "HostFacts double: class $ClassName is not doubled." }
    }
}

function Get-ItemProperty {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param([Parameter(ParameterSetName = 'Path', Position = 0)][string[]]$Path, [Parameter(ParameterSetName = 'LiteralPath')][string[]]$LiteralPath, [string[]]$Name)
    $target = [string](@($(if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $LiteralPath } else { $Path }))[0])
    $prefix = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\'
    if (-not $target.StartsWith('HKLM:\', [System.StringComparison]::OrdinalIgnoreCase)) { return Microsoft.PowerShell.Management\Get-ItemProperty @PSBoundParameters }
    $key = $null
    if ($target.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase) -and $target.EndsWith('\Server', [System.StringComparison]::OrdinalIgnoreCase)) {
        $protocol = $target.Substring($prefix.Length, $target.Length - $prefix.Length - '\Server'.Length)
        $key = Get-Opt (Get-Opt (Read-HostFactsDouble) 'registry') $protocol
    }
    if ($null -eq $key) {
        $err = [System.Management.Automation.ErrorRecord]::new([System.Management.Automation.ItemNotFoundException]::new("Cannot find path '$target' because it does not exist."), 'PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand', 'ObjectNotFound', $target)
        $PSCmdlet.WriteError($err)
        return
    }
    $o = [ordered]@{}
    # A DWORD reads back as Int32: 0xFFFFFFFF is -1, as on Windows.
    foreach ($p in $key.PSObject.Properties) { $o[$p.Name] = [BitConverter]::ToInt32([BitConverter]::GetBytes([int64]$p.Value), 0) }
    $o.PSPath = "Microsoft.PowerShell.Core\Registry::$($target.Replace('HKLM:', 'HKEY_LOCAL_MACHINE'))"
    return [pscustomobject]$o
}

function Get-NetConnectionProfile {
    [CmdletBinding()] param()
    foreach ($c in @(Get-Opt (Read-HostFactsDouble) 'networkCategories')) {
        if ($null -ne $c) { [pscustomobject]@{ Name = 'corp.example.com'; NetworkCategory = [NetworkCategory]$c; InterfaceAlias = 'Ethernet' } }
    }
}

function Get-DynamicPortScenario {
    $d = Get-Opt (Read-HostFactsDouble) 'dynamicPorts'
    $start = Get-Opt $d 'StartPort'; $count = Get-Opt $d 'NumberOfPorts'
    return [pscustomobject]@{
        StartPort     = $(if ($null -ne $start) { [int]$start } else { 49152 })
        NumberOfPorts = $(if ($null -ne $count) { [int]$count } else { 16384 })
        Excluded      = @(Get-Opt $d 'Excluded' | Where-Object { $null -ne $_ })
    }
}

# NetTCPIP's Get-NetTCPSetting: one row per TCP setting template; "Automatic" carries no values (as on
# Windows Server 2016 and later); the dynamic range is the same on every other row (netsh sets it globally).
function Get-NetTCPSetting {
    [CmdletBinding()] param([string[]]$SettingName)
    # "netsh": a host whose NetTCPIP answers no template with a range; the agent then asks netsh.
    if ((Get-Opt (Read-HostFactsDouble) 'dynamicPortsFrom') -eq 'netsh') { return }
    $d = Get-DynamicPortScenario
    foreach ($name in @('Automatic', 'InternetCustom', 'DatacenterCustom', 'Compat', 'Datacenter', 'Internet')) {
        $auto = $name -eq 'Automatic'
        New-CimLike 'MSFT_NetTCPSetting' ([ordered]@{ SettingName = $name; DynamicPortRangeStartPort = $(if ($auto) { $null } else { [uint16]$d.StartPort }); DynamicPortRangeNumberOfPorts = $(if ($auto) { $null } else { [uint16]$d.NumberOfPorts }) })
    }
}

# netsh's two read-only answers the agent asks for, in netsh's own layout (English labels).
function netsh {
    $line = ($args | ForEach-Object { [string]$_ }) -join ' '
    $d = Get-DynamicPortScenario
    switch -Regex ($line) {
        '^int ipv4 show dynamicport tcp$' {
            '', 'Protocol tcp Dynamic Port Range', '---------------------------------', ("Start Port      : {0}" -f $d.StartPort), ("Number of Ports : {0}" -f $d.NumberOfPorts), ''
        }
        '^int ipv4 show excludedportrange protocol=tcp$' {
            '', 'Protocol tcp Port Exclusion Ranges', '', 'Start Port    End Port', '----------    --------'
            foreach ($r in $d.Excluded) { '{0,10}    {1,8}' -f [int]@($r)[0], [int]@($r)[1] }
            '', '* - Administered port exclusions.', ''
        }
        default { throw "HostFacts double: netsh $line is not doubled." }
    }
}

Export-ModuleMember -Function @('Get-CimInstance', 'Get-ItemProperty', 'Get-NetConnectionProfile', 'Get-NetTCPSetting', 'netsh')
