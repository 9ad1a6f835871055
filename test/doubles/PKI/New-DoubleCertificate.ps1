# Creates a self-signed certificate for the PKI double (the test stand-in for New-SelfSignedCertificate +
# the LocalMachine store): writes <store>/<THUMBPRINT>.pfx (with key) or .cer (without) under -StoreRoot and
# prints the thumbprint. Runs on PowerShell 7 (.NET CertificateRequest).
param(
    [Parameter(Mandatory = $true)][string]$StoreRoot,
    [string]$StoreName = 'MY',
    [string]$Subject = 'CN=ftp.example.com',
    [string[]]$DnsName = @(),
    [string[]]$IpAddress = @(),
    [int]$NotBeforeDays = -1,
    [int]$NotAfterDays = 365,
    [switch]$NoPrivateKey,
    # The test's clock (ISO 8601, UTC): validity is counted from it, never from the wall clock.
    [Parameter(Mandatory = $true)][string]$Now
)
$ErrorActionPreference = 'Stop'
# With pwsh -File, "a,b" arrives as one string: split lists here.
$DnsName = @($DnsName | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$IpAddress = @($IpAddress | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$rsa = [System.Security.Cryptography.RSA]::Create(2048)
$req = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
if ($DnsName.Count -gt 0 -or $IpAddress.Count -gt 0) {
    $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    foreach ($d in $DnsName) { $san.AddDnsName($d) }
    foreach ($i in $IpAddress) { $san.AddIpAddress([System.Net.IPAddress]::Parse($i)) }
    $req.CertificateExtensions.Add($san.Build())
}
$from = [DateTimeOffset]::Parse($Now, [Globalization.CultureInfo]::InvariantCulture)
$cert = $req.CreateSelfSigned($from.AddDays($NotBeforeDays), $from.AddDays($NotAfterDays))
$dir = Join-Path $StoreRoot $StoreName
$null = New-Item -ItemType Directory -Force -Path $dir
if ($NoPrivateKey) {
    [System.IO.File]::WriteAllBytes((Join-Path $dir "$($cert.Thumbprint).cer"), $cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Cert))
} else {
    [System.IO.File]::WriteAllBytes((Join-Path $dir "$($cert.Thumbprint).pfx"), $cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, ''))
}
$cert.Thumbprint
