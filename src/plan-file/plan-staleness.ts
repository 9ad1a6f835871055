/**
 * A saved plan is applied exactly, or refused: when the configuration it was
 * made from has changed (its files hash differently now), or the desired-state
 * file it was made from has (the run re-plans against it to verify).
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import type { IisFtpState } from '../core/iis-state.js';
import type { Plan } from '../core/plan.js';

export class StalePlanError extends UserError {}

export function assertPlanFresh(plan: Plan, planPath: string, current: IisFtpState): void {
  if (current.origin.contentHash !== plan.config.contentHash) {
    throw new StalePlanError(
      `The plan ${planPath} was made from a configuration that has changed since (${plan.createdAt}, ${current.origin.filesRead.join(', ')}); run \`ftps-enforcer audit --out ${planPath}\` again and review the new plan.`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(plan.desired.file);
  } catch (err) {
    throw new StalePlanError(
      `The plan ${planPath} was made from the desired-state file ${plan.desired.file}, which cannot be read now (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); apply verifies against it, so put it back or make the plan again with \`ftps-enforcer audit --out\`.`,
    );
  }
  if (sha256(bytes) !== plan.desired.contentHash) {
    throw new StalePlanError(
      `The plan ${planPath} was made from a desired-state file that has changed since (${plan.desired.file}); run \`ftps-enforcer audit --out ${planPath}\` again and review the new plan.`,
    );
  }
}
