/**
 * `ftps-enforcer apply`'s decisions (src/apply/apply-command.ts), in process with an injected CliIo, on runs
 * that need no PowerShell to get where they are going: a compliant configuration (nothing to change, no
 * session), PowerShell that is not there, an errored plan, a held lock, pwsh on Windows, a saved plan whose
 * host actions are not today's. What each returns or throws, what it reports, and that the lock is let go.
 * The runs through PowerShell and the WebAdministration double are test/integration/apply's (built CLI).
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApplyCommand } from '../../../src/apply/apply-command.js';
import type { ApplyArgs } from '../../../src/apply/apply-options.js';
import { acquireRunLock, effectiveConfigFile, lockKey } from '../../../src/apply/run-lock.js';
import { SavedPlanMismatchError } from '../../../src/apply/resolve-plan.js';
import { effectiveSettingsHash, type RestartRecord } from '../../../src/apply/settings-restart.js';
import { makePlan } from '../../../src/app/make-plan.js';
import type { GlobalOptions } from '../../../src/app/global-options.js';
import type { CliIo } from '../../../src/cli/io.js';
import { readIisConfig } from '../../../src/config/read-config.js';
import { ExitCode, PrerequisiteError, UserError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/log/logger.js';
import { serializePlan } from '../../../src/plan-file/plan-file.js';
import { PowerShellNotFoundError } from '../../../src/powershell/session.js';
import { repoRoot } from '../../support/paths.js';

const fixtures = join(repoRoot, 'test', 'integration', 'apply', 'fixtures');
const roots: string[] = [];
after(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

/** A temp folder with the fixture's applicationHost.config, the desired state, and an empty state folder. */
function lab(fixture: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-applycmd-'));
  roots.push(dir);
  mkdirSync(join(dir, 'config'));
  copyFileSync(join(fixtures, fixture, 'applicationHost.config'), join(dir, 'config', 'applicationHost.config'));
  copyFileSync(join(fixtures, 'desired.json'), join(dir, 'desired.json'));
  const stateDir = join(dir, 'state');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => { out += String(d); });
  stderr.on('data', (d) => { err += String(d); });
  const io = (platform: NodeJS.Platform = 'linux'): CliIo => ({ stdout, stderr, cwd: dir, env: { FTPS_ENFORCER_STATE_DIR: stateDir, NO_COLOR: '1' }, platform });
  const configFile = join(dir, 'config', 'applicationHost.config');
  return { dir, stateDir, configFile, io, out: () => out, err: () => err, locksLeft: () => (existsSync(join(stateDir, 'locks')) ? readdirSync(join(stateDir, 'locks')) : []) };
}

const args = (o: Partial<ApplyArgs & GlobalOptions> = {}): ApplyArgs & GlobalOptions => ({
  desired: 'desired.json', config: 'config/applicationHost.config', format: 'json', dryRun: false, lockTimeout: 0, timeout: 30, verbose: false, quiet: false,
  powershell: '/nonexistent/pwsh', ...o,
});

describe('runApplyCommand', () => {
  test('compliant: exit 0, a nothing-to-do report, no PowerShell, the settings recorded as first seen, the lock let go', async () => {
    const l = lab('compliant');
    assert.equal(await runApplyCommand(args(), l.io()), ExitCode.Compliant);
    const report = JSON.parse(l.out());
    assert.equal(report.apply.status, 'nothing-to-do');
    assert.equal(report.apply.powershell.processes, 0);
    assert.equal(report.apply.powershell.executable, '/nonexistent/pwsh');
    const key = lockKey(effectiveConfigFile(l.configFile).file);
    const record = JSON.parse(readFileSync(join(l.stateDir, 'restarts', `${key}.json`), 'utf8')) as RestartRecord;
    assert.equal(record.settingsHash, effectiveSettingsHash(readIisConfig(l.configFile)));
    assert.equal(record.source, 'first-seen');
    assert.deepEqual(l.locksLeft(), [], 'lock and owner record removed');
    assert.equal(existsSync(join(l.stateDir, 'journal', `${key}.json`)), false);
  });

  test('drift, PowerShell not there: the failed run is reported, then its error thrown; the lock let go', async () => {
    const l = lab('drift');
    await assert.rejects(runApplyCommand(args(), l.io()), (e: unknown) => {
      assert.ok(e instanceof PowerShellNotFoundError);
      assert.match(e.message, /PowerShell was not found at "\/nonexistent\/pwsh"/);
      return true;
    });
    const report = JSON.parse(l.out());
    assert.equal(report.apply.status, 'failed');
    assert.equal(report.apply.powershell.processes, 0);
    assert.ok(report.changes.length > 0);
    assert.equal(report.exitCode, 1);
    assert.deepEqual(l.locksLeft(), []);
  });

  test('--restart on the command line reaches the plan', async () => {
    const l = lab('compliant');
    await runApplyCommand(args({ restart: 'never' }), l.io());
    assert.equal(JSON.parse(l.out()).apply.restart.policy, 'never');
  });

  test('an errored plan: apply does not start, nothing reported, the lock let go', async () => {
    const l = lab('misplaced');
    await assert.rejects(runApplyCommand(args(), l.io()), (e: unknown) => e instanceof UserError && /^apply did not start: \d+ problem\(s\) in /.test(e.message));
    assert.equal(l.out(), '');
    assert.deepEqual(l.locksLeft(), []);
  });

  test('another run holds the lock: refused after --lock-timeout, nothing reported', async () => {
    const l = lab('compliant');
    const held = await acquireRunLock({ stateDir: l.stateDir, configFile: l.configFile, command: 'the other run', timeoutSeconds: 0, logger: silentLogger });
    try {
      await assert.rejects(runApplyCommand(args(), l.io()), /^UserError: Another ftps-enforcer run is applying to .*applicationHost\.config: the lock is held by pid \d+ on .*`the other run`/);
      assert.equal(l.out(), '');
    } finally {
      await held.release();
    }
  });

  test('a run that waited for the lock says how long, and names its own command in the owner record', async () => {
    const l = lab('compliant');
    const held = await acquireRunLock({ stateDir: l.stateDir, configFile: l.configFile, command: 'the other run', timeoutSeconds: 0, logger: silentLogger });
    const run = runApplyCommand(args({ lockTimeout: 20, verbose: true }), l.io());
    // While it waits, the owner record is still the other run's; the waiting run names itself in its warning's target.
    await new Promise((r) => setTimeout(r, 1200));
    await held.release();
    assert.equal(await run, ExitCode.Compliant);
    assert.match(l.err(), /waiting up to 20 s for the apply lock, held by pid \d+ .*`the other run`/);
    assert.match(l.err(), /took the apply lock after [1-9]\d* s on /);
  });

  test('while it runs, the owner record names the command: --desired, or --plan, with the full path', async () => {
    const l = lab('compliant');
    /** The owner record as it is when the report is written (the lock is still held then). */
    const ownerDuringReport = async (a: ApplyArgs & GlobalOptions): Promise<string> => {
      let command = '';
      const stdout = new Writable({
        write(_chunk, _enc, done) {
          const locks = join(l.stateDir, 'locks');
          const owner = readdirSync(locks).find((f) => f.endsWith('.owner.json'));
          command ||= (JSON.parse(readFileSync(join(locks, owner!), 'utf8')) as { command: string }).command;
          done();
        },
      });
      assert.equal(await runApplyCommand(a, { ...l.io(), stdout }), ExitCode.Compliant);
      return command;
    };
    assert.equal(await ownerDuringReport(args()), `ftps-enforcer apply --desired ${join(l.dir, 'desired.json')}`);
    const saved = makePlan({ configPath: l.configFile, desiredPath: join(l.dir, 'desired.json'), mode: 'audit', logger: silentLogger }).plan;
    writeFileSync(join(l.dir, 'plan.json'), serializePlan(saved));
    assert.equal(await ownerDuringReport(args({ plan: 'plan.json' })), `ftps-enforcer apply --plan ${join(l.dir, 'plan.json')}`);
  });

  test('a saved plan whose host actions are not what apply would do now: refused before any write', async () => {
    const l = lab('compliant');
    const saved = makePlan({ configPath: l.configFile, desiredPath: join(l.dir, 'desired.json'), mode: 'audit', logger: silentLogger }).plan;
    saved.hostActions = [{ kind: 'ensure-firewall-rule', id: 'r', ruleName: 'n', displayName: 'd', description: 'x', group: 'ftps-enforcer', localPorts: ['990'], mode: 'create' }];
    writeFileSync(join(l.dir, 'plan.json'), serializePlan(saved));
    await assert.rejects(runApplyCommand(args({ plan: 'plan.json', config: undefined }), l.io()), (e: unknown) => e instanceof SavedPlanMismatchError && /has host actions \(firewall rule, restart\) that are not what apply would do now/.test(e.message));
    assert.equal(l.out(), '');
    assert.deepEqual(l.locksLeft(), []);
  });

  test('on Windows, pwsh is refused before the lock is taken', async () => {
    const l = lab('compliant');
    await assert.rejects(runApplyCommand(args({ powershell: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe' }), l.io('win32')), PrerequisiteError);
    assert.equal(existsSync(l.stateDir), false, 'no state folder, so no lock');
  });
});
