/**
 * Host actions (issue 10) in words, shared by the renderers: what apply would
 * do besides WebAdministration writes (a firewall rule, an ftpsvc restart),
 * and what the host step of an apply run did.
 */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import type { HostAction } from '../core/plan.js';

/** The host step of an apply outcome, when the plan had host actions. */
export interface HostStep {
  ok: boolean;
  actions: { id: string; ok: boolean; done: string; message: string }[];
}

/** Read through a widened type: the field is optional and newer than this module. */
export function hostStepOf(a: ApplyOutcome): HostStep | undefined {
  return (a as ApplyOutcome & { host?: HostStep }).host;
}

export function describeHostAction(h: HostAction): string {
  if (h.kind === 'ensure-firewall-rule') {
    return `${h.mode === 'create' ? 'create' : 'update'} inbound Windows Firewall rule ${JSON.stringify(h.ruleName)} allowing TCP ${h.localPorts.join(', ')}`;
  }
  return `restart ftpsvc: ${h.reason}`;
}
