/**
 * apply with host actions, in the run's ONE PowerShell session: every check
 * first (prerequisites, ACLs: runPreflight), then the host step (our firewall
 * rule, a pending ftpsvc restart), then the usual WebAdministration apply
 * (executePlan) in the same session, which does not check again. The host
 * restart is skipped when the apply step will restart ftpsvc anyway, so ftpsvc
 * restarts at most once; a firewall rule this run created is removed again when
 * the apply step fails. A run without host actions is exactly executePlan, and
 * starts no PowerShell when there is nothing to change.
 */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import { ApplyError, type UserError } from '../core/errors.js';
import type { Check, HostAction, Plan } from '../core/plan.js';
import type { Logger } from '../log/logger.js';
import { openPowerShellSession, type PowerShellSession, type SessionOptions } from '../powershell/session.js';
import { runPreflight, type BeforeWrite, type Preflight } from '../apply/execute-plan.js';
import { applyHostActions, hostFailureSentence, removeCreatedRules, type HostApplyOutcome } from './host-apply.js';
import { reuseSession } from './session-options.js';
import { decideRestart } from '../core/restart-decision.js';

export interface Execution {
  outcome: ApplyOutcome;
  failure?: UserError;
}

/** The apply step, given the plan it should run and (when a session is open) how to get that session. */
export type ExecuteStep = (plan: Plan, openSession?: (o: SessionOptions) => Promise<PowerShellSession>, preflightDone?: Preflight) => Promise<Execution>;

export interface WithHostOptions {
  session: SessionOptions;
  serviceTimeoutSeconds: number;
  logger: Logger;
  openSession?: (o: SessionOptions) => Promise<PowerShellSession>;
  now?: () => Date;
  /** The run's own checks (ACLs), run after the prerequisites and before the host step's first write. */
  beforeWrite?: BeforeWrite;
}

/** ftpsvc will be restarted by the WebAdministration apply step. */
export function applyStepRestarts(plan: Plan): boolean {
  return decideRestart(plan.restart, plan.changes).restart;
}

/** Host checks stay in the report; the apply step judges (and verifies) only what it changes. */
export function withoutHostChecks(plan: Plan): Plan {
  const checks = plan.checks.filter((c) => c.code !== 'HOST');
  return { ...plan, checks, compliant: !checks.some((c) => c.status === 'drift' || c.status === 'error') };
}

export async function executeWithHost(plan: Plan, openHostSession: PowerShellSession | undefined, execute: ExecuteStep, o: WithHostOptions): Promise<Execution> {
  const open = o.openSession ?? openPowerShellSession;
  const actions = plan.hostActions ?? [];
  const unfixed = unfixableHostDrift(plan.checks);
  if (actions.length === 0) {
    const run = await execute(withoutHostChecks(plan), openHostSession ? reuseSession(openHostSession, open) : undefined);
    countHostProcess(run.outcome, openHostSession);
    return withUnfixed(run, unfixed);
  }
  const session = openHostSession ?? (await open(o.session));
  try {
    const stamp = () => (o.now ?? (() => new Date()))().toISOString();
    // Every check before the first write, the host step's included (issue 14).
    const preflight = await runPreflight(session, o.beforeWrite);
    if (preflight.failure) {
      const t = stamp();
      const outcome: ApplyOutcome = {
        status: 'failed', startedAt: t, finishedAt: t, applied: [],
        restart: { policy: plan.restart, performed: false, reason: 'apply did not get as far as a restart' },
        rollback: { attempted: false, succeeded: true, message: 'nothing had been written' },
        powershell: { executable: session.executable, processes: 1, stderr: session.stderr() },
        error: preflight.failure.message,
      };
      return { outcome, failure: preflight.failure };
    }
    o.logger.info(`host step: ${actions.map((a) => a.kind).join(', ')}`);
    const host = await applyHostActions(session, actions, { restartAlreadyDone: applyStepRestarts(plan), serviceTimeoutSeconds: o.serviceTimeoutSeconds });
    const hostReport = { ok: host.ok, actions: host.results };
    if (!host.ok) {
      // Nothing of the configuration was written yet: undo a rule this step created, stop here and say what failed.
      const removed = await removeCreatedRules(session, host.results, actions);
      const sentence = `${hostFailureSentence(host)}; the configuration was not changed${removed.length ? ` and the firewall rule this run created was removed (${removed.join(', ')})` : ''}.`;
      const t = stamp();
      const outcome: ApplyOutcome = {
        status: 'failed', startedAt: t, finishedAt: t, applied: [], host: hostReport,
        restart: { policy: plan.restart, performed: Boolean(host.restartedAt), ...(host.restartedAt ? { at: host.restartedAt } : {}), reason: 'restart pending (host check)' },
        powershell: { executable: session.executable, processes: 1, stderr: session.stderr() },
        error: sentence,
      };
      return { outcome, failure: new ApplyError(sentence, undefined) };
    }
    const run = await execute(withoutHostChecks(plan), reuseSession(session, open), host.restartedAt ? { ...preflight, ftpsvcRestartedAt: host.restartedAt } : preflight);
    run.outcome.host = hostReport;
    countHostProcess(run.outcome, session);
    if (run.failure && run.outcome.status === 'failed') await undoCreatedRules(run.outcome, host.results, actions, () => open(o.session));
    if (host.restartedAt && !run.outcome.restart.performed) {
      const reason = actions.find((a) => a.kind === 'restart-ftpsvc');
      run.outcome.restart = { policy: plan.restart, performed: true, at: host.restartedAt, reason: reason?.kind === 'restart-ftpsvc' ? `restart pending: ${reason.reason}` : 'restart pending' };
    }
    return withUnfixed(run, unfixed);
  } finally {
    await session.close();
  }
}

/**
 * The configuration was rolled back (or never written): a firewall rule this run created goes too. The apply
 * step has closed the run's session by now (it may have died), so this takes a fresh process.
 */
async function undoCreatedRules(outcome: ApplyOutcome, results: HostApplyOutcome['results'], actions: readonly HostAction[], open: () => Promise<PowerShellSession>): Promise<void> {
  if (!results.some((r) => r.ok && r.done === 'created')) return;
  let session: PowerShellSession | undefined;
  try {
    session = await open();
    if (outcome.powershell) outcome.powershell.processes += 1;
    const removed = await removeCreatedRules(session, results, actions);
    for (const r of results) if (removed.includes(r.id)) r.done = 'created, then removed by the rollback';
  } catch (err) {
    results.push({ id: 'remove-created-rule', ok: false, done: 'failed', message: `The firewall rule this run created could not be removed: ${(err as Error).message}` });
  } finally {
    await session?.close();
  }
}

/** Host drift apply may not fix (e.g. a pending restart under --restart never) still fails the run, as drift does. */
function unfixableHostDrift(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.code === 'HOST' && (c.status === 'error' || (c.status === 'drift' && !c.fixable)));
}

function withUnfixed(run: Execution, unfixed: Check[]): Execution {
  if (unfixed.length === 0 || run.failure) return run;
  const sentence = `${unfixed.length} host check(s) still fail and apply may not fix them (${unfixed.map((c) => c.hostCheck ?? c.setting).join(', ')}); see the report.`;
  if (run.outcome.verification) run.outcome.verification = { compliant: false, remaining: [...run.outcome.verification.remaining, ...unfixed] };
  return { outcome: run.outcome, failure: new ApplyError(sentence, undefined) };
}

/** The host facts were read in a PowerShell process even when the apply step needed none. */
function countHostProcess(outcome: ApplyOutcome, session: PowerShellSession | undefined): void {
  if (!session) return;
  const ps = outcome.powershell;
  if (!ps || ps.processes === 0) outcome.powershell = { executable: session.executable, processes: 1, stderr: session.stderr() };
}
