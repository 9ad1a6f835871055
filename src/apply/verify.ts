/** After apply, the configuration is read again from disk and planned again: success only when nothing drifts. */
import { makePlan } from '../app/make-plan.js';
import type { RestartPolicy } from '../core/desired-state.js';
import type { Check } from '../core/plan.js';
import { silentLogger } from '../log/logger.js';

export interface Verification {
  compliant: boolean;
  remaining: Check[];
}

export function remainingDrift(checks: Check[]): Check[] {
  return checks.filter((c) => c.status === 'drift' || c.status === 'error');
}

export function verifyFromDisk(configPath: string, desiredPath: string, restart: RestartPolicy): Verification {
  const { plan } = makePlan({ configPath, desiredPath, mode: 'apply', restart, logger: silentLogger });
  const remaining = remainingDrift(plan.checks);
  return { compliant: remaining.length === 0, remaining };
}
