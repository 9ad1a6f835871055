import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../support/paths.js';
import { runCli } from '../../support/run-cli.js';

const broken = fixture('broken-backend', 'applicationHost.config');
const desired = fixture('desired.json');
const scratch = () => mkdtempSync(join(tmpdir(), 'ftps-audit-'));

/** One plain sentence on stderr, no stack trace, exit 1. */
function assertUserError(r: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) {
  assert.equal(r.code, 1, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, /^error: /);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace without --verbose');
  assert.equal(r.stdout, '', 'no half-written report');
}

describe('ftps-enforcer audit (CLI)', () => {
  test('drift: exit 2, a text plan naming the failure; compliant: exit 0', () => {
    const r = runCli(['audit', '--config', broken, '--desired', desired]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /externalIp4Address: \(not set\) → 203\.0\.113\.10/);
    assert.match(r.stdout, /clients will be sent to .* instead of the VIP 203\.0\.113\.10/);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour when not a terminal');
    assert.equal(runCli(['audit', '--config', fixture('fixed-backend', 'applicationHost.config'), '--desired', desired]).code, 0);
  });

  test('apply --dry-run is exactly audit', () => {
    const strip = (s: string) => s.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/ftps-enforcer (audit|apply)/, 'CMD');
    const a = runCli(['audit', '--config', broken, '--desired', desired]);
    const d = runCli(['apply', '--dry-run', '--config', broken, '--desired', desired]);
    assert.equal(d.code, a.code);
    assert.equal(strip(d.stdout), strip(a.stdout));
  });

  test('audit never writes the configuration and never starts PowerShell', () => {
    const dir = scratch();
    const marker = join(dir, 'powershell-was-started');
    for (const name of ['pwsh', 'powershell', 'powershell.exe']) {
      writeFileSync(join(dir, name), `#!/bin/sh\ntouch '${marker}'\n`);
      chmodSync(join(dir, name), 0o755);
    }
    const before = { bytes: readFileSync(broken), mtime: statSync(broken).mtimeMs };
    for (const format of ['text', 'json', 'markdown', 'junit']) {
      const r = runCli(['audit', '--config', broken, '--desired', desired, '--format', format], { env: { PATH: `${dir}:${process.env.PATH}` } });
      assert.equal(r.code, 2, format);
    }
    assert.equal(existsSync(marker), false, 'a PowerShell stand-in on PATH was started');
    assert.deepEqual(readFileSync(broken), before.bytes);
    assert.equal(statSync(broken).mtimeMs, before.mtime);
  });

  test('--output, --out and --emit-script write the report, the plan and the review script', () => {
    const dir = scratch();
    const r = runCli(['audit', '--config', broken, '--desired', desired, '--format', 'json', '--output', 'report.json', '--out', 'plan.json', '--emit-script', 'fix.ps1'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    assert.equal(report.compliant, false);
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    assert.equal(plan.formatVersion, 1);
    assert.match(plan.config.contentHash, /^[0-9a-f]{64}$/);
    const script = readFileSync(join(dir, 'fix.ps1'), 'utf8');
    assert.match(script, /Set-WebConfigurationProperty -PSPath 'MACHINE\/WEBROOT\/APPHOST' -Filter 'system\.applicationHost\/sites\/siteDefaults\/ftpServer\/firewallSupport' -Name 'externalIp4Address' -Value '203\.0\.113\.10'/);
  });

  test('the JSON report keeps the DESIGN.md contract', () => {
    const r = runCli(['audit', '--config', fixture('site-override-backend-address', 'applicationHost.config'), '--desired', desired, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    assert.equal(report.compliant, false);
    assert.deepEqual(report.findings.map((f: any) => [f.site, f.setting, f.current, f.desired, f.fixable]), [['FTPS Site', 'externalIp4Address', '10.0.1.11', '203.0.113.10', true]]);
  });

  test('a missing configuration file: one sentence naming it, exit 1', () => {
    assertUserError(runCli(['audit', '--config', '/nonexistent/applicationHost.config', '--desired', desired]), /\/nonexistent\/applicationHost\.config/);
  });

  test('malformed XML: one sentence with file, line and column', () => {
    const r = runCli(['audit', '--config', fixture('malformed', 'mismatched-end-tag.config'), '--desired', desired]);
    assertUserError(r, /mismatched-end-tag\.config.*line \d+.*column \d+|mismatched-end-tag\.config:\d+:\d+/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  test('a desired state with a host name: names the key, exit 1', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'd.json'), JSON.stringify({ externalIp4Address: 'ftp.example.com', lowDataChannelPort: 50000, highDataChannelPort: 50099 }));
    const r = runCli(['audit', '--config', broken, '--desired', join(dir, 'd.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /externalIp4Address/);
    assert.match(r.stderr, /host name/);
  });

  test('--verbose shows the stack of a user error; usage errors are one line', () => {
    const v = runCli(['audit', '--config', '/nonexistent/applicationHost.config', '--desired', desired, '--verbose']);
    assert.equal(v.code, 1);
    assert.match(v.stderr, /\n\s+at /);
    const u = runCli(['audit']);
    assert.equal(u.code, 1);
    assert.match(u.stderr, /^error: .*desired/);
    const unknown = runCli(['audit', '--desired', desired, '--config', broken, '--formta', 'json']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /formta/);
  });

  test('--config is required off Windows', () => {
    assertUserError(runCli(['audit', '--desired', desired]), /--config is required/);
  });
});
