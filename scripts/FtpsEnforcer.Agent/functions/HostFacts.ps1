# Host facts beyond applicationHost.config (issue 10): the certificate each FTP site names, Windows Firewall
# rules and settings, the ftpsvc service, SCHANNEL protocol registry values. READ-ONLY. Each helper returns
# one plain object (enums as their names, times as ISO 8601 UTC) and makes no decision: the TypeScript side
# (src/host/) judges coverage, expiry, pending restarts and TLS defaults. Windows PowerShell 5.1 compatible.

function ConvertTo-AgentIsoTime {
    param($Value)
    if ($null -eq $Value) { return $null }
    return ([datetime]$Value).ToUniversalTime().ToString('o')
}

# Strict mode makes a missing property an error; older Windows builds lack some (e.g. DelayedAutoStart).
function Get-AgentOptionalProperty {
    param($Object, [string]$Name)
    if ($null -eq $Object) { return $null }
    $p = $Object.PSObject.Properties[$Name]
    if ($null -eq $p) { return $null }
    return $p.Value
}

function ConvertTo-AgentStringArray {
    param($Value)
    if ($null -eq $Value) { return @() }
    return @(@($Value) | ForEach-Object { [string]$_ })
}

function Get-AgentHostOsFact {
    $os = Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop
    $build = Get-AgentOptionalProperty $os 'BuildNumber'
    return [ordered]@{
        caption     = [string](Get-AgentOptionalProperty $os 'Caption')
        version     = [string](Get-AgentOptionalProperty $os 'Version')
        buildNumber = $(if ($null -ne $build -and [string]$build -match '^\d+$') { [int]$build } else { $null })
        productType = $(if ($null -ne (Get-AgentOptionalProperty $os 'ProductType')) { [int]$os.ProductType } else { $null })
    }
}

# Get-Item Cert:\LocalMachine\<store>\<thumbprint>; the Cert: provider adds DnsNameList (about_Certificate_Provider).
function Get-AgentHostCertificateFact {
    param([Parameter(Mandatory = $true)][string]$StoreName, [Parameter(Mandatory = $true)][string]$Thumbprint)
    $fact = [ordered]@{ storeName = $StoreName; thumbprint = $Thumbprint; found = $false }
    if ($Thumbprint -notmatch '^[0-9A-Fa-f]+$' -or $StoreName -match '[\\/*?]') { return $fact }
    $cert = Get-Item -LiteralPath ("Cert:\LocalMachine\{0}\{1}" -f $StoreName, $Thumbprint) -ErrorAction SilentlyContinue
    if ($null -eq $cert) { return $fact }
    $fact.found = $true
    $fact.subject = [string]$cert.Subject
    $fact.issuer = [string]$cert.Issuer
    $fact.notBefore = ConvertTo-AgentIsoTime $cert.NotBefore
    $fact.notAfter = ConvertTo-AgentIsoTime $cert.NotAfter
    $fact.hasPrivateKey = [bool]$cert.HasPrivateKey
    # DnsNameList is a script property; a certificate it cannot parse must not cost the other facts.
    $names = @()
    try { $names = @(Get-AgentOptionalProperty $cert 'DnsNameList') } catch { $names = @() }
    $fact.dnsNameList = @($names | Where-Object { $null -ne $_ } | ForEach-Object {
            $u = Get-AgentOptionalProperty $_ 'Unicode'
            if ($null -ne $u) { [string]$u } else { [string]$_ }
        })
    $fact.rawDataBase64 = [System.Convert]::ToBase64String($cert.RawData)
    return $fact
}

# Inbound rules of the ACTIVE store (local and Group Policy rules as enforced), joined with their filters by
# InstanceID; only TCP (or any-protocol) rules, the only ones that can matter for FTPS.
function Get-AgentHostFirewallFact {
    $store = @{ PolicyStore = 'ActiveStore'; ErrorAction = 'Stop' }
    $ports = @{}; foreach ($f in @(Get-NetFirewallPortFilter @store)) { $ports[[string]$f.InstanceID] = $f }
    $apps = @{}; foreach ($f in @(Get-NetFirewallApplicationFilter @store)) { $apps[[string]$f.InstanceID] = $f }
    $services = @{}; foreach ($f in @(Get-NetFirewallServiceFilter @store)) { $services[[string]$f.InstanceID] = $f }
    $addresses = @{}; foreach ($f in @(Get-NetFirewallAddressFilter @store)) { $addresses[[string]$f.InstanceID] = $f }
    $rules = New-Object System.Collections.ArrayList
    foreach ($r in @(Get-NetFirewallRule -Direction Inbound @store)) {
        $id = [string]$r.Name
        $pf = $ports[$id]
        $protocol = if ($null -ne $pf) { [string]$pf.Protocol } else { 'Any' }
        if ($protocol -notin @('TCP', '6', 'Any')) { continue }
        $af = $apps[$id]; $sf = $services[$id]; $ad = $addresses[$id]
        $null = $rules.Add([ordered]@{
                name              = $id
                displayName       = [string]$r.DisplayName
                group             = $(if ([string]::IsNullOrEmpty([string]$r.Group)) { $null } else { [string]$r.Group })
                enabled           = [string]$r.Enabled
                action            = [string]$r.Action
                profile           = [string]$r.Profile
                protocol          = $protocol
                localPort         = @(if ($null -ne $pf) { ConvertTo-AgentStringArray $pf.LocalPort } else { 'Any' })
                program           = $(if ($null -ne $af) { [string]$af.Program } else { 'Any' })
                service           = $(if ($null -ne $sf) { [string]$sf.Service } else { 'Any' })
                remoteAddress     = @(if ($null -ne $ad) { ConvertTo-AgentStringArray $ad.RemoteAddress } else { 'Any' })
                policyStoreSource = [string](Get-AgentOptionalProperty $r 'PolicyStoreSource')
            })
    }
    $profiles = @(Get-NetFirewallProfile @store | ForEach-Object {
            [ordered]@{ name = [string]$_.Name; enabled = [string]$_.Enabled; defaultInboundAction = [string]$_.DefaultInboundAction }
        })
    $setting = Get-NetFirewallSetting @store
    # NetConnection may be absent (Server Core without it): then every profile is evaluated.
    $categories = $null
    if (Get-Command -Name Get-NetConnectionProfile -ErrorAction SilentlyContinue) {
        $categories = @(@(Get-NetConnectionProfile -ErrorAction SilentlyContinue) | ForEach-Object { [string]$_.NetworkCategory })
    }
    $dynamic = $null
    try { $dynamic = Get-AgentHostDynamicPortFact } catch { $dynamic = $null }
    return [ordered]@{
        rules                  = @($rules)
        profiles               = $profiles
        activeNetworkCategories = $categories
        enableStatefulFtp      = $(if ($null -ne $setting) { [string]$setting.EnableStatefulFtp } else { $null })
        dynamicPortRange       = $dynamic
    }
}

# The TCP dynamic port range, which IIS uses when its passive range is 0-0, and the ranges excluded from it
# (netsh int ipv4 add excludedportrange). Get-NetTCPSetting where it exists (one row per setting template;
# "Automatic" has no range), else `netsh int ipv4 show dynamicport tcp` ("Start Port : 49152" in any language).
function Get-AgentHostDynamicPortFact {
    $fact = $null
    if (Get-Command -Name Get-NetTCPSetting -ErrorAction SilentlyContinue) {
        foreach ($s in @(Get-NetTCPSetting -ErrorAction Stop)) {
            $start = Get-AgentOptionalProperty $s 'DynamicPortRangeStartPort'
            $count = Get-AgentOptionalProperty $s 'DynamicPortRangeNumberOfPorts'
            if ($null -ne $start -and $null -ne $count -and [int]$count -gt 0) {
                $fact = [ordered]@{ startPort = [int]$start; numberOfPorts = [int]$count; source = 'Get-NetTCPSetting' }
                break
            }
        }
    }
    if ($null -eq $fact) {
        $numbers = @([regex]::Matches(((@(netsh int ipv4 show dynamicport tcp) | ForEach-Object { [string]$_ }) -join "`n"), ':\s*(\d+)') | ForEach-Object { [int]$_.Groups[1].Value })
        if ($numbers.Count -lt 2) { return $null }
        $fact = [ordered]@{ startPort = $numbers[0]; numberOfPorts = $numbers[1]; source = 'netsh' }
    }
    # Excluded ranges print as "<start> <end>" rows under a header.
    $excluded = @(@(netsh int ipv4 show excludedportrange protocol=tcp) | ForEach-Object {
            if ([string]$_ -match '^\s*(\d+)\s+(\d+)') { [ordered]@{ from = [int]$Matches[1]; to = [int]$Matches[2] } }
        })
    $fact.excluded = @($excluded)
    return $fact
}

# ftpsvc through CIM: state, start mode, and the creation time of its process (ftpsvc runs in its own svchost).
function Get-AgentHostServiceFact {
    $svc = Get-CimInstance -ClassName Win32_Service -Filter "Name='ftpsvc'" -ErrorAction Stop
    if ($null -eq $svc) { return [ordered]@{ installed = $false } }
    $processId = Get-AgentOptionalProperty $svc 'ProcessId'
    $started = $null
    if ($null -ne $processId -and [int64]$processId -gt 0) {
        $proc = Get-CimInstance -ClassName Win32_Process -Filter ("ProcessId={0}" -f [int64]$processId) -ErrorAction SilentlyContinue
        if ($null -ne $proc) { $started = ConvertTo-AgentIsoTime (Get-AgentOptionalProperty $proc 'CreationDate') }
    }
    $delayed = Get-AgentOptionalProperty $svc 'DelayedAutoStart'
    return [ordered]@{
        installed        = $true
        state            = [string]$svc.State
        startMode        = [string]$svc.StartMode
        delayedAutoStart = $(if ($null -ne $delayed) { [bool]$delayed } else { $null })
        processId        = $(if ($null -ne $processId) { [int64]$processId } else { $null })
        processStartTime = $started
    }
}

# SCHANNEL server-side values; an absent key or value is reported as such (the OS default then applies).
function Get-AgentHostTlsFact {
    $root = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
    foreach ($protocol in @('TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3')) {
        $values = $null
        try {
            $values = Get-ItemProperty -LiteralPath ("{0}\{1}\Server" -f $root, $protocol) -ErrorAction Stop
        } catch [System.Management.Automation.ItemNotFoundException] {
            $values = $null
        }
        $enabled = Get-AgentOptionalProperty $values 'Enabled'
        $dbd = Get-AgentOptionalProperty $values 'DisabledByDefault'
        [ordered]@{
            protocol          = $protocol
            keyExists         = ($null -ne $values)
            enabled           = $(if ($null -ne $enabled) { [int64][int32]$enabled } else { $null })
            disabledByDefault = $(if ($null -ne $dbd) { [int64][int32]$dbd } else { $null })
        }
    }
}

# Runs one fact query; a failure is recorded (fact, message) and the fact is null, the others still run.
function Invoke-AgentHostFactQuery {
    param([string]$Fact, [scriptblock]$Query, [System.Collections.ArrayList]$Errors)
    try {
        return (& $Query)
    } catch {
        $null = $Errors.Add([ordered]@{ fact = $Fact; message = [string]$_.Exception.Message })
        return $null
    }
}

# Entry point: payload { certificates: [{storeName, thumbprint}], firewall, service, tls } -> one JSON line.
function Get-FtpsHostFacts {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PayloadBase64)
    $request = ConvertFrom-AgentPayload -PayloadBase64 $PayloadBase64
    $errors = New-Object System.Collections.ArrayList
    $os = Invoke-AgentHostFactQuery -Fact 'os' -Errors $errors -Query { Get-AgentHostOsFact }
    $certificates = @()
    foreach ($c in @(Get-AgentOptionalProperty $request 'certificates')) {
        if ($null -eq $c) { continue }
        $one = Invoke-AgentHostFactQuery -Fact ("certificate {0}" -f $c.thumbprint) -Errors $errors -Query { Get-AgentHostCertificateFact -StoreName ([string]$c.storeName) -Thumbprint ([string]$c.thumbprint) }
        if ($null -ne $one) { $certificates += , $one }
    }
    $want = { param($name) [bool](Get-AgentOptionalProperty $request $name) }
    $tls = $null
    if (& $want 'tls') { $tls = Invoke-AgentHostFactQuery -Fact 'tls' -Errors $errors -Query { Get-AgentHostTlsFact } }
    Write-AgentResult ([ordered]@{
            collectedAt  = ConvertTo-AgentIsoTime (Get-Date)
            computerName = [System.Environment]::MachineName
            os           = $os
            certificates = @($certificates)
            firewall     = $(if (& $want 'firewall') { Invoke-AgentHostFactQuery -Fact 'firewall' -Errors $errors -Query { Get-AgentHostFirewallFact } } else { $null })
            service      = $(if (& $want 'service') { Invoke-AgentHostFactQuery -Fact 'service' -Errors $errors -Query { Get-AgentHostServiceFact } } else { $null })
            tls          = $(if ($null -ne $tls) { , @($tls) } else { $null })
            errors       = @($errors)
        })
}
