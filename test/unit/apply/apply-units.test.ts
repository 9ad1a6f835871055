/**
 * The small pure pieces of apply, in process (so mutation testing can reach them; the integration tests
 * run them through the built CLI): backup names, where the state folder is, what counts as remaining
 * drift, and the sentences a failed run ends with.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBackupName } from '../../../src/apply/backup-name.js';
import { resolveStateDir } from '../../../src/apply/state-dir.js';
import { remainingDrift } from '../../../src/apply/verify.js';
import { agentFailureSentence, restartForReport, rollbackForReport, rollbackSentence } from '../../../src/apply/outcome.js';
import type { AgentApplyResult, AgentRollback } from '../../../src/apply/agent-result.js';
import type { Check } from '../../../src/core/plan.js';
import { TEST_NOW } from '../../support/clock.js';

describe('backup names', () => {
  test('UTC stamp to the second, then the random tail', () => {
    assert.equal(makeBackupName(TEST_NOW, () => 'a1b2c3'), 'ftps-enforcer-20261126T000000Z-a1b2c3');
    assert.equal(makeBackupName(new Date('2027-03-04T05:06:07.890Z'), () => 'ffffff'), 'ftps-enforcer-20270304T050607Z-ffffff');
  });
  test('the default tail is six hex digits', () => {
    assert.match(makeBackupName(TEST_NOW), /^ftps-enforcer-20261126T000000Z-[0-9a-f]{6}$/);
  });
});

describe('the state folder', () => {
  test('FTPS_ENFORCER_STATE_DIR wins everywhere', () => {
    assert.equal(resolveStateDir({ env: { FTPS_ENFORCER_STATE_DIR: '/x', ProgramData: 'D:\\PD' }, platform: 'win32' }), '/x');
  });
  test('Windows: ProgramData, PROGRAMDATA, else C:\\ProgramData', () => {
    assert.equal(resolveStateDir({ env: { ProgramData: 'D:\\PD', PROGRAMDATA: 'E:\\X' }, platform: 'win32' }), 'D:\\PD\\ftps-enforcer');
    assert.equal(resolveStateDir({ env: { PROGRAMDATA: 'E:\\X' }, platform: 'win32' }), 'E:\\X\\ftps-enforcer');
    assert.equal(resolveStateDir({ env: {}, platform: 'win32' }), 'C:\\ProgramData\\ftps-enforcer');
  });
  test('elsewhere: XDG_STATE_HOME, else /var/lib', () => {
    assert.equal(resolveStateDir({ env: { XDG_STATE_HOME: '/home/u/.local/state' }, platform: 'linux' }), '/home/u/.local/state/ftps-enforcer');
    assert.equal(resolveStateDir({ env: {}, platform: 'linux' }), '/var/lib/ftps-enforcer');
  });
});

describe('remaining drift after apply', () => {
  const check = (status: Check['status']) => ({ status }) as Check;
  test('drift and error remain; ok and anything else do not', () => {
    const checks = [check('ok'), check('drift'), check('error'), check('ok')];
    assert.deepEqual(remainingDrift(checks).map((c) => c.status), ['drift', 'error']);
    assert.deepEqual(remainingDrift([check('ok')]), []);
  });
});

describe('how a run reports a failure', () => {
  const rollback = (o: Partial<AgentRollback>): AgentRollback => ({ attempted: true, succeeded: true, configRestored: true, serviceRestarted: false, serviceBefore: null, serviceStatus: null, serviceAsBefore: true, message: 'restored from backup b1.', ...o });
  const agent = (o: Partial<AgentApplyResult>): AgentApplyResult => ({
    ok: false, failedStep: 'commit', error: 'Cannot write\n  configuration file.', backupName: 'b1', backupCreated: true, applied: [],
    restart: { performed: false, at: null, reason: '' }, rollback: null, ...o,
  });

  test('the rollback as the report shows it, with ftpsvc\'s state when known', () => {
    assert.equal(rollbackForReport(null), undefined);
    assert.equal(rollbackForReport(undefined), undefined);
    assert.deepEqual(rollbackForReport(rollback({})), { attempted: true, succeeded: true, configRestored: true, message: 'restored from backup b1.' });
    assert.deepEqual(rollbackForReport(rollback({ serviceBefore: 'Running', serviceStatus: 'Stopped', serviceAsBefore: false })),
      { attempted: true, succeeded: false, configRestored: true, service: { before: 'Running', after: 'Stopped' }, message: 'restored from backup b1. (ftpsvc: Stopped)' });
  });

  test('the restart as reported: the agent\'s, else the fallback reason', () => {
    assert.deepEqual(restartForReport('on-change', undefined, 'nothing changed'), { policy: 'on-change', performed: false, reason: 'nothing changed' });
    assert.deepEqual(restartForReport('always', agent({ restart: { performed: true, at: '2026-11-26T00:00:00Z', reason: 'policy always' } }), 'x'), { policy: 'always', performed: true, at: '2026-11-26T00:00:00Z', reason: 'policy always' });
    assert.deepEqual(restartForReport('never', agent({ restart: { performed: false, at: null, reason: '' } }), 'fallback'), { policy: 'never', performed: false, reason: 'fallback' });
  });

  test('the closing sentence says whether the previous configuration is back, or how to bring it back', () => {
    assert.equal(rollbackSentence(undefined, undefined), 'nothing was written');
    assert.match(rollbackSentence(undefined, 'b1'), /state of the configuration is unknown.*Restore-WebConfiguration -Name b1/);
    assert.equal(rollbackSentence({ attempted: false, succeeded: true, message: 'x' }, 'b1'), 'nothing had been written');
    assert.equal(rollbackSentence({ attempted: true, succeeded: true, message: 'restored from backup b1.' }, 'b1'), 'the previous configuration is back (restored from backup b1)');
    assert.equal(rollbackSentence({ attempted: true, succeeded: false, message: 'Restore failed.' }, 'b1'), 'the rollback did not complete (Restore failed): FTP on this backend may be down or running a half-applied configuration: restore it by hand with Restore-WebConfiguration -Name b1, then Restart-Service ftpsvc, and take this backend out of the load balancer until FTP works again');
    assert.match(rollbackSentence({ attempted: true, succeeded: false, message: 'x' }, undefined), /-Name <backup>, then Restart-Service ftpsvc/);
  });

  test('the failure sentence names the step and folds the agent\'s message onto one line', () => {
    assert.equal(agentFailureSentence(agent({})), 'apply failed at the commit step: Cannot write configuration file');
    assert.equal(agentFailureSentence(agent({ failedStep: null, error: null })), 'apply failed: no message');
  });
});
