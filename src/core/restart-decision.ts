/**
 * The ONE place that decides whether an apply run restarts ftpsvc, and why.
 * The agent (scripts/FtpsEnforcer.Agent, Apply.ps1) obeys the decision it is
 * sent; the review script, the text report, the run journal and the host step
 * ask this function instead of deciding again.
 *
 * Under `on-change`, ftpsvc restarts once when any change needs it, or when a restart is owed. Every
 * change the planner makes does: no IIS 7+ source says whether a change to
 * firewallSupport (passive range, external address) or to the SSL policies
 * takes effect without restarting ftpsvc (DOMAIN.md, "Restart"), so
 * restarting is the safe choice, a choice and not a sourced fact
 * (docs/apply.md, "Restart policy").
 */
import type { RestartPolicy } from './desired-state.js';
import type { Change } from './plan.js';

export interface RestartDecision {
  /** ftpsvc is restarted once, after the changes are committed and read back. */
  restart: boolean;
  /** Why (not), in words, for the report and the log. */
  reason: string;
}

/**
 * `owedBecause`: a restart this run owes whatever it changes, in words: an earlier run was interrupted
 * before its restart, or the settings changed since this agent's last restart (settings-restart.ts).
 * Every policy but `never` pays it.
 */
export function decideRestart(policy: RestartPolicy, changes: readonly Pick<Change, 'requiresRestart'>[], owedBecause?: string): RestartDecision {
  if (policy === 'never') return { restart: false, reason: 'the restart policy is never: ftpsvc picks the changes up at its next restart' };
  if (owedBecause) return { restart: true, reason: owedBecause };
  if (policy === 'always') return { restart: true, reason: 'the restart policy is always' };
  const needing = changes.filter((c) => c.requiresRestart).length;
  if (needing > 0) return { restart: true, reason: `restart policy on-change: ${needing} change(s) take effect only once ftpsvc restarts` };
  return { restart: false, reason: 'restart policy on-change: no change needs an ftpsvc restart' };
}
