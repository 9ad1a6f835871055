/**
 * scripts/Get-FtpServiceSessions.ps1 in real pwsh: what the rollout ships to a backend to count the FTP
 * service's own sessions (IIS's ftpServer/sessions runtime collection). Microsoft.Web.Administration cannot
 * load here, so the ServerManager is an object of its documented shape (Sites; a site's Name and Bindings;
 * GetChildElement('ftpServer').GetCollection('sessions')), and it fails as the runtime collection does when
 * the FTP service does not answer. Over real SSH remoting the script is run by test/e2e/rollout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';
import { spawnCollect } from '../../support/run-cli.js';

const script = join(repoRoot, 'scripts', 'Get-FtpServiceSessions.ps1');

const FAKE = `
function New-Site([string]$Name, [string[]]$Protocols, [int]$Sessions, [switch]$ServiceDown) {
  $ftp = [pscustomobject]@{ Sessions = $Sessions; Down = [bool]$ServiceDown }
  $ftp | Add-Member ScriptMethod GetCollection {
    param([string]$n)
    if ($n -ne 'sessions') { throw "unexpected collection $n" }
    if ($this.Down) { throw 'The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)' }
    ,@(for ($i = 0; $i -lt $this.Sessions; $i++) { [pscustomobject]@{ sessionId = "{$i}"; clientIp = "198.51.100.$i" } })
  }
  $site = [pscustomobject]@{ Name = $Name; Bindings = @($Protocols | ForEach-Object { [pscustomobject]@{ Protocol = $_ } }); Ftp = $ftp }
  $site | Add-Member ScriptMethod GetChildElement { param([string]$n) if ($n -ne 'ftpServer') { throw "unexpected element $n" }; $this.Ftp }
  $site
}
`;

async function count(sites: string): Promise<Record<string, unknown>> {
  const command = `${FAKE}\n$sm = [pscustomobject]@{ Sites = @(${sites}) }\n& '${script}' -ServerManager $sm | ConvertTo-Json -Compress -Depth 4`;
  const r = await spawnCollect(findPwsh(), ['-NoProfile', '-NonInteractive', '-Command', command], { env: pwshEnv() });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('FTP sites only (a web site has no FTP runtime), per site and in total', async () => {
  const r = await count(`(New-Site 'FTPS Site' 'ftp' 2), (New-Site 'Default Web Site' 'http','https' 5), (New-Site 'Partners' 'ftp' 1), (New-Site 'Idle' 'ftp' 0)`);
  assert.deepEqual(r, { readable: true, total: 3, sites: [{ name: 'FTPS Site', sessions: 2 }, { name: 'Partners', sessions: 1 }, { name: 'Idle', sessions: 0 }] });
});

test('a service that does not answer: unreadable, with its own words, never a count of 0', async () => {
  const r = await count(`(New-Site 'FTPS Site' 'ftp' 2), (New-Site 'Partners' 'ftp' 0 -ServiceDown)`);
  assert.equal(r.readable, false);
  assert.match(String(r.why), /sessions could not be read: The RPC server is unavailable/);
  assert.equal(r.total, undefined);
});

test('off Windows there is no IIS to ask: unreadable, saying so', async () => {
  const r = await spawnCollect(findPwsh(), ['-NoProfile', '-NonInteractive', '-Command', `& '${script}' | ConvertTo-Json -Compress`], { env: pwshEnv() });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { readable: false, why: 'this backend is not Windows, so there is no IIS FTP service to ask' });
});
