import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { executePlan, type ExecuteOptions } from '../../../src/apply/execute-plan.js';
import type { AgentApplyResult } from '../../../src/apply/agent-result.js';
import { ApplyError, FtpDownError, PrerequisiteError } from '../../../src/core/errors.js';
import { APPHOST_PSPATH, PLAN_FORMAT_VERSION, type Change, type Check, type Plan } from '../../../src/core/plan.js';
import { silentLogger } from '../../../src/log/logger.js';
import { recordingSession } from '../../support/recording-session.js';

const change: Change = { id: 'port-low', pspath: APPHOST_PSPATH, filter: 'system.ftpServer/firewallSupport', name: 'lowDataChannelPort', value: 50000, current: 0, site: null, scope: 'server', requiresRestart: true };
const drift: Check = { code: 'PORT_RANGE', status: 'drift', site: null, setting: 'lowDataChannelPort', scope: 'server', current: 0, desired: 50000, fixable: true, message: 'm', changeIds: ['port-low'] };

function plan(changes: Change[], restart: Plan['restart'] = 'on-change'): Plan {
  return {
    formatVersion: PLAN_FORMAT_VERSION, tool: { name: 'iis-ftps-enforcer', version: 't' }, createdAt: '2026-01-01T00:00:00Z',
    config: { requestedFile: '/c', configFile: '/c', filesRead: ['/c'], contentHash: 'h' }, desired: { file: '/d', contentHash: 'd' },
    restart, checks: changes.length ? [drift] : [], changes, compliant: changes.length === 0,
  };
}

const okApply: AgentApplyResult = {
  ok: true, failedStep: null, error: null, backupName: 'b', backupCreated: true,
  applied: [{ id: 'port-low', readBack: 50000, verified: true }], restart: { performed: true, at: '2026-01-01T00:00:05Z', reason: 'r' }, rollback: null,
};

/** The session fake with an ExecuteOptions around it. */
function fakeSession(answers: Record<string, unknown>) {
  const { session, calls, closed } = recordingSession(answers, { executable: '/fake/pwsh' });
  let opened = 0;
  const opts: ExecuteOptions = {
    configPath: '/c', desiredPath: '/d', serviceTimeoutSeconds: 5, logger: silentLogger,
    session: { executable: 'pwsh', modulePath: '/m', env: {}, timeoutMs: 1000, platform: 'linux', cwd: '/' },
    openSession: async () => { opened++; return session; },
    verify: () => ({ compliant: true, remaining: [] }),
  };
  return { calls, opts, counts: () => ({ opened, closed: closed() }) };
}

const prereqOk = { ok: true, failures: [], ftpsvc: 'Running', powershell: { edition: 'Core', version: '7', is64BitProcess: true } };

describe('executePlan', () => {
  test('nothing to change and policy on-change: no session at all', async () => {
    const f = fakeSession({});
    const { outcome, failure } = await executePlan(plan([]), f.opts);
    assert.equal(outcome.status, 'nothing-to-do');
    assert.equal(outcome.powershell?.processes, 0);
    assert.equal(failure, undefined);
    assert.deepEqual(f.counts(), { opened: 0, closed: 0 });
  });

  test('policy always with nothing to change still runs (to restart)', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': { ...okApply, applied: [] } });
    const { outcome } = await executePlan(plan([], 'always'), f.opts);
    assert.equal(outcome.status, 'applied');
    assert.deepEqual(f.calls[1]!.payload.restart, { perform: true, reason: 'the restart policy is always' });
  });

  test('applied: prerequisites, then one apply call with the plan\'s changes as data; session closed', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': okApply });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.equal(failure, undefined);
    assert.equal(outcome.status, 'applied');
    assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites', 'Invoke-FtpsEnforcerApply']);
    assert.deepEqual(f.calls[1]!.payload.changes, [{ id: 'port-low', pspath: APPHOST_PSPATH, filter: change.filter, name: change.name, value: 50000 }]);
    assert.deepEqual(f.calls[1]!.payload.restart, { perform: true, reason: 'restart policy on-change: 1 change(s) take effect only once ftpsvc restarts' }, 'Node decides the restart; the agent obeys');
    assert.match(f.calls[1]!.payload.backupName, /^ftps-enforcer-/);
    assert.equal(outcome.backupName, f.calls[1]!.payload.backupName);
    assert.deepEqual(outcome.restart, { policy: 'on-change', performed: true, at: '2026-01-01T00:00:05Z', reason: 'r' });
    assert.deepEqual(f.counts(), { opened: 1, closed: 1 });
  });

  test('unmet prerequisites: PrerequisiteError, nothing applied', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': { ...prereqOk, ok: false, failures: [{ check: 'elevated', message: 'PowerShell is not running elevated.' }] } });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.ok(failure instanceof PrerequisiteError);
    assert.equal(failure.message, 'PowerShell is not running elevated.');
    assert.equal(outcome.status, 'failed');
    assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites']);
  });

  test('the agent failed and rolled back: ApplyError saying the previous configuration is back', async () => {
    const failed: AgentApplyResult = { ...okApply, ok: false, failedStep: 'set', error: 'Cannot write configuration file', applied: [], restart: { performed: false, at: null, reason: '' },
      rollback: { attempted: true, succeeded: true, configRestored: true, serviceRestarted: false, serviceBefore: 'Running', serviceStatus: 'Running', serviceAsBefore: true, message: 'the configuration was restored from backup b.' } };
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': failed });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.ok(failure instanceof ApplyError);
    assert.equal(failure.rolledBack, true);
    assert.match(failure.message, /^apply failed at the set step: Cannot write configuration file; the previous configuration is back/);
    assert.deepEqual(outcome.rollback, { attempted: true, succeeded: true, configRestored: true, service: { before: 'Running', after: 'Running' }, message: 'the configuration was restored from backup b. (ftpsvc: Running)' });
    assert.equal(outcome.ftpDown, undefined);
  });

  test('the disk still drifts after a reported success: the backup is restored in the same session', async () => {
    const f = fakeSession({
      'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': okApply,
      'Restore-FtpsEnforcerBackup': { ok: true, error: null, rollback: { attempted: true, succeeded: true, configRestored: true, serviceRestarted: true, serviceBefore: 'Running', serviceStatus: 'Running', serviceAsBefore: true, message: 'restored.' } },
    });
    f.opts.verify = () => ({ compliant: false, remaining: [drift] });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.ok(failure instanceof ApplyError);
    assert.equal(outcome.status, 'failed');
    assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites', 'Invoke-FtpsEnforcerApply', 'Restore-FtpsEnforcerBackup']);
    assert.equal(f.calls[2]!.payload.restartService, true);
    assert.equal(f.calls[2]!.payload.serviceBefore, 'Running', 'the restore puts ftpsvc back as the prerequisites saw it');
    assert.deepEqual(f.counts(), { opened: 1, closed: 1 });
  });
  test('a rollback that restores the file but leaves ftpsvc stopped is NOT a success: FtpDownError (exit 3), ftpDown said plainly', async () => {
    const failed: AgentApplyResult = { ...okApply, ok: false, failedStep: 'restart', error: 'ftpsvc did not reach Running', applied: [], restart: { performed: false, at: null, reason: '' },
      rollback: { attempted: true, succeeded: false, configRestored: true, serviceRestarted: false, serviceBefore: 'Running', serviceStatus: 'Stopped', serviceAsBefore: false, message: 'the configuration was restored from backup b.' } };
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': failed });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.ok(failure instanceof FtpDownError);
    assert.equal(failure.rolledBack, false);
    assert.match(failure.message, /the rollback did not complete .*FTP IS DOWN on this backend: ftpsvc is Stopped, and was Running before the run/);
    assert.equal(outcome.rollback?.succeeded, false);
    assert.equal(outcome.rollback?.configRestored, true);
    assert.match(outcome.ftpDown ?? '', /^FTP IS DOWN on this backend/);
  });

  test('even if the agent claims success, a rollback whose configuration was not restored is not a success', async () => {
    const failed: AgentApplyResult = { ...okApply, ok: false, failedStep: 'commit', error: 'e', applied: [], restart: { performed: false, at: null, reason: '' },
      rollback: { attempted: true, succeeded: true, configRestored: false, serviceRestarted: false, serviceBefore: 'Running', serviceStatus: 'Running', serviceAsBefore: true, message: 'm.' } };
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': failed });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.ok(failure instanceof FtpDownError);
    assert.equal(outcome.rollback?.succeeded, false);
    assert.match(outcome.ftpDown ?? '', /restore it by hand with Restore-WebConfiguration -Name ftps-enforcer-/);
  });

  test('preflightDone: the checks already ran in this session, so the apply step does not check again', async () => {
    const f = fakeSession({ 'Invoke-FtpsEnforcerApply': okApply });
    const { failure } = await executePlan(plan([change]), { ...f.opts, preflightDone: { ftpsvcBefore: 'Running' } });
    assert.equal(failure, undefined);
    assert.deepEqual(f.calls.map((c) => c.fn), ['Invoke-FtpsEnforcerApply']);
  });
});
