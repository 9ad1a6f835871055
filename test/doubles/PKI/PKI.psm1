# Test double of the Cert: drive (the certificate provider does not exist on Linux). Import it -Global before
# the agent module: its Get-Item function then answers Cert:\LocalMachine\<store>\<thumbprint> paths from
# files, and passes every other path to the real Get-Item.
# Store: the folder in $env:FTPS_CERT_STORE_DOUBLE, one sub-folder per store name, holding <THUMBPRINT>.pfx
# (certificate with private key) or <THUMBPRINT>.cer (certificate only). The object returned is an
# X509Certificate2, as on Windows, with the provider's DnsNameList added (list of objects with Punycode and
# Unicode, like Microsoft.PowerShell.Commands.DnsNameRepresentation: about_Certificate_Provider).
Set-StrictMode -Version Latest

# PowerShell's type data declares DnsNameList on X509Certificate2, but off Windows it yields nothing: replace
# it with one computed the provider's way (SAN DNS names, else the subject's DNS name). Self-contained, as a
# type-data script runs outside this module.
Update-TypeData -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2 -MemberName DnsNameList -MemberType ScriptProperty -Force -Value {
    $names = New-Object System.Collections.Generic.List[string]
    foreach ($ext in $this.Extensions) {
        if ($ext.Oid.Value -eq '2.5.29.17') {
            $san = [System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension]::new($ext.RawData, $ext.Critical)
            foreach ($n in $san.EnumerateDnsNames()) { $names.Add($n) }
        }
    }
    if ($names.Count -eq 0) {
        $cn = $this.GetNameInfo([System.Security.Cryptography.X509Certificates.X509NameType]::DnsName, $false)
        if ($cn) { $names.Add($cn) }
    }
    $idn = [System.Globalization.IdnMapping]::new()
    $list = New-Object 'System.Collections.Generic.List[object]'
    foreach ($n in $names) { $list.Add([pscustomobject]@{ Punycode = $idn.GetAscii($n); Unicode = $idn.GetUnicode($n) }) }
    , $list
}

function Get-Item {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Position = 0, ValueFromPipeline = $true)][string[]]$Path,
        [Parameter(ParameterSetName = 'LiteralPath')][Alias('PSPath')][string[]]$LiteralPath,
        [switch]$Force
    )
    $target = @(if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $LiteralPath } else { $Path })
    if (@($target).Count -eq 1 -and [string]$target[0] -match '^Cert:\\LocalMachine\\([^\\]+)\\([0-9A-Fa-f]+)$') {
        # Store names are case-insensitive on Windows (My = MY).
        $store = $Matches[1]
        $thumb = $Matches[2].ToUpperInvariant()
        $dirItem = @(Microsoft.PowerShell.Management\Get-ChildItem -LiteralPath $env:FTPS_CERT_STORE_DOUBLE -Directory | Where-Object { $_.Name -ieq $store })
        $dir = if ($dirItem.Count -gt 0) { $dirItem[0].FullName } else { Join-Path $env:FTPS_CERT_STORE_DOUBLE $store }
        foreach ($ext in @('pfx', 'cer')) {
            $file = Join-Path $dir "$thumb.$ext"
            if (Test-Path -LiteralPath $file) {
                $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($file, [string]'', [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable)
                $cert | Add-Member -NotePropertyName PSParentPath -NotePropertyValue "Microsoft.PowerShell.Security\Certificate::LocalMachine\$store"
                return $cert
            }
        }
        $err = [System.Management.Automation.ErrorRecord]::new([System.Management.Automation.ItemNotFoundException]::new("Cannot find path '$($target[0])' because it does not exist."), 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', $target[0])
        $PSCmdlet.WriteError($err)
        return
    }
    Microsoft.PowerShell.Management\Get-Item @PSBoundParameters
}

Export-ModuleMember -Function Get-Item
