/**
 * No output option may name an input (issue 14, item 1), through the real CLI:
 * each option over each input kind is refused with exit 1 and one sentence,
 * and nothing is written (the input keeps its bytes, the log file included).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../support/paths.js';
import { runCli } from '../../support/run-cli.js';

/** A copy of the configSource and shared-configuration fixtures, so a failure could only hurt the copy. */
function lab() {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-out-in-'));
  cpSync(fixture('configsource-split'), join(dir, 'split'), { recursive: true });
  cpSync(fixture('shared-config'), join(dir, 'shared-config'), { recursive: true });
  cpSync(fixture('desired.json'), join(dir, 'desired.json'));
  return {
    dir,
    split: join(dir, 'split', 'applicationHost.config'),
    sitesConfig: join(dir, 'split', 'sites.config'),
    requested: join(dir, 'shared-config', 'applicationHost.config'),
    redirection: join(dir, 'shared-config', 'redirection.config'),
    shared: join(dir, 'shared-config', 'shared', 'applicationHost.config'),
    desired: join(dir, 'desired.json'),
  };
}

function assertRefused(r: { code: number | null; stdout: string; stderr: string }, option: string, role: string) {
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^error: ${option} .* is the ${role} .* this run reads, so writing it would destroy an input; nothing was written: give ${option} another file\\.\\n$`));
}

describe('audit: outputs over inputs', () => {
  const options = [['--output', []], ['--out', []], ['--emit-script', []], ['--log-file', []]] as const;
  for (const [option] of options) {
    test(`${option} over the configuration, a configSource file, the redirected and redirecting files, the desired state`, () => {
      const l = lab();
      const cases: Array<[string, string, string]> = [
        [l.split, l.split, 'configuration'],
        [l.split, l.sitesConfig, 'configSource file'],
        [l.requested, l.requested, 'configuration'],
        [l.requested, l.shared, 'configuration'],
        [l.requested, l.redirection, 'redirection.config'],
        [l.split, l.desired, 'desired-state file'],
      ];
      for (const [config, target, role] of cases) {
        const before = readFileSync(target);
        const r = runCli(['audit', '--config', config, '--desired', l.desired, option, target], { cwd: l.dir });
        assertRefused(r, option, role);
        assert.deepEqual(readFileSync(target), before, `${target} keeps its bytes`);
      }
    });
  }

  test('through a symlink and a relative path', () => {
    const l = lab();
    symlinkSync(l.sitesConfig, join(l.dir, 'report.txt'));
    const before = readFileSync(l.sitesConfig);
    assertRefused(runCli(['audit', '--config', l.split, '--desired', 'desired.json', '--output', 'report.txt'], { cwd: l.dir }), '--output', 'configSource file');
    assertRefused(runCli(['audit', '--config', 'split/applicationHost.config', '--desired', l.desired, '--out', './split/../split/sites.config'], { cwd: l.dir }), '--out', 'configSource file');
    assert.deepEqual(readFileSync(l.sitesConfig), before);
  });

  test('outputs elsewhere are still written', () => {
    const l = lab();
    const r = runCli(['audit', '--config', l.split, '--desired', l.desired, '--format', 'json', '--output', 'r.json', '--out', 'p.json', '--emit-script', 'fix.ps1', '--log-file', 'run.log'], { cwd: l.dir });
    assert.equal(r.code, 0, r.stderr);
    for (const f of ['r.json', 'p.json', 'fix.ps1', 'run.log']) assert.ok(readdirSync(l.dir).includes(f), f);
  });
});

describe('apply: outputs over inputs are refused before the lock or any PowerShell', () => {
  test('--output over the configuration, --emit-script over the desired state, --log-file over a configSource file', () => {
    const l = lab();
    const env = { FTPS_ENFORCER_STATE_DIR: join(l.dir, 'state') };
    for (const [option, target, role] of [['--output', l.split, 'configuration'], ['--emit-script', l.desired, 'desired-state file'], ['--log-file', l.sitesConfig, 'configSource file']] as const) {
      const before = readFileSync(target);
      const r = runCli(['apply', '--config', l.split, '--desired', l.desired, '--powershell', '/nonexistent/pwsh', option, target], { cwd: l.dir, env });
      assertRefused(r, option, role);
      assert.deepEqual(readFileSync(target), before);
    }
  });

  test('--output over the saved plan being applied', () => {
    const l = lab();
    assert.equal(runCli(['audit', '--config', l.split, '--desired', l.desired, '--out', 'plan.json'], { cwd: l.dir }).code, 0);
    const before = readFileSync(join(l.dir, 'plan.json'));
    const r = runCli(['apply', '--plan', 'plan.json', '--powershell', '/nonexistent/pwsh', '--output', 'plan.json'], { cwd: l.dir, env: { FTPS_ENFORCER_STATE_DIR: join(l.dir, 'state') } });
    assertRefused(r, '--output', 'saved plan');
    assert.deepEqual(readFileSync(join(l.dir, 'plan.json')), before);
  });
});

describe('other commands with outputs', () => {
  test('lb-config --output over its desired state; fleet --output over a report it compares', () => {
    const l = lab();
    const before = readFileSync(l.desired);
    assertRefused(runCli(['lb-config', '--format', 'haproxy', '--desired', l.desired, '--backend', 'web1=10.0.1.11', '--output', l.desired], { cwd: l.dir }), '--output', 'desired-state file');
    assert.deepEqual(readFileSync(l.desired), before);
    assert.equal(runCli(['fleet', '--collect', '--config', l.split, '--desired', l.desired, '--host', 'web1', '--output', 'web1.json'], { cwd: l.dir }).code, 0);
    const report = readFileSync(join(l.dir, 'web1.json'));
    assertRefused(runCli(['fleet', 'web1.json', '--output', 'web1.json'], { cwd: l.dir }), '--output', 'input file');
    assertRefused(runCli(['fleet', '--collect', '--config', l.split, '--desired', l.desired, '--output', l.sitesConfig], { cwd: l.dir }), '--output', 'configSource file');
    assert.deepEqual(readFileSync(join(l.dir, 'web1.json')), report);
  });
});
