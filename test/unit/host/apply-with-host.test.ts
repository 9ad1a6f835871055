import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyStepRestarts, executeWithHost, withoutHostChecks, type ExecuteStep } from '../../../src/host/apply-with-host.js';
import type { Check, HostAction, Plan } from '../../../src/core/plan.js';
import type { SessionOptions } from '../../../src/powershell/session.js';
import { silentLogger } from '../../../src/log/logger.js';
import { UserError } from '../../../src/core/errors.js';
import { recordingSession } from '../../support/recording-session.js';

const check = (extra: Partial<Check>): Check => ({ code: 'PORT_RANGE', status: 'ok', site: null, setting: 's', scope: 'server', current: null, desired: null, fixable: false, message: 'm', changeIds: [], ...extra });
const change = (requiresRestart: boolean) => ({ id: 'c', pspath: 'MACHINE/WEBROOT/APPHOST' as const, filter: 'f', name: 'n', value: 1, current: 0, site: null, scope: 'server' as const, requiresRestart });
const plan = (extra: Partial<Plan>): Plan => ({ checks: [], changes: [], restart: 'on-change', compliant: true, ...extra } as unknown as Plan);
const rule: HostAction = { kind: 'ensure-firewall-rule', id: 'host:firewall-rule', ruleName: 'r', displayName: 'd', description: 'x', group: 'ftps-enforcer', localPorts: ['990'], mode: 'create' };
const restart: HostAction = { kind: 'restart-ftpsvc', id: 'host:restart-ftpsvc', reason: 'the range changed' };
const sessionOptions = { executable: 'pwsh' } as SessionOptions;

/** A recording fake session: answers Invoke-FtpsHostActions and Get-FtpsHostFacts from the given replies. */
const fakeSession = (replies: Record<string, unknown>) => recordingSession(replies);

const okExecute = (restarted: boolean): { step: ExecuteStep; seen: { plan?: Plan; reused?: boolean } } => {
  const seen: { plan?: Plan; reused?: boolean } = {};
  const step: ExecuteStep = async (p, openSession) => {
    seen.plan = p;
    seen.reused = openSession !== undefined;
    return { outcome: { status: p.changes.length ? 'applied' : 'nothing-to-do', startedAt: 't', finishedAt: 't', applied: [], restart: { policy: p.restart, performed: restarted, reason: 'r' }, verification: { compliant: true, remaining: [] }, powershell: { executable: 'pwsh', processes: 0, stderr: '' } } };
  };
  return { step, seen };
};

const prereqOk = { ok: true, failures: [], ftpsvc: 'Running', powershell: { edition: 'Core', version: '7', is64BitProcess: true } };

const coveredFirewall = { collectedAt: 't', computerName: null, os: null, certificates: [], service: null, tls: null, errors: [],
  firewall: { rules: [{ name: 'r', displayName: 'd', group: 'ftps-enforcer', enabled: 'True', action: 'Allow', profile: 'Any', protocol: 'TCP', localPort: ['990'], program: 'Any', service: 'Any', remoteAddress: ['Any'], policyStoreSource: null }], profiles: [], activeNetworkCategories: null, enableStatefulFtp: 'False' } };

describe('applyStepRestarts', () => {
  test('always; on-change with a change that needs it; never otherwise', () => {
    assert.equal(applyStepRestarts(plan({ restart: 'always' })), true);
    assert.equal(applyStepRestarts(plan({ changes: [change(true)] })), true);
    assert.equal(applyStepRestarts(plan({ changes: [change(false)] })), false);
    assert.equal(applyStepRestarts(plan({ restart: 'never', changes: [change(true)] })), false);
  });
});

describe('withoutHostChecks', () => {
  test('drops HOST checks and recomputes compliance for the apply step', () => {
    const p = withoutHostChecks(plan({ compliant: false, checks: [check({}), check({ code: 'HOST', status: 'drift', fixable: true })] }));
    assert.deepEqual([p.checks.length, p.compliant], [1, true]);
  });
});

describe('executeWithHost', () => {
  test('no host actions and no session: exactly the apply step, no PowerShell opened here', async () => {
    const { step, seen } = okExecute(false);
    const r = await executeWithHost(plan({}), undefined, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger, openSession: async () => { throw new Error('must not open'); } });
    assert.equal(seen.reused, false);
    assert.equal(r.failure, undefined);
    assert.equal(r.outcome.powershell?.processes, 0);
  });
  test('facts session but nothing to do: the one process is counted', async () => {
    const f = fakeSession({});
    const { step } = okExecute(false);
    const r = await executeWithHost(plan({}), f.session, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger });
    assert.equal(r.outcome.powershell?.processes, 1);
  });
  test('host actions run first in the same session; the restart is skipped when the apply step restarts', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsHostActions': { ok: true, results: [{ id: 'host:firewall-rule', ok: true, done: 'created', message: 'ok' }, { id: 'host:restart-ftpsvc', ok: true, done: 'skipped', message: 's' }], restartedAt: null }, 'Get-FtpsHostFacts': coveredFirewall });
    const { step, seen } = okExecute(true);
    const p = plan({ changes: [change(true)], hostActions: [rule, restart], checks: [check({ code: 'HOST', status: 'drift', fixable: true })] });
    const acl: string[] = [];
    const r = await executeWithHost(p, f.session, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger, beforeWrite: async () => { acl.push(f.calls.map((c) => c.fn).join(',')); return undefined; } });
    assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites', 'Invoke-FtpsHostActions', 'Get-FtpsHostFacts']);
    assert.deepEqual(acl, ['Test-FtpsEnforcerPrerequisites'], 'the ACL check runs after the prerequisites and before the host step writes');
    assert.equal(f.calls[1]?.payload.restartAlreadyDone, true);
    assert.equal(seen.reused, true);
    assert.equal(seen.plan?.checks.length, 0);
    assert.deepEqual(r.outcome.host?.actions.map((a) => a.done), ['created', 'skipped']);
    assert.equal(r.failure, undefined);
    assert.equal(f.closed(), 1);
  });
  test('a restart done by the host step is reported as the run\'s restart', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsHostActions': { ok: true, results: [{ id: 'host:restart-ftpsvc', ok: true, done: 'restarted', message: 'r' }], restartedAt: '2030-01-01T00:00:00Z' } });
    const { step } = okExecute(false);
    const r = await executeWithHost(plan({ hostActions: [restart] }), f.session, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger });
    assert.equal(f.calls[1]?.payload.restartAlreadyDone, false);
    assert.deepEqual(r.outcome.restart, { policy: 'on-change', performed: true, at: '2030-01-01T00:00:00Z', reason: 'restart pending: the range changed' });
  });
  test('a failed host action stops before the configuration is written', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsHostActions': { ok: false, results: [{ id: 'host:firewall-rule', ok: false, done: 'refused', message: "A firewall rule named 'r' exists but is someone else's." }], restartedAt: null } });
    let executed = false;
    const r = await executeWithHost(plan({ hostActions: [rule], changes: [change(true)] }), f.session, async () => { executed = true; throw new Error('no'); }, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger });
    assert.equal(executed, false);
    assert.equal(r.outcome.status, 'failed');
    assert.match(r.failure?.message ?? '', /^the host step failed: A firewall rule named 'r' exists but is someone else's; the configuration was not changed\.$/);
  });
  test('an unmet prerequisite stops the run before the host step writes anything (issue 14)', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': { ...prereqOk, ok: false, failures: [{ check: 'elevated', message: 'PowerShell is not running elevated.' }] } });
    let executed = false;
    const r = await executeWithHost(plan({ hostActions: [rule], changes: [change(true)] }), f.session, async () => { executed = true; throw new Error('no'); }, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger });
    assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites']);
    assert.equal(executed, false);
    assert.equal(r.failure?.message, 'PowerShell is not running elevated.');
    assert.equal(r.outcome.rollback?.attempted, false);
  });
  test('an ACL refusal stops the run before the host step writes anything', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk });
    const r = await executeWithHost(plan({ hostActions: [rule], changes: [change(true)] }), f.session, async () => { throw new Error('no'); },
      { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger, beforeWrite: async () => new UserError('desired.json can be changed by Users.') });
    assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites']);
    assert.equal(r.failure?.message, 'desired.json can be changed by Users.');
  });
  test('the apply step fails after the host step created our rule: the rule is removed again, in a fresh process', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsHostActions': { ok: true, results: [{ id: 'host:firewall-rule', ok: true, done: 'created', message: 'ok' }], restartedAt: null }, 'Get-FtpsHostFacts': coveredFirewall });
    const undo = fakeSession({ 'Invoke-FtpsHostActions': { ok: true, results: [{ id: 'host:firewall-rule', ok: true, done: 'removed', message: 'Removed.' }] } });
    const step: ExecuteStep = async (p) => ({ outcome: { status: 'failed', startedAt: 't', finishedAt: 't', applied: [], restart: { policy: p.restart, performed: false, reason: 'r' }, rollback: { attempted: true, succeeded: true }, powershell: { executable: 'pwsh', processes: 1, stderr: '' }, error: 'e' }, failure: new UserError('e') });
    const r = await executeWithHost(plan({ hostActions: [rule], changes: [change(true)] }), f.session, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger, openSession: async () => undo.session });
    assert.deepEqual(undo.calls.map((c) => [c.fn, c.payload.actions]), [['Invoke-FtpsHostActions', [{ kind: 'remove-own-firewall-rule', id: 'host:firewall-rule', ruleName: 'r' }]]]);
    assert.deepEqual(r.outcome.host?.actions.map((a) => a.done), ['created, then removed by the rollback']);
    assert.equal(r.outcome.powershell?.processes, 2);
    assert.equal(undo.closed(), 1);
  });
  test('a rule that existed before (updated) is left in place when the apply step fails', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsHostActions': { ok: true, results: [{ id: 'host:firewall-rule', ok: true, done: 'updated', message: 'ok' }], restartedAt: null }, 'Get-FtpsHostFacts': coveredFirewall });
    const step: ExecuteStep = async (p) => ({ outcome: { status: 'failed', startedAt: 't', finishedAt: 't', applied: [], restart: { policy: p.restart, performed: false, reason: 'r' }, powershell: { executable: 'pwsh', processes: 1, stderr: '' }, error: 'e' }, failure: new UserError('e') });
    const r = await executeWithHost(plan({ hostActions: [{ ...rule, mode: 'update' }], changes: [change(true)] }), f.session, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger, openSession: async () => { throw new Error('must not open'); } });
    assert.deepEqual(r.outcome.host?.actions.map((a) => a.done), ['updated']);
  });
  test('host drift apply may not fix fails the run after the apply step', async () => {
    const { step } = okExecute(false);
    const p = plan({ checks: [check({ code: 'HOST', hostCheck: 'SERVICE_RESTART_PENDING', status: 'drift', fixable: false })] });
    const r = await executeWithHost(p, undefined, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger });
    assert.match(r.failure?.message ?? '', /1 host check\(s\) still fail and apply may not fix them \(SERVICE_RESTART_PENDING\)/);
    assert.equal(r.outcome.verification?.compliant, false);
  });
  test('a host error (e.g. the certificate) does not stop the IIS fix, and fails the run after it', async () => {
    const { step, seen } = okExecute(true);
    const p = plan({ changes: [change(true)], checks: [check({ code: 'HOST', hostCheck: 'CERTIFICATE_NAME', status: 'error', fixable: false })] });
    assert.equal(withoutHostChecks(p).checks.length, 0, 'apply refuses on errors without the host checks');
    const r = await executeWithHost(p, undefined, step, { session: sessionOptions, serviceTimeoutSeconds: 5, logger: silentLogger });
    assert.equal(seen.plan?.changes.length, 1, 'the IIS changes were applied');
    assert.match(r.failure?.message ?? '', /1 host check\(s\) still fail .*\(CERTIFICATE_NAME\)/);
  });
});
