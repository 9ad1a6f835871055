# The configuration files the double works over, as IIS finds them: applicationHost.config from env
# FTPS_DOUBLE_APPHOST, redirected by a redirection.config beside it (shared configuration), and sections split
# into configSource files. Writes keep the file's encoding, BOM, line endings and everything not changed.

# path (full) -> entry { Path; Doc; Encoding; NewLine; Declaration; Dirty }
$script:OpenFiles = @{}

function Get-DoubleStateDir {
    $dir = $env:FTPS_DOUBLE_STATE_DIR
    if (-not $dir) { throw 'The WebAdministration test double needs env FTPS_DOUBLE_STATE_DIR (a folder for backups and ftpsvc state).' }
    if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
    return $dir
}

function Get-DoubleRequestedConfigPath {
    $p = $env:FTPS_DOUBLE_APPHOST
    if (-not $p) { throw 'The WebAdministration test double needs env FTPS_DOUBLE_APPHOST (the applicationHost.config to work on).' }
    return [IO.Path]::GetFullPath($p)
}

# The applicationHost.config IIS really uses: redirection.config beside the requested file may point elsewhere.
function Get-DoubleEffectiveConfigPath {
    $requested = Get-DoubleRequestedConfigPath
    $redirection = Join-Path ([IO.Path]::GetDirectoryName($requested)) 'redirection.config'
    if (Test-Path -LiteralPath $redirection) {
        $doc = New-Object System.Xml.XmlDocument
        $doc.Load($redirection)
        $node = $doc.SelectSingleNode('//configurationRedirection')
        if ($null -ne $node -and $node.GetAttribute('enabled') -eq 'true' -and $node.GetAttribute('path')) {
            $dir = $node.GetAttribute('path')
            if (-not [IO.Path]::IsPathRooted($dir)) { $dir = Join-Path ([IO.Path]::GetDirectoryName($requested)) $dir }
            return [IO.Path]::GetFullPath((Join-Path $dir 'applicationHost.config'))
        }
    }
    return $requested
}

function Read-DoubleConfigFile {
    param([string]$Path)
    $full = [IO.Path]::GetFullPath($Path)
    if ($script:OpenFiles.ContainsKey($full)) { return $script:OpenFiles[$full] }
    if (-not (Test-Path -LiteralPath $full)) { throw "Filename: $full`r`nError: Cannot read configuration file" }
    $bytes = [IO.File]::ReadAllBytes($full)
    $encoding = New-Object System.Text.UTF8Encoding($false)
    $skip = 0
    if ($bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF) {
        $encoding = New-Object System.Text.UTF8Encoding($true); $skip = 3
    } elseif ($bytes.Length -ge 2 -and $bytes[0] -eq 0xFF -and $bytes[1] -eq 0xFE) {
        $encoding = New-Object System.Text.UnicodeEncoding($false, $true); $skip = 2
    }
    $text = $encoding.GetString($bytes, $skip, $bytes.Length - $skip)
    $doc = New-Object System.Xml.XmlDocument
    $doc.PreserveWhitespace = $true
    $doc.LoadXml($text)
    $newLine = "`n"
    if ($text.Contains("`r`n")) { $newLine = "`r`n" }
    $entry = [pscustomobject]@{
        Path           = $full
        Doc            = $doc
        Encoding       = $encoding
        NewLine        = $newLine
        Declaration    = [regex]::Match($text, '^\s*<\?xml[^?]*\?>').Value
        Dirty          = $false
    }
    $script:OpenFiles[$full] = $entry
    return $entry
}

function Save-DoubleConfigFile {
    param($Entry)
    # The XML declaration is kept as written (XmlWriter would rewrite it); the rest is the document's own
    # text, whitespace preserved, with the file's line endings put back (the XML parser turns CRLF into LF).
    $sb = New-Object System.Text.StringBuilder
    [void]$sb.Append($Entry.Declaration)
    foreach ($node in $Entry.Doc.ChildNodes) {
        if ($node.NodeType -ne [System.Xml.XmlNodeType]::XmlDeclaration) { [void]$sb.Append($node.OuterXml) }
    }
    $text = $sb.ToString()
    if ($Entry.NewLine -eq "`r`n") { $text = $text.Replace("`r`n", "`n").Replace("`n", "`r`n") }
    $body = $Entry.Encoding.GetBytes($text)
    $preamble = $Entry.Encoding.GetPreamble()
    $bytes = New-Object byte[] ($preamble.Length + $body.Length)
    [Array]::Copy($preamble, 0, $bytes, 0, $preamble.Length)
    [Array]::Copy($body, 0, $bytes, $preamble.Length, $body.Length)
    # Write beside, then replace: a reader never sees half a file.
    $tmp = "$($Entry.Path).double-tmp"
    [IO.File]::WriteAllBytes($tmp, $bytes)
    Move-Item -LiteralPath $tmp -Destination $Entry.Path -Force
    $Entry.Dirty = $false
    # A commit replaces its files one after the other (each one whole): a crash test can stop it between two.
    if (@($script:OpenFiles.Values | Where-Object { $_.Dirty }).Count -gt 0) { Invoke-DoublePausePoint 'between-commit-files' }
}

# Crash tests (test/support/hardening/crash-lab.ts): when env FTPS_PAUSE_AT names this point, write
# FTPS_PAUSE_MARKER ("<pid> <point>") and sleep, once per process, so the test can kill the run exactly here.
$script:DoublePaused = @{}
function Invoke-DoublePausePoint {
    param([string]$Point)
    if ($env:FTPS_PAUSE_AT -ne $Point -or $script:DoublePaused.ContainsKey($Point)) { return }
    $script:DoublePaused[$Point] = $true
    Set-Content -LiteralPath $env:FTPS_PAUSE_MARKER -Value "$PID $Point" -Encoding ASCII
    Start-Sleep -Seconds 600
}

function Clear-DoubleOpenFiles { $script:OpenFiles = @{} }

# What an IIS backup covers (Backup.ps1): the local inetsrv\config files that exist, never the redirected shared file.
function Get-DoubleLocalConfigFiles {
    $folder = [IO.Path]::GetDirectoryName((Get-DoubleRequestedConfigPath))
    $files = @()
    foreach ($name in @('applicationHost.config', 'administration.config', 'redirection.config')) {
        $path = Join-Path $folder $name
        if (Test-Path -LiteralPath $path) { $files += [IO.Path]::GetFullPath($path) }
    }
    return , $files
}
