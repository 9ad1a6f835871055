/**
 * Privilege: audit works for an ordinary user (it only reads); apply, run by
 * an ordinary user, refuses with one clear sentence and writes nothing. The
 * CLI runs as `nobody` (runuser) against a world-readable copy of the
 * configuration; apply goes through real pwsh and the WebAdministration double.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { assertCanSwitchUser, doublesPath, nobodyDir, pwshForNobody, runCliAsNobody, worldReadable } from '../support/hardening/as-nobody.js';

describe('privilege', () => {
  let dir: string;
  let config: string;
  let desired: string;
  before(() => {
    assertCanSwitchUser();
    dir = mkdtempSync(join(tmpdir(), 'ftps-privilege-'));
    worldReadable(dir);
    cpSync(fixture('broken-backend'), join(dir, 'config'), { recursive: true });
    config = join(dir, 'config', 'applicationHost.config');
    chmodSync(config, 0o644);
    desired = fixture('desired.json');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('audit as nobody: the same report as an administrator gets, and the file untouched', async () => {
    const before = readFileSync(config);
    const mtime = statSync(config).mtimeMs;
    const asNobody = await runCliAsNobody(['audit', '--config', config, '--desired', desired, '--format', 'json'], {}, dir);
    assert.equal(asNobody.code, 2, asNobody.stderr);
    const asRoot = runCli(['audit', '--config', config, '--desired', desired, '--format', 'json'], { cwd: dir });
    const strip = (s: string) => { const r = JSON.parse(s); delete r.generatedAt; delete r.createdAt; return JSON.stringify(r.findings); };
    assert.equal(strip(asNobody.stdout), strip(asRoot.stdout));
    assert.deepEqual(readFileSync(config), before);
    assert.equal(statSync(config).mtimeMs, mtime);
  });

  test('apply as nobody: refused in one sentence, nothing written, ftpsvc untouched', async () => {
    const pwsh = pwshForNobody();
    const before = readFileSync(config);
    const doubleState = nobodyDir(dir, 'double-state');
    const r = await runCliAsNobody(['apply', '--config', config, '--desired', desired, '--powershell', pwsh], {
      HOME: nobodyDir(dir, 'home'),
      PSModulePath: doublesPath,
      FTPS_DOUBLE_APPHOST: config,
      FTPS_DOUBLE_STATE_DIR: doubleState,
      FTPS_ENFORCER_STATE_DIR: nobodyDir(dir, 'enforcer-state'),
    }, dir);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0]!, /^error: PowerShell is not running elevated, and writing applicationHost\.config needs it: run it as root\.$/);
    assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
    assert.deepEqual(readFileSync(config), before);
    const service = join(doubleState, 'ftpsvc.json');
    if (existsSync(service)) assert.equal(JSON.parse(readFileSync(service, 'utf8').replace(/^\uFEFF/, '')).restartCount, 0);
  });
});
