/**
 * apply's host step, in the run's one session, after the WebAdministration
 * changes are verified: Invoke-FtpsHostActions (our own firewall rule; the
 * pending ftpsvc restart unless this run restarted it already), then the
 * firewall facts read again to verify the rule now lets the ports in.
 */
import type { HostAction } from '../core/plan.js';
import type { PowerShellSession } from '../powershell/session.js';
import { checkFirewall } from './firewall-checks.js';
import { gatherHostFacts } from './host-run.js';
import { parseLocalPort } from './port-ranges.js';

export interface HostActionResult {
  id: string;
  ok: boolean;
  /** created | updated | restarted | skipped | refused | failed */
  done: string;
  message: string;
}

export interface HostApplyOutcome {
  ok: boolean;
  results: HostActionResult[];
  restartedAt: string | null;
  /** Set when the firewall rule, read back, still does not let every port in. */
  verifyError?: string;
}

export async function applyHostActions(session: PowerShellSession, actions: readonly HostAction[], o: { restartAlreadyDone: boolean; serviceTimeoutSeconds: number }): Promise<HostApplyOutcome> {
  const r = await session.call<{ ok: boolean; results: HostActionResult[]; restartedAt: string | null }>('Invoke-FtpsHostActions', {
    actions, restartAlreadyDone: o.restartAlreadyDone, serviceTimeoutSeconds: o.serviceTimeoutSeconds,
  });
  const results = Array.isArray(r.results) ? r.results : r.results ? [r.results] : [];
  const outcome: HostApplyOutcome = { ok: r.ok === true, results, restartedAt: r.restartedAt ?? null };
  const rule = actions.find((a) => a.kind === 'ensure-firewall-rule');
  if (outcome.ok && rule?.kind === 'ensure-firewall-rule') {
    const facts = await gatherHostFacts(session, { certificates: [], firewall: true, service: false, tls: false });
    const check = facts.firewall ? checkFirewall(facts.firewall, parseLocalPort(rule.localPorts).ports, true).checks.find((c) => c.hostCheck === 'FIREWALL_INBOUND') : undefined;
    if (!check || check.status !== 'ok') {
      outcome.ok = false;
      outcome.verifyError = `the firewall read back after creating "${rule.displayName}" still does not let every port in (${check?.current ?? 'firewall facts unavailable'})`;
    }
  }
  return outcome;
}

/** One sentence for a failed host step. */
export function hostFailureSentence(o: HostApplyOutcome): string {
  const bad = o.results.filter((r) => !r.ok).map((r) => r.message.replace(/\.$/, ''));
  return `the host step failed: ${[...bad, ...(o.verifyError ? [o.verifyError] : [])].join('; ')}`;
}

/**
 * Removes the firewall rules this run created (done: created), when the run fails: the run leaves the host as
 * it found it. A rule that existed before (updated) stays. Returns the ids of the actions undone; a removal that
 * fails is left in the report's host actions by its message.
 */
export async function removeCreatedRules(session: PowerShellSession, results: HostActionResult[], actions: readonly HostAction[]): Promise<string[]> {
  const created = actions.filter((a) => a.kind === 'ensure-firewall-rule' && results.some((r) => r.id === a.id && r.ok && r.done === 'created'));
  if (created.length === 0) return [];
  const undo = created.map((a) => ({ kind: 'remove-own-firewall-rule', id: a.id, ruleName: a.kind === 'ensure-firewall-rule' ? a.ruleName : '' }));
  const r = await session.call<{ ok: boolean; results: HostActionResult[] | HostActionResult }>('Invoke-FtpsHostActions', { actions: undo, restartAlreadyDone: true, serviceTimeoutSeconds: 0 });
  const done = Array.isArray(r.results) ? r.results : r.results ? [r.results] : [];
  for (const d of done) if (!d.ok) results.push({ ...d, id: `${d.id}/undo` });
  return done.filter((d) => d.ok).map((d) => d.id);
}
