/**
 * apply with host actions, in the run's ONE PowerShell session: the host step
 * (our firewall rule, a pending ftpsvc restart) runs first, then the usual
 * WebAdministration apply (executePlan) in the same session. The host restart
 * is skipped when the apply step will restart ftpsvc anyway, so ftpsvc restarts
 * at most once. A run without host actions is exactly executePlan, and starts
 * no PowerShell when there is nothing to change.
 */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import { ApplyError, type UserError } from '../core/errors.js';
import type { Check, Plan } from '../core/plan.js';
import type { Logger } from '../log/logger.js';
import { openPowerShellSession, type PowerShellSession, type SessionOptions } from '../powershell/session.js';
import { applyHostActions, hostFailureSentence } from './host-apply.js';
import { reuseSession } from './session-options.js';

export interface Execution {
  outcome: ApplyOutcome;
  failure?: UserError;
}

/** The apply step, given the plan it should run and (when a session is open) how to get that session. */
export type ExecuteStep = (plan: Plan, openSession?: (o: SessionOptions) => Promise<PowerShellSession>) => Promise<Execution>;

export interface WithHostOptions {
  session: SessionOptions;
  serviceTimeoutSeconds: number;
  logger: Logger;
  openSession?: (o: SessionOptions) => Promise<PowerShellSession>;
  now?: () => Date;
}

/** ftpsvc will be restarted by the WebAdministration apply step. */
export function applyStepRestarts(plan: Plan): boolean {
  return plan.restart === 'always' || (plan.restart === 'on-change' && plan.changes.some((c) => c.requiresRestart));
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
    o.logger.info(`host step: ${actions.map((a) => a.kind).join(', ')}`);
    const host = await applyHostActions(session, actions, { restartAlreadyDone: applyStepRestarts(plan), serviceTimeoutSeconds: o.serviceTimeoutSeconds });
    const hostReport = { ok: host.ok, actions: host.results };
    if (!host.ok) {
      // Nothing of the configuration was written yet: stop here and say what failed.
      const sentence = `${hostFailureSentence(host)}; the configuration was not changed.`;
      const now = (o.now ?? (() => new Date()))().toISOString();
      const outcome: ApplyOutcome = {
        status: 'failed', startedAt: now, finishedAt: now, applied: [], host: hostReport,
        restart: { policy: plan.restart, performed: Boolean(host.restartedAt), ...(host.restartedAt ? { at: host.restartedAt } : {}), reason: 'restart pending (host check)' },
        powershell: { executable: session.executable, processes: 1, stderr: session.stderr() },
        error: sentence,
      };
      return { outcome, failure: new ApplyError(sentence, undefined) };
    }
    const run = await execute(withoutHostChecks(plan), reuseSession(session, open));
    run.outcome.host = hostReport;
    countHostProcess(run.outcome, session);
    if (host.restartedAt && !run.outcome.restart.performed) {
      const reason = actions.find((a) => a.kind === 'restart-ftpsvc');
      run.outcome.restart = { policy: plan.restart, performed: true, at: host.restartedAt, reason: reason?.kind === 'restart-ftpsvc' ? `restart pending: ${reason.reason}` : 'restart pending' };
    }
    return withUnfixed(run, unfixed);
  } finally {
    await session.close();
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
