/**
 * Configurations with no FTP server (issue 14, item 8): audit exits 1 with one
 * sentence, and nothing is planned or written; a server that has the FTP role
 * but no FTP site keeps its warning.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../support/paths.js';
import { runCli } from '../../support/run-cli.js';

const desired = fixture('desired.json');
const shape = (name: string) => fixture('real-world-shapes', name);

describe('audit of a configuration without FTP', () => {
  for (const name of ['ftp-role-removed.config', 'iis-express.config', 'hostable-web-core.config']) {
    test(`${name}: exit 1, one sentence, no report, plan or script written`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'ftps-noftp-'));
      const r = runCli(['audit', '--config', shape(name), '--desired', desired, '--output', 'report.txt', '--out', 'plan.json', '--emit-script', 'fix.ps1'], { cwd: dir });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: .*FTP is not installed in this configuration .*Install-WindowsFeature Web-Ftp-Server.*\.\n$/);
      assert.deepEqual(readdirSync(dir), [], 'nothing written');
    });
  }

  test('apply refuses it the same way, before any PowerShell', () => {
    const r = runCli(['apply', '--config', shape('ftp-role-removed.config'), '--desired', desired, '--powershell', '/nonexistent/pwsh'], { env: { FTPS_ENFORCER_STATE_DIR: mkdtempSync(join(tmpdir(), 'ftps-noftp-state-')) } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /FTP is not installed in this configuration/);
    assert.doesNotMatch(r.stderr, /pwsh/);
  });

  test('the FTP role installed but no FTP site: today\'s warning, exit 2 for the server-wide drift', () => {
    const r = runCli(['audit', '--config', shape('iis-without-ftp-site.config'), '--desired', desired, '--format', 'json']);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: Array<{ code: string; status: string }> };
    assert.ok(report.findings.some((f) => f.code === 'NO_FTP_SITES' && f.status === 'warning'), JSON.stringify(report.findings.map((f) => f.code)));
  });
});

test('a disabled redirection.config beside the file is not called a configSource file', () => {
  const r = runCli(['audit', '--config', fixture('redirection-disabled', 'applicationHost.config'), '--desired', desired]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /also read: .*redirection\.config \(shared configuration not enabled\)/);
  assert.doesNotMatch(r.stdout, /configSource/);
  assert.equal(existsSync(fixture('redirection-disabled', 'redirection.config')), true);
});
