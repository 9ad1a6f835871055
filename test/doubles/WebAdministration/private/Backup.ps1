# Named configuration backups, as Backup-/Restore-WebConfiguration keep them (IIS: %windir%\System32\inetsrv\backup\NAME;
# here: $env:FTPS_DOUBLE_STATE_DIR/backup/NAME), on the pessimistic reading of IIS (DOMAIN.md, shared configuration):
# a backup holds only the local inetsrv\config files, i.e. applicationHost.config, administration.config and
# redirection.config in the folder of the requested applicationHost.config. A shared applicationHost.config that
# redirection.config points to, and configSource files, are neither backed up nor restored. A restore puts the
# bytes of the files it holds back exactly.

function Get-DoubleBackupRoot { Join-Path (Get-DoubleStateDir) 'backup' }

function Backup-WebConfiguration {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Name)
    if ($Name -match '[\\/:*?"<>|]' -or $Name -eq '.' -or $Name -eq '..') { throw "Backup name '$Name' is not valid." }
    if ((Read-DoubleServiceState).failBackup) {
        # Failure injection: the backup folder cannot be written (as with a full disk or a denied %windir%\System32\inetsrv\backup).
        throw "Cannot create backup '$Name': Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))"
    }
    $dir = Join-Path (Get-DoubleBackupRoot) $Name
    if (Test-Path -LiteralPath $dir) { throw "Cannot create backup '$Name': a backup with that name already exists." }
    New-Item -ItemType Directory -Path $dir -Force | Out-Null
    $manifest = @()
    $i = 0
    foreach ($file in (Get-DoubleLocalConfigFiles)) {
        $stored = "file$i.config"
        Copy-Item -LiteralPath $file -Destination (Join-Path $dir $stored)
        $manifest += [pscustomobject]@{ original = $file; stored = $stored }
        $i++
    }
    $info = [pscustomobject]@{ name = $Name; creationDate = [DateTime]::UtcNow.ToString('o'); files = $manifest }
    Set-Content -LiteralPath (Join-Path $dir 'backup.json') -Value (ConvertTo-Json $info -Depth 5) -Encoding UTF8
    Get-WebConfigurationBackup -Name $Name
}

function Get-WebConfigurationBackup {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Name)
    $root = Get-DoubleBackupRoot
    if (-not (Test-Path -LiteralPath $root)) { return }
    foreach ($d in (Get-ChildItem -LiteralPath $root -Directory)) {
        if ($Name -and $d.Name -ne $Name) { continue }
        $info = Get-Content -LiteralPath (Join-Path $d.FullName 'backup.json') -Raw | ConvertFrom-Json
        [pscustomobject]@{ Name = $info.name; CreationDate = [DateTime]::Parse($info.creationDate).ToUniversalTime() }
    }
}

function Restore-WebConfiguration {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][string]$Name)
    $dir = Join-Path (Get-DoubleBackupRoot) $Name
    $manifestPath = Join-Path $dir 'backup.json'
    if (-not (Test-Path -LiteralPath $manifestPath)) { throw "Cannot restore backup '$Name': no backup with that name exists." }
    $info = Get-Content -LiteralPath $manifestPath -Raw | ConvertFrom-Json
    if ((Read-DoubleServiceState).failRestore) {
        # Failure injection: the configuration files cannot be replaced (held open, or access denied); nothing is written.
        throw "Cannot restore backup '$Name': Filename: \\?\$(Get-DoubleEffectiveConfigPath)`r`nError: Cannot write configuration file"
    }
    foreach ($f in $info.files) {
        [IO.File]::WriteAllBytes($f.original, [IO.File]::ReadAllBytes((Join-Path $dir $f.stored)))
    }
    Clear-DoubleOpenFiles
}
