/**
 * executePlan's less travelled paths (src/apply/execute-plan.ts), in process with a recording fake of the
 * PowerShell session and of the run journal: a run that finds an earlier one interrupted (the restart it
 * owes), settings changed since the last restart, "nothing to change, yet still drifting", a session that
 * will not open, and an apply cut off mid-way (restored from a second process). The main paths are
 * execute-plan.test.ts's.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { executePlan, runPreflight, type ExecuteOptions } from '../../../src/apply/execute-plan.js';
import type { AgentApplyResult } from '../../../src/apply/agent-result.js';
import type { JournalEntry, RunJournal } from '../../../src/apply/run-journal.js';
import { currentSettingsHash, type RestartRecord } from '../../../src/apply/settings-restart.js';
import { ApplyError, exitCodeFor, FtpDownError, PrerequisiteError, UserError } from '../../../src/core/errors.js';
import { APPHOST_PSPATH, PLAN_FORMAT_VERSION, type Change, type Check, type Plan } from '../../../src/core/plan.js';
import type { Logger } from '../../../src/log/logger.js';
import { PowerShellCallError, PowerShellNotFoundError } from '../../../src/powershell/session.js';
import { recordingSession } from '../../support/recording-session.js';
import { repoRoot } from '../../support/paths.js';
import { TEST_NOW } from '../../support/clock.js';
import { verifyFromDisk } from '../../../src/apply/verify.js';

/** A real configuration on disk: the restart record takes the settings' hash from it after a restart. */
const configPath = join(repoRoot, 'test', 'integration', 'apply', 'fixtures', 'drift', 'applicationHost.config');

const change: Change = { id: 'port-low', pspath: APPHOST_PSPATH, filter: 'system.ftpServer/firewallSupport', name: 'lowDataChannelPort', value: 50000, current: 0, site: null, scope: 'server', requiresRestart: true };
const drift: Check = { code: 'PORT_RANGE', status: 'drift', site: null, setting: 'lowDataChannelPort', scope: 'server', current: 0, desired: 50000, fixable: true, message: 'm', changeIds: ['port-low'] };
const ok: Check = { ...drift, status: 'ok', changeIds: [] };

function plan(changes: Change[], restart: Plan['restart'] = 'on-change', checks: Check[] = changes.length ? [drift] : [ok]): Plan {
  return {
    formatVersion: PLAN_FORMAT_VERSION, tool: { name: 'iis-ftps-enforcer', version: 't' }, createdAt: '2026-01-01T00:00:00Z',
    config: { requestedFile: configPath, configFile: configPath, filesRead: [configPath], contentHash: 'h' }, desired: { file: '/d', contentHash: 'd' },
    restart, checks, changes, compliant: changes.length === 0,
  };
}

const okApply: AgentApplyResult = {
  ok: true, failedStep: null, error: null, backupName: 'b', backupCreated: true,
  applied: [{ id: 'port-low', readBack: 50000, verified: true }], restart: { performed: true, at: '2026-11-26T00:00:05Z', reason: 'agent reason' }, rollback: null,
};
const noRestartApply: AgentApplyResult = { ...okApply, applied: [], restart: { performed: false, at: null, reason: '' } };
/** Restarts with nothing to change, reporting the reason it was sent, as Apply.ps1 does. */
const restartOnlyApply = (payload: { restart: { reason: string } }): AgentApplyResult => ({ ...okApply, applied: [], restart: { ...okApply.restart, reason: payload.restart.reason } });
const prereqOk = { ok: true, failures: [], ftpsvc: 'Running', powershell: { edition: 'Core', version: '7', is64BitProcess: true } };
const restored = { ok: true, error: null, rollback: { attempted: true, succeeded: true, configRestored: true, serviceRestarted: true, serviceBefore: 'Running', serviceStatus: 'Running', serviceAsBefore: true, message: 'restored.' } };

function recordingLogger() {
  const warnings: string[] = [];
  const infos: string[] = [];
  const logger: Logger = { error: (m) => { warnings.push(m); }, warn: (m) => { warnings.push(m); }, info: (m) => { infos.push(m); }, debug() {}, close: async () => {} };
  return { logger, warnings, infos };
}

/** A recording fake of the journal: what the run began, finished and recorded. */
function fakeJournal(o: { interrupted?: Partial<JournalEntry>; lastRestart?: RestartRecord } = {}) {
  const events: string[] = [];
  const restarts: { hash: string; at: string; source: string | undefined }[] = [];
  const journal: RunJournal = {
    interrupted: o.interrupted ? { pid: 77, host: 'web1', startedAt: '2026-11-25T23:00:00Z', configFile: configPath, backupName: 'old-backup', restartWanted: true, ...o.interrupted } : undefined,
    stateDir: '/state',
    file: '/state/journal/x.json',
    lastRestart: o.lastRestart,
    begin(backupName) { events.push(`begin ${backupName}`); return undefined; },
    finish() { events.push('finish'); },
    recordRestart(hash, at, source) { restarts.push({ hash, at, source }); },
  };
  return { journal, events, restarts };
}

/** The session fake with an ExecuteOptions around it; an answer may be a function (to throw). */
function fakeSession(answers: Record<string, unknown>) {
  const { session, calls, closed } = recordingSession(answers, { executable: '/fake/pwsh', stderr: 'some stderr' });
  let opened = 0;
  const { logger, warnings, infos } = recordingLogger();
  const opts: ExecuteOptions = {
    configPath, desiredPath: '/d', serviceTimeoutSeconds: 5, logger, now: () => TEST_NOW,
    session: { executable: 'pwsh-as-given', modulePath: '/m', env: {}, timeoutMs: 1000, platform: 'linux', cwd: '/' },
    openSession: async () => { opened++; return session; },
    verify: () => ({ compliant: true, remaining: [] }),
  };
  return { calls, opts, warnings, infos, counts: () => ({ opened, closed: closed() }) };
}

describe('an earlier run was interrupted', () => {
  test('it wanted a restart: this run restarts ftpsvc even with nothing to change, says so, and finishes the journal', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': restartOnlyApply });
    const j = fakeJournal({ interrupted: { restartWanted: true } });
    const { outcome, failure } = await executePlan(plan([]), { ...f.opts, journal: j.journal });
    assert.equal(failure, undefined);
    assert.equal(outcome.status, 'applied');
    // The agent is told the real reason (restart-decision.ts pays the owed restart), and reports it back.
    assert.deepEqual(f.calls[1]!.payload.restart, { perform: true, reason: 'an earlier apply run was interrupted before it could restart ftpsvc with its changes' });
    assert.deepEqual(outcome.restart, { policy: 'on-change', performed: true, at: '2026-11-26T00:00:05Z', reason: 'an earlier apply run was interrupted before it could restart ftpsvc with its changes' });
    assert.equal(f.warnings.length, 1);
    assert.match(f.warnings[0]!, /^an earlier apply run did not finish \(pid 77 on web1, .*\); this run checks the configuration again and restarts ftpsvc, which that run may not have done$/);
    assert.deepEqual(j.events, [`begin ${f.calls[1]!.payload.backupName}`, 'finish']);
    assert.deepEqual(j.restarts, [], 'no settings to record without o.settings');
  });

  test('with --restart never: no restart, no PowerShell, and the warning does not promise one', async () => {
    const f = fakeSession({});
    const j = fakeJournal({ interrupted: { restartWanted: true } });
    const { outcome, failure } = await executePlan(plan([], 'never'), { ...f.opts, journal: j.journal });
    assert.equal(failure, undefined);
    assert.equal(outcome.status, 'nothing-to-do');
    assert.equal(outcome.restart.policy, 'never');
    assert.deepEqual(f.counts(), { opened: 0, closed: 0 });
    assert.match(f.warnings[0]!, /; this run checks the configuration again$/);
    assert.deepEqual(j.events, ['finish'], 'compliant: the interrupted run is settled');
  });

  test('it wanted no restart: warned, nothing else owed', async () => {
    const f = fakeSession({});
    const j = fakeJournal({ interrupted: { restartWanted: false } });
    const { outcome } = await executePlan(plan([]), { ...f.opts, journal: j.journal });
    assert.equal(outcome.status, 'nothing-to-do');
    assert.equal(outcome.restart.policy, 'on-change');
    assert.equal(f.warnings.length, 1);
    assert.deepEqual(f.counts(), { opened: 0, closed: 0 });
  });

  test('changes after an interrupted run: the agent is told to restart for the owed restart, the journal records it, the report keeps the run\'s own policy', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': noRestartApply });
    const j = fakeJournal({ interrupted: { restartWanted: true } });
    let begun: unknown;
    const { outcome } = await executePlan(plan([change]), { ...f.opts, journal: { ...j.journal, begin: (_name, restart) => { begun = restart; return undefined; } } });
    assert.deepEqual(f.calls[1]!.payload.restart, { perform: true, reason: 'an earlier apply run was interrupted before it could restart ftpsvc with its changes' });
    assert.deepEqual(begun, { restart: true, reason: 'an earlier apply run was interrupted before it could restart ftpsvc with its changes' }, 'the journal keeps the owed restart for a run interrupted again');
    assert.equal(outcome.restart.performed, false);
    assert.equal(outcome.restart.policy, 'on-change');
  });
});

describe('settings changed since the last restart (settings-restart.ts)', () => {
  const record = (settingsHash: string): RestartRecord => ({ settingsHash, at: '2026-11-20T00:00:00Z', host: 'web1' });

  test('changed since: restarted with nothing to change; the report says why; the new settings are recorded', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': restartOnlyApply });
    const j = fakeJournal({ lastRestart: record('old') });
    const { outcome } = await executePlan(plan([]), { ...f.opts, journal: j.journal, settings: { hash: 'new', shared: false } });
    assert.equal(outcome.status, 'applied');
    assert.match(outcome.restart.reason, /^the FTP firewall settings changed since this agent last restarted ftpsvc \(2026-11-20T00:00:00Z\)/);
    assert.equal(outcome.restart.policy, 'on-change');
    assert.deepEqual(f.warnings, [outcome.restart.reason]);
    assert.deepEqual(j.restarts, [{ hash: currentSettingsHash(configPath), at: '2026-11-26T00:00:05Z', source: undefined }]);
  });

  test('changed since, with --restart never: warned (saying never leaves it), nothing run', async () => {
    const f = fakeSession({});
    const j = fakeJournal({ lastRestart: record('old') });
    const { outcome } = await executePlan(plan([], 'never'), { ...f.opts, journal: j.journal, settings: { hash: 'new', shared: false } });
    assert.equal(outcome.status, 'nothing-to-do');
    assert.equal(f.warnings.length, 1);
    assert.match(f.warnings[0]!, /so ftpsvc still used the old ones; --restart never leaves ftpsvc as it is$/);
    assert.deepEqual(j.restarts, []);
  });

  test('in step: nothing owed, nothing said, nothing recorded', async () => {
    const f = fakeSession({});
    const j = fakeJournal({ lastRestart: record('same') });
    const { outcome } = await executePlan(plan([]), { ...f.opts, journal: j.journal, settings: { hash: 'same', shared: true } });
    assert.equal(outcome.status, 'nothing-to-do');
    assert.deepEqual(f.warnings, []);
    assert.deepEqual(j.restarts, []);
  });

  test('first run on a local configuration: no restart, the settings are recorded as first seen', async () => {
    const f = fakeSession({});
    const j = fakeJournal();
    const { outcome } = await executePlan(plan([]), { ...f.opts, journal: j.journal, settings: { hash: 'h1', shared: false } });
    assert.equal(outcome.status, 'nothing-to-do');
    assert.deepEqual(j.restarts, [{ hash: 'h1', at: TEST_NOW.toISOString(), source: 'first-seen' }]);
    assert.deepEqual(f.warnings, []);
  });

  test('first run on a shared configuration: restarted once to be sure', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': restartOnlyApply });
    const j = fakeJournal();
    const { outcome } = await executePlan(plan([]), { ...f.opts, journal: j.journal, settings: { hash: 'h1', shared: true } });
    assert.equal(outcome.status, 'applied');
    assert.match(outcome.restart.reason, /^this agent has no record of restarting ftpsvc with the shared configuration/);
    assert.equal(j.restarts.length, 1);
    assert.equal(j.restarts[0]!.source, undefined);
  });

  test('the host step restarted ftpsvc just before: that restart is recorded and nothing more is owed', async () => {
    const f = fakeSession({});
    const j = fakeJournal({ lastRestart: record('old') });
    const { outcome } = await executePlan(plan([]), { ...f.opts, journal: j.journal, settings: { hash: 'new', shared: true }, preflightDone: { ftpsvcBefore: 'Running', ftpsvcRestartedAt: '2026-11-26T00:00:01Z' } });
    assert.equal(outcome.status, 'nothing-to-do');
    assert.deepEqual(j.restarts, [{ hash: 'new', at: '2026-11-26T00:00:01Z', source: undefined }]);
    assert.deepEqual(f.warnings, []);
  });

  test('an applied run that did not restart records nothing; a failed one neither', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': noRestartApply });
    const j = fakeJournal({ lastRestart: record('same') });
    const { outcome } = await executePlan(plan([change]), { ...f.opts, journal: j.journal, settings: { hash: 'same', shared: false } });
    assert.equal(outcome.status, 'applied');
    assert.deepEqual(j.restarts, []);
  });
});

describe('nothing to change', () => {
  test('yet checks still drift (nothing apply can fix): an ApplyError counting them, the journal kept', async () => {
    const f = fakeSession({});
    const j = fakeJournal();
    const err: Check = { ...drift, status: 'error', fixable: false, changeIds: [] };
    const { outcome, failure } = await executePlan(plan([], 'on-change', [ok, { ...drift, changeIds: [] }, err]), { ...f.opts, journal: j.journal });
    assert.ok(failure instanceof ApplyError);
    assert.equal(failure.message, 'Nothing here can be changed by apply, yet 2 check(s) still drift; see the report.');
    assert.equal(failure.rolledBack, undefined);
    assert.equal(outcome.status, 'nothing-to-do');
    assert.deepEqual(outcome.verification, { compliant: false, remaining: [{ ...drift, changeIds: [] }, err] });
    assert.deepEqual(outcome.restart, { policy: 'on-change', performed: false, reason: 'nothing was changed, so ftpsvc was left alone' });
    assert.deepEqual(outcome.powershell, { executable: 'pwsh-as-given', processes: 0, stderr: '' });
    assert.equal(outcome.startedAt, TEST_NOW.toISOString());
    assert.equal(outcome.finishedAt, TEST_NOW.toISOString());
    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(j.events, []);
  });

  test('compliant: no failure, verification compliant, the journal finished', async () => {
    const f = fakeSession({});
    const j = fakeJournal();
    const { outcome, failure } = await executePlan(plan([]), { ...f.opts, journal: j.journal });
    assert.equal(failure, undefined);
    assert.deepEqual(outcome.verification, { compliant: true, remaining: [] });
    assert.deepEqual(j.events, ['finish']);
  });
});

describe('the session', () => {
  test('PowerShell not found: failed, nothing written, no process counted', async () => {
    const f = fakeSession({});
    const missing = new PowerShellNotFoundError('PowerShell was not found at "x".');
    const { outcome, failure } = await executePlan(plan([change]), { ...f.opts, openSession: async () => { throw missing; } });
    assert.equal(failure, missing);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error, missing.message);
    assert.deepEqual(outcome.rollback, { attempted: false, succeeded: true, message: 'nothing had been written' });
    assert.deepEqual(outcome.powershell, { executable: 'pwsh-as-given', processes: 0, stderr: '' });
    assert.deepEqual(outcome.restart, { policy: 'on-change', performed: false, reason: 'apply did not get as far as a restart' });
  });

  test('a module that would not load (another UserError): one process counted', async () => {
    const f = fakeSession({});
    const { outcome, failure } = await executePlan(plan([change]), { ...f.opts, openSession: async () => { throw new PrerequisiteError('module would not load'); } });
    assert.ok(failure instanceof PrerequisiteError);
    assert.equal(outcome.powershell?.processes, 1);
  });

  test('a bug (not a UserError) is not turned into a report', async () => {
    const f = fakeSession({});
    await assert.rejects(executePlan(plan([change]), { ...f.opts, openSession: async () => { throw new TypeError('bug'); } }), TypeError);
  });

  test('the ACL check (beforeWrite) refuses: nothing applied, the refusal is the failure, the session closed', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk });
    const refusal = new PrerequisiteError('writable by Users');
    const j = fakeJournal();
    const { outcome, failure } = await executePlan(plan([change]), { ...f.opts, journal: j.journal, beforeWrite: async () => refusal });
    assert.equal(failure, refusal);
    assert.equal(outcome.error, 'writable by Users');
    assert.deepEqual(outcome.powershell, { executable: '/fake/pwsh', processes: 1, stderr: 'some stderr' });
    assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites']);
    assert.deepEqual(j.events, [], 'nothing begun, so nothing to finish');
    assert.deepEqual(f.counts(), { opened: 1, closed: 1 });
  });

  test('applying logs what, through which PowerShell, with which backup', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': okApply });
    await executePlan(plan([change]), f.opts);
    assert.deepEqual(f.infos, [`applying 1 change(s) through /fake/pwsh (backup ${f.calls[1]!.payload.backupName})`]);
    assert.match(f.calls[1]!.payload.backupName, /^ftps-enforcer-20261126T000000Z-[0-9a-f]{6}$/);
    assert.equal(f.calls[1]!.payload.serviceTimeoutSeconds, 5);
  });
});

describe('runPreflight', () => {
  test('every unmet prerequisite: the first is the message, the rest details; ftpsvc as reported', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': { ok: false, failures: [{ check: 'a', message: 'first' }, { check: 'b', message: 'second' }], ftpsvc: 'Stopped' } });
    const session = await f.opts.openSession!(f.opts.session);
    const pre = await runPreflight(session, async () => { throw new Error('not reached'); });
    assert.ok(pre.failure instanceof PrerequisiteError);
    assert.equal(pre.failure.message, 'first');
    assert.deepEqual(pre.failure.details, ['second']);
    assert.equal(pre.ftpsvcBefore, 'Stopped');
  });
  test('not ok without a reason: a sentence all the same; ftpsvc unknown is null', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': { ok: false, failures: [] } });
    const pre = await runPreflight(await f.opts.openSession!(f.opts.session), undefined);
    assert.equal(pre.failure?.message, 'PowerShell reported an unmet prerequisite.');
    assert.equal(pre.ftpsvcBefore, null);
  });
  test('met, and nothing else to check: no failure', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk });
    assert.deepEqual(await runPreflight(await f.opts.openSession!(f.opts.session), undefined), { ftpsvcBefore: 'Running' });
    assert.deepEqual(await runPreflight(await f.opts.openSession!(f.opts.session), async () => undefined), { ftpsvcBefore: 'Running' });
  });
});

describe('an apply cut off mid-way (PowerShell timed out or died)', () => {
  const cutOff = (kind: 'timeout' | 'exited' | 'no-result') => () => { throw new PowerShellCallError(kind, `PowerShell ${kind}.`); };

  for (const kind of ['timeout', 'exited'] as const) {
    test(`${kind}: a second process restores the backup; the journal is finished once it is back`, async () => {
      let opened = 0;
      const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': cutOff(kind), 'Restore-FtpsEnforcerBackup': restored });
      const j = fakeJournal();
      const inner = f.opts.openSession!;
      const { outcome, failure } = await executePlan(plan([change]), { ...f.opts, journal: j.journal, openSession: async (o) => { opened++; return inner(o); } });
      assert.equal(opened, 2);
      assert.ok(failure instanceof ApplyError && !(failure instanceof FtpDownError));
      assert.equal(failure.rolledBack, true);
      assert.match(failure.message, new RegExp(`^PowerShell ${kind}; `));
      const restore = f.calls.find((c) => c.fn === 'Restore-FtpsEnforcerBackup');
      assert.equal(restore?.payload.restartService, true, 'the cut-off run may have restarted ftpsvc');
      assert.equal(restore?.payload.serviceBefore, 'Running');
      assert.equal(restore?.payload.backupName, f.calls[1]!.payload.backupName);
      assert.equal(outcome.powershell?.processes, 2);
      assert.equal(outcome.rollback?.succeeded, true);
      assert.equal(outcome.ftpDown, undefined);
      assert.deepEqual(j.events.slice(1), ['finish']);
    });
  }

  test('the restore does not answer: FtpDownError, FTP said down, the journal kept for the next run', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': cutOff('timeout'), 'Restore-FtpsEnforcerBackup': { ok: false, error: 'backup not found', rollback: null } });
    const j = fakeJournal();
    const { outcome, failure } = await executePlan(plan([change]), { ...f.opts, journal: j.journal });
    assert.ok(failure instanceof FtpDownError);
    assert.deepEqual(outcome.rollback, { attempted: true, succeeded: false, message: 'backup not found' });
    assert.ok(outcome.ftpDown);
    assert.deepEqual(j.events.filter((e) => e === 'finish'), []);
  });

  test('the second process cannot even start: the restore "could not run", with why', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': cutOff('exited') });
    let opened = 0;
    const inner = f.opts.openSession!;
    const { outcome } = await executePlan(plan([change]), { ...f.opts, openSession: async (o) => { if (opened++ > 0) throw new Error('no more processes'); return inner(o); } });
    assert.deepEqual(outcome.rollback, { attempted: true, succeeded: false, message: 'the restore could not run (no more processes)' });
  });

  for (const kind of ['timeout', 'exited', 'no-result'] as const) {
    test(`${kind} in the checks before the first write: nothing restored, no restart, not "FTP down", exit 1`, async () => {
      const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': cutOff(kind), 'Restore-FtpsEnforcerBackup': { ok: false, error: 'backup not found', rollback: null } });
      const j = fakeJournal();
      const { outcome, failure } = await executePlan(plan([change]), { ...f.opts, journal: j.journal });
      assert.ok(failure instanceof ApplyError && !(failure instanceof FtpDownError), String(failure));
      assert.equal(exitCodeFor(failure), 1);
      assert.match(failure.message, new RegExp(`^PowerShell ${kind}, before anything was written; nothing had been written\\.$`));
      assert.deepEqual(outcome.rollback, { attempted: false, succeeded: true, message: 'nothing had been written' });
      assert.equal(outcome.ftpDown, undefined);
      assert.deepEqual(f.calls.map((c) => c.fn), ['Test-FtpsEnforcerPrerequisites']);
      assert.equal(f.counts().opened, 1);
      assert.deepEqual(j.events, []);
    });
  }

  test('no result (an answer that was not one): nothing is restored, the end is unknown', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': cutOff('no-result') });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.ok(failure instanceof FtpDownError);
    assert.equal(failure.rolledBack, undefined);
    assert.equal(outcome.rollback, undefined);
    assert.equal(outcome.powershell?.processes, 1);
    assert.match(outcome.ftpDown ?? '', /FTP/);
    assert.equal(f.calls.some((c) => c.fn === 'Restore-FtpsEnforcerBackup'), false);
  });

  test('a restore in the same session after verification fails gets no answer: not a success', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': prereqOk, 'Invoke-FtpsEnforcerApply': okApply, 'Restore-FtpsEnforcerBackup': { ok: false, error: null, rollback: null } });
    f.opts.verify = () => ({ compliant: false, remaining: [drift] });
    const { outcome, failure } = await executePlan(plan([change]), f.opts);
    assert.ok(failure instanceof FtpDownError);
    assert.deepEqual(outcome.rollback, { attempted: true, succeeded: false, message: 'no answer' });
    assert.match(outcome.error ?? '', /^apply wrote the changes, but the configuration read again from disk still drifts \(lowDataChannelPort\); /);
  });

  test('a bug inside the session is not turned into a report, and the session is still closed', async () => {
    const f = fakeSession({ 'Test-FtpsEnforcerPrerequisites': () => { throw new TypeError('bug'); } });
    await assert.rejects(executePlan(plan([change]), f.opts), TypeError);
    assert.deepEqual(f.counts(), { opened: 1, closed: 1 });
  });
});

describe('verifyFromDisk: the configuration read again and planned again', () => {
  const fixtures = join(repoRoot, 'test', 'integration', 'apply', 'fixtures');
  test('compliant: nothing remains', () => {
    assert.deepEqual(verifyFromDisk(join(fixtures, 'compliant', 'applicationHost.config'), join(fixtures, 'desired.json'), 'on-change'), { compliant: true, remaining: [] });
  });
  test('drifting: what still drifts, and only that', () => {
    const v = verifyFromDisk(configPath, join(fixtures, 'desired.json'), 'on-change');
    assert.equal(v.compliant, false);
    assert.ok(v.remaining.length > 0);
    assert.ok(v.remaining.every((c) => c.status === 'drift' || c.status === 'error'));
    assert.ok(v.remaining.some((c) => c.code === 'PORT_RANGE'));
  });
});
