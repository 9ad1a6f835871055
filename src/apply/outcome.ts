/** Turning what the agent said into the report's ApplyOutcome and the run's one-sentence error (pure). */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import type { RestartPolicy } from '../core/desired-state.js';
import type { AgentApplyResult, AgentRollback } from './agent-result.js';

type ReportRollback = NonNullable<ApplyOutcome['rollback']>;

export function rollbackForReport(r: AgentRollback | null | undefined): ApplyOutcome['rollback'] {
  if (!r) return undefined;
  const service = r.serviceStatus ? ` (ftpsvc: ${r.serviceStatus})` : '';
  return {
    attempted: r.attempted,
    succeeded: r.succeeded === true && r.configRestored === true && r.serviceAsBefore !== false,
    configRestored: r.configRestored === true,
    ...(r.serviceBefore || r.serviceStatus ? { service: { before: r.serviceBefore ?? null, after: r.serviceStatus ?? null } } : {}),
    // IIS's errors carry CRLFs ("Filename: …\r\nError: …"): the report and the one-line error keep one line.
    message: `${String(r.message ?? '').replace(/\s+/g, ' ').trim()}${service}`,
  };
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
  return `the rollback did not complete (${(r.message ?? '').replace(/\.$/, '')}): ${ftpDownSentence(r, backupName)}`;
}

/**
 * What a failed rollback means for this backend, plainly, and what to do: FTP is down (ftpsvc is not as it was
 * before the run), or runs a configuration nobody chose (the backup could not be restored).
 */
export function ftpDownSentence(r: ReportRollback | undefined, backupName: string | undefined): string {
  const restore = `Restore-WebConfiguration -Name ${backupName ?? '<backup>'}`;
  const service = r?.service;
  if (r && r.configRestored !== false && service && service.after !== service.before) {
    return `FTP IS DOWN on this backend: ftpsvc is ${service.after ?? 'unknown'}, and was ${service.before ?? 'unknown'} before the run; the previous configuration is back, so find why ftpsvc does not start (System event log, Service Control Manager), then Start-Service ftpsvc, and take this backend out of the load balancer until it runs`;
  }
  return `FTP on this backend may be down or running a half-applied configuration: restore it by hand with ${restore}, then Restart-Service ftpsvc, and take this backend out of the load balancer until FTP works again`;
}

export function agentFailureSentence(agent: AgentApplyResult): string {
  const step = agent.failedStep ? ` at the ${agent.failedStep} step` : '';
  return `apply failed${step}: ${(agent.error ?? 'no message').replace(/\s+/g, ' ').trim().replace(/\.$/, '')}`;
}
