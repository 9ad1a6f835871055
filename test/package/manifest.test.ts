/**
 * The FtpsEnforcer module manifest, read by real pwsh: Test-ModuleManifest accepts it, it carries what a
 * PowerShell gallery shows (author, description, project and licence links, tags, release notes), its
 * version is package.json's, and it exports the installer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';
import { findPwsh, pwshEnv } from '../support/pwsh.js';
import { spawnCollect } from '../support/run-cli.js';

test('FtpsEnforcer.psd1 passes Test-ModuleManifest and has the gallery metadata', async () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const manifest = join(repoRoot, 'scripts', 'FtpsEnforcer', 'FtpsEnforcer.psd1');
  const script = `$m = Test-ModuleManifest -Path '${manifest}' -ErrorAction Stop
[pscustomobject]@{
  Version = $m.Version.ToString(); Author = $m.Author; Description = $m.Description
  ProjectUri = [string]$m.ProjectUri; LicenseUri = [string]$m.LicenseUri; Tags = @($m.Tags); ReleaseNotes = $m.ReleaseNotes
  Functions = @($m.ExportedFunctions.Keys | Sort-Object)
} | ConvertTo-Json -Compress`;
  const r = await spawnCollect(findPwsh(), ['-NoProfile', '-NonInteractive', '-Command', script], { env: pwshEnv() });
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.equal(m.Version, pkg.version, 'ModuleVersion follows package.json');
  assert.ok(m.Author.trim().length > 0);
  assert.ok(m.Description.length > 40);
  assert.equal(m.ProjectUri, pkg.homepage);
  assert.equal(m.LicenseUri, `${pkg.homepage}/blob/main/LICENSE`);
  assert.ok(m.Tags.includes('IIS') && m.Tags.includes('FTPS'));
  assert.match(m.ReleaseNotes, new RegExp(pkg.version.replace(/\./g, '\\.')));
  assert.deepEqual(m.Functions, ['Install-FtpsEnforcer', 'Invoke-FtpsEnforcer', 'Test-FtpsEnforcer', 'Uninstall-FtpsEnforcer']);
});
