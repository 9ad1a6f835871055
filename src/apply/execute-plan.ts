/**
 * Runs a plan: nothing at all when there is nothing to change, else ONE
 * PowerShell session (prerequisites, apply, and a rollback if the re-read
 * configuration still drifts), then the outcome for the report. Returns the
 * failure instead of throwing it, so the report is written either way.
 */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import { ApplyError, FtpDownError, PrerequisiteError, UserError } from '../core/errors.js';
import type { Plan } from '../core/plan.js';
import type { Logger } from '../log/logger.js';
import { openPowerShellSession, PowerShellCallError, PowerShellNotFoundError, type PowerShellSession, type SessionOptions } from '../powershell/session.js';
import { decideRestart } from '../core/restart-decision.js';
import { applyChanges, checkPrerequisites, restoreBackup } from './agent-calls.js';
import type { AgentApplyResult } from './agent-result.js';
import { makeBackupName } from './backup-name.js';
import { interruptedRunSentence, type RunJournal } from './run-journal.js';
import { filesApplyMayWrite, type FileBackup } from './file-backup.js';
import { currentSettingsHash, settingsRestartDecision, settingsRestartOwed, settingsRestartSentence } from './settings-restart.js';
import { agentFailureSentence, ftpDownSentence, restartForReport, rollbackForReport, rollbackSentence } from './outcome.js';
import { remainingDrift, verifyFromDisk, type Verification } from './verify.js';

export interface ExecuteOptions {
  configPath: string;
  desiredPath: string;
  session: SessionOptions;
  serviceTimeoutSeconds: number;
  logger: Logger;
  now?: () => Date;
  /** Injected by unit tests (a recording fake); the real one starts PowerShell. */
  openSession?: (o: SessionOptions) => Promise<PowerShellSession>;
  /** Injected by unit tests; the real one reads the configuration from disk. */
  verify?: (configPath: string, desiredPath: string, restart: Plan['restart']) => Verification;
  /** Records the run before it writes, so a run killed part-way is noticed (and ftpsvc restarted) by the next one. */
  journal?: RunJournal;
  /** The effective firewall settings as planned (their hash) and whether they are a farm's shared configuration: restart after a change made elsewhere. */
  settings?: { hash: string; shared: boolean };
  /** Runs in the session after the prerequisites, before the first write; a refusal stops the run (apply's ACL check). */
  beforeWrite?: BeforeWrite;
  /** The checks already ran in the session this run reuses (the host step runs them before its own writes). */
  preflightDone?: Preflight;
}

export type BeforeWrite = (session: PowerShellSession) => Promise<UserError | undefined>;

/** Every check before the first write, in one session: prerequisites, then the run's own (ACLs). */
export interface Preflight {
  failure?: UserError;
  /** ftpsvc's status before the run (from the prerequisites), so a rollback can put it back the same way. */
  ftpsvcBefore: string | null;
  /** When the host step restarted ftpsvc before the configuration step (a restart pending). */
  ftpsvcRestartedAt?: string;
}

/** The checks that come before ANY write of the run (host actions included): prerequisites, then `beforeWrite`. */
export async function runPreflight(session: PowerShellSession, beforeWrite: BeforeWrite | undefined): Promise<Preflight> {
  const pre = await checkPrerequisites(session);
  if (!pre.ok) {
    const [first, ...rest] = pre.failures.map((f) => f.message);
    return { failure: new PrerequisiteError(first ?? 'PowerShell reported an unmet prerequisite.', rest), ftpsvcBefore: pre.ftpsvc ?? null };
  }
  const refused = await beforeWrite?.(session);
  return refused ? { failure: refused, ftpsvcBefore: pre.ftpsvc ?? null } : { ftpsvcBefore: pre.ftpsvc ?? null };
}

/** Failures before the first write: there is nothing to roll back. */
const NOTHING_WRITTEN = { attempted: false, succeeded: true, message: 'nothing had been written' } as const;

export interface Execution {
  outcome: ApplyOutcome;
  failure?: UserError;
}

export async function executePlan(plan: Plan, o: ExecuteOptions): Promise<Execution> {
  const now = o.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const base = { startedAt, applied: [] as ApplyOutcome['applied'] };
  // A run killed after its commit leaves the new configuration on disk but ftpsvc not restarted with it:
  // nothing drifts any more, so only the journal tells that the restart is still owed.
  const interrupted = o.journal?.interrupted;
  // Settings changed since this agent's last restart (another backend, a hand edit): drift a restart alone fixes.
  // The host step restarted ftpsvc just before this step (a restart pending): it now runs the settings on disk,
  // so that restart is recorded and no second one is owed for a change made elsewhere.
  const hostRestartedAt = o.preflightDone?.ftpsvcRestartedAt;
  if (hostRestartedAt && o.settings) o.journal?.recordRestart(o.settings.hash, hostRestartedAt);
  const settingsReason = o.journal && o.settings && !hostRestartedAt ? settingsRestartDecision(o.settings.hash, o.journal.lastRestart, o.settings.shared) : undefined;
  const settingsOwed = settingsReason !== undefined && settingsRestartOwed(settingsReason);
  // A restart owed whatever this run changes; the one decision (restart-decision.ts) pays it unless the policy is never.
  const owedBecause = interrupted?.restartWanted === true ? 'an earlier apply run was interrupted before it could restart ftpsvc with its changes' : settingsOwed ? settingsRestartSentence(settingsReason!) : undefined;
  const restart = decideRestart(plan.restart, plan.changes, owedBecause);
  const owedRestart = owedBecause !== undefined && restart.restart;
  if (interrupted) o.logger.warn(interruptedRunSentence(interrupted, owedRestart));
  if (settingsOwed) o.logger.warn(`${settingsRestartSentence(settingsReason!)}${plan.restart === 'never' ? '; --restart never leaves ftpsvc as it is' : ''}`);
  if (settingsReason?.kind === 'no-record-local') o.journal?.recordRestart(o.settings!.hash, now().toISOString(), 'first-seen');

  if (plan.changes.length === 0 && !restart.restart) {
    const remaining = remainingDrift(plan.checks);
    if (remaining.length === 0) o.journal?.finish();
    const outcome: ApplyOutcome = {
      ...base,
      status: 'nothing-to-do',
      finishedAt: now().toISOString(),
      restart: { policy: plan.restart, performed: false, reason: 'nothing was changed, so ftpsvc was left alone' },
      verification: { compliant: remaining.length === 0, remaining },
      powershell: { executable: o.session.executable, processes: 0, stderr: '' },
    };
    const failure = remaining.length ? new ApplyError(`Nothing here can be changed by apply, yet ${remaining.length} check(s) still drift; see the report.`, undefined) : undefined;
    return failure ? { outcome, failure } : { outcome };
  }

  const failed = (error: string, extra: Partial<ApplyOutcome>, processes: number, stderr: string, executable: string): ApplyOutcome => ({
    ...base,
    status: 'failed',
    finishedAt: now().toISOString(),
    restart: { policy: plan.restart, performed: false, reason: 'apply did not get as far as a restart' },
    ...extra,
    powershell: { executable, processes, stderr },
    error,
  });

  let session: PowerShellSession;
  try {
    session = await (o.openSession ?? openPowerShellSession)(o.session);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    // A missing executable starts nothing; a module that would not load ran one process.
    const processes = err instanceof PowerShellNotFoundError ? 0 : 1;
    return { outcome: failed(err.message, { rollback: NOTHING_WRITTEN }, processes, '', o.session.executable), failure: err };
  }

  let outcome: ApplyOutcome;
  let failure: UserError | undefined;
  const backupName = makeBackupName(now());
  let agent: AgentApplyResult | undefined;
  let ftpsvcBefore: string | null = o.preflightDone?.ftpsvcBefore ?? null;
  let fileBackup: FileBackup | undefined;
  // Set just before the agent is asked to write: a PowerShell cut off before then (in the prerequisite or
  // ACL checks) wrote nothing, made no backup and restarted nothing, so there is nothing to restore.
  let writeStarted = false;
  try {
    const pre = o.preflightDone ?? (await runPreflight(session, o.beforeWrite));
    ftpsvcBefore = pre.ftpsvcBefore;
    if ((failure = pre.failure)) {
      outcome = failed(failure.message, { rollback: NOTHING_WRITTEN }, 1, session.stderr(), session.executable);
    } else {
      o.logger.info(`applying ${plan.changes.length} change(s) through ${session.executable} (backup ${backupName})`);
      fileBackup = o.journal?.begin(backupName, restart, filesApplyMayWrite(plan.config));
      writeStarted = true;
      agent = await applyChanges(session, { changes: plan.changes, restart, backupName, serviceTimeoutSeconds: o.serviceTimeoutSeconds, ...(fileBackup ? { fileBackup } : {}) });
      const applied = agent.applied.map((a) => ({ changeId: a.id, readBack: a.readBack, verified: a.verified }));
      const shared = { applied, ...(agent.backupCreated ? { backupName } : {}), restart: restartForReport(plan.restart, agent, 'no restart') };
      if (!agent.ok) {
        const rollback = rollbackForReport(agent.rollback);
        const sentence = `${agentFailureSentence(agent)}; ${rollbackSentence(rollback, agent.backupCreated ? backupName : undefined)}.`;
        failure = applyFailure(sentence, rollback);
        outcome = failed(sentence, { ...shared, ...(rollback ? { rollback } : {}), ...ftpDownField(rollback, backupName) }, 1, session.stderr(), session.executable);
      } else {
        const verification = (o.verify ?? verifyFromDisk)(o.configPath, o.desiredPath, plan.restart);
        if (verification.compliant) {
          outcome = { ...base, ...shared, status: 'applied', finishedAt: now().toISOString(), verification, powershell: { executable: session.executable, processes: 1, stderr: session.stderr() } };
        } else {
          // The agent read back what it wrote, yet the file on disk still drifts (e.g. written where IIS does not read): undo it.
          const restore = await restoreBackup(session, backupName, agent.restart.performed, ftpsvcBefore, o.serviceTimeoutSeconds, fileBackup);
          const rollback = rollbackForReport(restore.rollback) ?? { attempted: true, succeeded: false, message: restore.error ?? 'no answer' };
          const sentence = `apply wrote the changes, but the configuration read again from disk still drifts (${verification.remaining.map((c) => c.setting).join(', ')}); ${rollbackSentence(rollback, backupName)}.`;
          failure = applyFailure(sentence, rollback);
          outcome = failed(sentence, { ...shared, rollback, verification, ...ftpDownField(rollback, backupName) }, 1, session.stderr(), session.executable);
        }
      }
    }
  } catch (err) {
    if (!(err instanceof PowerShellCallError)) throw err;
    await session.close();
    if (!writeStarted) {
      const sentence = `${err.message.replace(/\.$/, '')}, before anything was written; ${rollbackSentence(NOTHING_WRITTEN, undefined)}.`;
      return { outcome: failed(sentence, { rollback: NOTHING_WRITTEN }, 1, session.stderr(), session.executable), failure: new ApplyError(sentence, true) };
    }
    // The apply was cut off (timeout or crash) and may have written: restore its backup from a second process.
    const rollback = agent || !(err.kind === 'timeout' || err.kind === 'exited') ? undefined : await restoreAfterCrash(o, backupName, ftpsvcBefore, fileBackup);
    const sentence = `${err.message.replace(/\.$/, '')}; ${rollbackSentence(rollback, backupName)}.`;
    failure = applyFailure(sentence, rollback);
    outcome = failed(sentence, { ...(rollback ? { rollback } : {}), ...ftpDownField(rollback, backupName) }, rollback ? 2 : 1, session.stderr(), session.executable);
    // Unknown end: the journal stays for the next run, unless the backup is known to be back.
    if (rollback?.succeeded) o.journal?.finish();
    return { outcome, failure };
  } finally {
    await session.close();
  }
  outcome.powershell = { executable: session.executable, processes: 1, stderr: session.stderr() };
  // The agent reported how the run ended (applied, or failed and rolled back or not): nothing is left unknown.
  if (agent) o.journal?.finish();
  // The settings ftpsvc now runs with, for the next run's comparison (settings-restart.ts).
  if (o.settings && outcome.status === 'applied' && outcome.restart.performed) o.journal?.recordRestart(currentSettingsHash(o.configPath), outcome.restart.at ?? now().toISOString());
  return failure ? { outcome, failure } : { outcome };
}

/** After a cut-off apply: a fresh PowerShell process restores the backup if one was made (and restarts ftpsvc with it). */
async function restoreAfterCrash(o: ExecuteOptions, backupName: string, ftpsvcBefore: string | null, fileBackup: FileBackup | undefined): Promise<ApplyOutcome['rollback']> {
  let second: PowerShellSession | undefined;
  try {
    second = await (o.openSession ?? openPowerShellSession)(o.session);
    const r = await restoreBackup(second, backupName, true, ftpsvcBefore, o.serviceTimeoutSeconds, fileBackup);
    return rollbackForReport(r.rollback) ?? { attempted: true, succeeded: false, message: r.error ?? 'no answer' };
  } catch (err) {
    return { attempted: true, succeeded: false, message: `the restore could not run (${(err as Error).message})` };
  } finally {
    await second?.close();
  }
}

/** A failed rollback leaves FTP down (or unknown) on this backend: the report says so in its own field. */
function ftpDownField(rollback: ApplyOutcome['rollback'], backupName: string): Pick<ApplyOutcome, 'ftpDown'> {
  return rollback?.succeeded === false || rollback === undefined ? { ftpDown: ftpDownSentence(rollback, backupName) } : {};
}

/** The run's error: a rollback that did not bring everything back (or an unknown end) is FtpDownError, exit 3. */
function applyFailure(sentence: string, rollback: ApplyOutcome['rollback']): ApplyError {
  return rollback?.succeeded === true ? new ApplyError(sentence, true) : new FtpDownError(sentence, rollback?.succeeded);
}
