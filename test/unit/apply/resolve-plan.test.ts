/**
 * Which plan apply runs (src/apply/resolve-plan.ts), in process on the apply fixtures: the paths read before
 * the lock, a fresh plan from --desired, a saved plan re-planned and accepted only when it is exactly the fresh
 * one, and the refusal of an errored plan. The byte-level checks of a saved plan (hash, version) are
 * plan-staleness.test.ts's; the change comparison's simple cases are saved-plan.test.ts's.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSameChanges, assertSameHostActions, choosePlanSource, refuseErroredPlan, resolvePlan, SavedPlanMismatchError, type PlanSource } from '../../../src/apply/resolve-plan.js';
import { makePlan } from '../../../src/app/make-plan.js';
import type { CliIo } from '../../../src/cli/io.js';
import { UserError } from '../../../src/core/errors.js';
import { APPHOST_PSPATH, type Change, type Check, type Plan } from '../../../src/core/plan.js';
import { silentLogger } from '../../../src/log/logger.js';
import { serializePlan } from '../../../src/plan-file/plan-file.js';
import { StalePlanError } from '../../../src/plan-file/plan-staleness.js';
import { repoRoot } from '../../support/paths.js';
import { TEST_NOW } from '../../support/clock.js';

const fixtures = join(repoRoot, 'test', 'integration', 'apply', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'ftps-resolve-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const configFile = join(dir, 'applicationHost.config');
copyFileSync(join(fixtures, 'drift', 'applicationHost.config'), configFile);
const desiredFile = join(dir, 'desired.json');
copyFileSync(join(fixtures, 'desired.json'), desiredFile);

const io = (cwd = dir, platform: NodeJS.Platform = 'linux'): Pick<CliIo, 'cwd' | 'env' | 'platform'> & CliIo => ({ cwd, env: {}, platform, stdout: process.stdout, stderr: process.stderr });

/** A plan saved by `audit --out` for the fixture, written to `name`. */
function savedPlan(name: string, edit: (p: Plan) => void = () => {}): { path: string; plan: Plan } {
  const plan = makePlan({ configPath: configFile, desiredPath: desiredFile, mode: 'audit', logger: silentLogger, now: TEST_NOW }).plan;
  edit(plan);
  const path = join(dir, name);
  writeFileSync(path, serializePlan(plan));
  return { path, plan };
}

describe('choosePlanSource (before the lock)', () => {
  test('--desired: both paths resolved against the working folder', () => {
    assert.deepEqual(choosePlanSource({ desired: 'desired.json', config: 'applicationHost.config' }, io()), { kind: 'desired', configPath: configFile, desiredPath: desiredFile });
  });
  test('--plan without --config: the configuration the plan names', () => {
    const { path, plan } = savedPlan('p1.json');
    const source = choosePlanSource({ plan: 'p1.json', desired: 'ignored.json' }, io());
    assert.equal(source.kind, 'plan-file');
    assert.equal(source.configPath, plan.config.requestedFile);
    assert.equal(source.kind === 'plan-file' && source.planPath, path);
    assert.deepEqual(source.kind === 'plan-file' && source.saved, JSON.parse(serializePlan(plan)));
  });
  test('--plan with --config: the command line wins', () => {
    savedPlan('p2.json');
    const source = choosePlanSource({ plan: join(dir, 'p2.json'), desired: 'x', config: 'other/applicationHost.config' }, io('/srv'));
    assert.equal(source.configPath, '/srv/other/applicationHost.config');
  });
});

describe('resolvePlan (under the lock)', () => {
  test('--desired: planned now in apply mode; --restart wins over the desired state', () => {
    const source: PlanSource = { kind: 'desired', configPath: configFile, desiredPath: desiredFile };
    const r = resolvePlan(source, undefined, silentLogger);
    assert.equal(r.configPath, configFile);
    assert.equal(r.desiredPath, desiredFile);
    assert.equal(r.plan.restart, 'on-change');
    assert.ok(r.plan.changes.length > 0, 'the fixture drifts');
    assert.equal(r.run?.plan, r.plan);
    assert.equal(resolvePlan(source, 'never', silentLogger).plan.restart, 'never');
  });

  test('a fresh saved plan: re-planned from its own desired-state file, the saved policy kept unless --restart', () => {
    const { path, plan } = savedPlan('fresh.json', (p) => { p.restart = 'always'; });
    const source = choosePlanSource({ plan: path, desired: 'unused.json' }, io());
    const r = resolvePlan(source, undefined, silentLogger);
    assert.equal(r.desiredPath, plan.desired.file);
    assert.equal(r.configPath, configFile);
    assert.equal(r.plan.restart, 'always');
    // As JSON: a site's change makes its id and filter when read (src/core/site-change.ts), which deepEqual does not read.
    assert.deepEqual(JSON.parse(JSON.stringify(r.plan.changes)), JSON.parse(JSON.stringify(plan.changes)));
    assert.ok(r.run);
    assert.equal(resolvePlan(source, 'never', silentLogger).plan.restart, 'never');
  });

  test('a saved plan whose configuration changed since is stale (checked before anything else)', () => {
    const { path } = savedPlan('stale.json', (p) => { p.config.contentHash = 'f'.repeat(64); });
    assert.throws(() => resolvePlan(choosePlanSource({ plan: path, desired: 'x' }, io()), undefined, silentLogger), StalePlanError);
  });

  test('a saved plan with a restart policy that is none of ours: refused, naming it and the choices', () => {
    const { path } = savedPlan('policy.json', (p) => { (p as { restart: string }).restart = 'sometimes'; });
    const source = choosePlanSource({ plan: path, desired: 'x' }, io());
    assert.throws(() => resolvePlan(source, undefined, silentLogger), (e: unknown) => {
      assert.ok(e instanceof SavedPlanMismatchError);
      assert.equal(e.message, `The plan ${path} has restart policy "sometimes", which is not one of on-change, never, always; make the plan again with \`ftps-enforcer audit --out ${path}\` and review it.`);
      return true;
    });
    // --restart replaces the saved policy, so the run goes ahead.
    assert.equal(resolvePlan(source, 'on-change', silentLogger).plan.restart, 'on-change');
  });

  test('a saved plan whose changes were edited: refused before any PowerShell', () => {
    const { path } = savedPlan('edited.json', (p) => { p.changes[0]!.value = 1; });
    assert.throws(() => resolvePlan(choosePlanSource({ plan: path, desired: 'x' }, io()), undefined, silentLogger), SavedPlanMismatchError);
  });
});

describe('assertSameChanges: what the refusal says', () => {
  const change = (extra: Partial<Change> = {}): Change => ({ id: 'server/lowDataChannelPort', pspath: APPHOST_PSPATH, filter: 'system.ftpServer/firewallSupport', name: 'lowDataChannelPort', value: 50000, current: 0, site: null, scope: 'server', requiresRestart: true, ...extra });
  const plan = (changes: Change[]) => ({ changes, config: { configFile: '/c' }, desired: { file: '/d' } }) as unknown as Plan;

  test('one detail line per saved change not planned now and per planned change the saved plan lacks', () => {
    const saved = [change({ value: 1, requiresRestart: false })];
    assert.throws(() => assertSameChanges(plan(saved), plan([change()]), '/p.json'), (e: unknown) => {
      assert.ok(e instanceof SavedPlanMismatchError);
      assert.match(e.message, /\(1 saved change\(s\) the current plan does not make, 1 it makes that the saved plan lacks\), so nothing was run/);
      assert.doesNotMatch(e.message, /another order/);
      assert.deepEqual(e.details, [
        `not planned now: server/lowDataChannelPort: -PSPath ${APPHOST_PSPATH} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort -Value 1 (no restart)`,
        `planned now, not in the saved plan: server/lowDataChannelPort: -PSPath ${APPHOST_PSPATH} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort -Value 50000`,
      ]);
      return true;
    });
  });

  test('a change saved twice is not the fresh single one', () => {
    assert.throws(() => assertSameChanges(plan([change(), change()]), plan([change()]), '/p.json'), (e: unknown) => e instanceof SavedPlanMismatchError && /\(0 saved change\(s\).*0 it makes.*, or in another order\)/.test(e.message) && (e.details ?? []).length === 0);
  });

  test('fields that are not written (current, site, scope) do not count; id and pspath do', () => {
    assert.doesNotThrow(() => assertSameChanges(plan([change({ current: 9, site: 'x', scope: 'site' })]), plan([change()]), '/p.json'));
    assert.throws(() => assertSameChanges(plan([change({ id: 'other' })]), plan([change()]), '/p.json'), SavedPlanMismatchError);
    assert.throws(() => assertSameChanges(plan([change({ pspath: 'MACHINE/WEBROOT' as typeof APPHOST_PSPATH })]), plan([change()]), '/p.json'), SavedPlanMismatchError);
    assert.throws(() => assertSameChanges(plan([change({ name: 'highDataChannelPort' })]), plan([change()]), '/p.json'), SavedPlanMismatchError);
  });
});

describe('assertSameHostActions: what the refusal shows', () => {
  const rule = { kind: 'ensure-firewall-rule', id: 'r', ruleName: 'n', displayName: 'd', description: 'x', group: 'ftps-enforcer', localPorts: ['990'], mode: 'create' } as const;
  test('the saved and the current host actions, as JSON; none is []', () => {
    const saved = { hostActions: [rule] } as unknown as Plan;
    const fresh = {} as unknown as Plan;
    assert.throws(() => assertSameHostActions(saved, fresh, '/p.json'), (e: unknown) => {
      assert.ok(e instanceof SavedPlanMismatchError);
      assert.match(e.message, /^The plan \/p\.json has host actions \(firewall rule, restart\) that are not what apply would do now on this host/);
      assert.deepEqual(e.details, [`saved: ${JSON.stringify([rule])}`, 'now: []']);
      return true;
    });
    assert.doesNotThrow(() => assertSameHostActions({ hostActions: [] } as unknown as Plan, fresh, '/p.json'), 'no host actions and an empty list are the same');
  });
});

describe('refuseErroredPlan', () => {
  const check = (extra: Partial<Check>): Check => ({ code: 'SSL_POLICY', status: 'ok', site: null, setting: 's', scope: 'server', current: null, desired: null, fixable: false, message: 'm', changeIds: [], ...extra }) as Check;
  const plan = (checks: Check[]) => ({ checks, config: { configFile: '/iis/applicationHost.config' } }) as unknown as Plan;

  test('no error checks: goes ahead (drift is what apply is for)', () => {
    assert.doesNotThrow(() => refuseErroredPlan(plan([check({}), check({ status: 'drift' })])));
  });

  test('errors: refused, counted, one detail line each, the site in brackets when there is one', () => {
    const checks = [check({ status: 'error', code: 'SSL_WITHOUT_CERTIFICATE', site: 'Public FTP', setting: 'serverCertHash', message: 'no such certificate' }), check({ status: 'drift' }), check({ status: 'error', code: 'MISPLACED_ATTRIBUTE', setting: 'lowDataChannelPort', message: 'low above high' })];
    assert.throws(() => refuseErroredPlan(plan(checks)), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.message, 'apply did not start: 2 problem(s) in /iis/applicationHost.config need a person first (apply cannot fix them); fix them and run again.');
      assert.deepEqual(e.details, ['SSL_WITHOUT_CERTIFICATE [Public FTP] serverCertHash: no such certificate', 'MISPLACED_ATTRIBUTE lowDataChannelPort: low above high']);
      return true;
    });
  });
});
