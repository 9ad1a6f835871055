# The agent's own backup of every file apply may write (src/apply/file-backup.ts): IIS's Backup-WebConfiguration is
# assumed to cover only the local inetsrv\config files, not a shared applicationHost.config on a share nor (not
# documented) configSource files. Node hashes the files just before the apply call and records the hashes in its
# journal; here, at the backup point, each file is copied into the state folder and the copy checked against that
# hash; on rollback each file that no longer has its hash is put back (written beside, then moved over it) and
# checked again.
# Payload part: fileBackup = { folder, files: [{ path, sha256 }] }

# The payload's fileBackup, or $null when Node sent none (StrictMode: a missing property must not throw).
function Get-AgentFileBackup {
    param($Payload)
    $p = $Payload.PSObject.Properties['fileBackup']
    if ($null -eq $p) { return $null }
    return $p.Value
}

function Get-AgentFileHash {
    param([string]$Path)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $stream = [IO.File]::OpenRead($Path)
        try { return ([BitConverter]::ToString($sha.ComputeHash($stream)) -replace '-', '').ToLowerInvariant() } finally { $stream.Dispose() }
    } finally { $sha.Dispose() }
}

# Copies every file into the backup folder (which must not exist yet); throws a sentence when a file is not what
# Node hashed (someone wrote it since the plan) or a copy does not match.
function Backup-AgentConfigFiles {
    param([Parameter(Mandatory = $true)]$FileBackup)
    $folder = [string]$FileBackup.folder
    if (Test-Path -LiteralPath $folder) { throw "The backup folder $folder already exists: another run used the same backup name; nothing was written." }
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    $i = 0
    $manifest = @()
    foreach ($f in @($FileBackup.files)) {
        $copy = Join-Path $folder ('{0}-{1}' -f $i, [IO.Path]::GetFileName([string]$f.path))
        [IO.File]::Copy([string]$f.path, $copy, $false)
        $hash = Get-AgentFileHash -Path $copy
        if ($hash -ne [string]$f.sha256) {
            throw "$($f.path) changed between the plan and the backup (sha256 $hash, planned from $($f.sha256)); nothing was written, run apply again."
        }
        $manifest += [ordered]@{ path = [string]$f.path; sha256 = $hash; copy = $copy }
        $i++
    }
    # For a person restoring by hand: which copy is which file.
    Set-Content -LiteralPath (Join-Path $folder 'files.json') -Value (ConvertTo-Json -InputObject @($manifest) -Depth 4) -Encoding UTF8
}

# Puts back every file whose hash differs from the recorded one and checks it. Returns { ok; restored; message }:
# ok means every file has its hash from before the run again.
function Restore-AgentConfigFiles {
    param([Parameter(Mandatory = $true)]$FileBackup)
    $folder = [string]$FileBackup.folder
    $restored = @()
    $problems = @()
    $i = 0
    foreach ($f in @($FileBackup.files)) {
        $path = [string]$f.path
        $want = [string]$f.sha256
        $copy = Join-Path $folder ('{0}-{1}' -f $i, [IO.Path]::GetFileName($path))
        $i++
        try {
            if ((Test-Path -LiteralPath $path) -and (Get-AgentFileHash -Path $path) -eq $want) { continue }
            if (-not (Test-Path -LiteralPath $copy)) { throw "no copy of it was made ($copy)" }
            if ((Get-AgentFileHash -Path $copy) -ne $want) { throw "its copy $copy does not have the recorded hash" }
            $tmp = "$path.ftps-enforcer-restore"
            [IO.File]::Copy($copy, $tmp, $true)
            Move-Item -LiteralPath $tmp -Destination $path -Force
            if ((Get-AgentFileHash -Path $path) -ne $want) { throw 'it reads back different after the restore' }
            $restored += $path
        } catch {
            $problems += "$path was not restored: $($_.Exception.Message)"
        }
    }
    $message = if ($problems.Count -gt 0) { $problems -join '; ' }
    elseif ($restored.Count -gt 0) { "the agent's own copies put back $($restored -join ', ') (sha256 checked)" }
    else { "every file apply may write has its hash from before the run (sha256 checked)" }
    return [ordered]@{ ok = ($problems.Count -eq 0); restored = @($restored); message = $message }
}
