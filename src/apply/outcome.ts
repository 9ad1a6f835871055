/** Turning what the agent said into the report's ApplyOutcome and the run's one-sentence error (pure). */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import type { RestartPolicy } from '../core/desired-state.js';
import type { AgentApplyResult, AgentRollback } from './agent-result.js';

export function rollbackForReport(r: AgentRollback | null | undefined): ApplyOutcome['rollback'] {
  if (!r) return undefined;
  const service = r.serviceStatus ? ` (ftpsvc: ${r.serviceStatus})` : '';
  return { attempted: r.attempted, succeeded: r.succeeded, message: `${r.message}${service}` };
}

export function restartForReport(policy: RestartPolicy, agent: AgentApplyResult | undefined, fallbackReason: string): ApplyOutcome['restart'] {
  if (!agent) return { policy, performed: false, reason: fallbackReason };
  return { policy, performed: agent.restart.performed, ...(agent.restart.at ? { at: agent.restart.at } : {}), reason: agent.restart.reason || fallbackReason };
}

/** "…; the previous configuration is back (restored from backup X)" or what to do by hand. */
export function rollbackSentence(r: ApplyOutcome['rollback'], backupName: string | undefined): string {
  if (!r) return backupName ? `the state of the configuration is unknown: check it, and Restore-WebConfiguration -Name ${backupName} brings back the previous one` : 'nothing was written';
  if (!r.attempted && r.succeeded) return 'nothing had been written';
  if (r.succeeded) return `the previous configuration is back (${(r.message ?? '').replace(/\.$/, '')})`;
  return `the rollback did not complete (${(r.message ?? '').replace(/\.$/, '')}): restore by hand with Restore-WebConfiguration -Name ${backupName ?? '<backup>'}`;
}

export function agentFailureSentence(agent: AgentApplyResult): string {
  const step = agent.failedStep ? ` at the ${agent.failedStep} step` : '';
  return `apply failed${step}: ${(agent.error ?? 'no message').replace(/\s+/g, ' ').trim().replace(/\.$/, '')}`;
}
