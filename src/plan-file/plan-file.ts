/**
 * Saved plans (`audit --out`, `apply --plan`): versioned JSON carrying the hash
 * of the configuration it was made from, so a reviewed plan is applied exactly
 * or refused.
 */
import { readFileSync } from 'node:fs';
import { PLAN_FORMAT_VERSION, type Plan } from '../core/plan.js';
import { UserError } from '../core/errors.js';

export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export function readPlanFile(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`Cannot read the plan file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; save one with \`ftps-enforcer audit --out ${path}\`.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UserError(`The plan file ${path} is not valid JSON (${(err as Error).message}); save it again with \`ftps-enforcer audit --out\`.`);
  }
  const v = value as Partial<Plan> | null;
  if (!v || typeof v !== 'object' || v.tool?.name !== 'iis-ftps-enforcer') {
    throw new UserError(`${path} is not a plan saved by ftps-enforcer; save one with \`ftps-enforcer audit --out\`.`);
  }
  if (v.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new UserError(`The plan file ${path} has format version ${String(v.formatVersion)}, and this ftps-enforcer reads version ${PLAN_FORMAT_VERSION}; make the plan again with this version's \`audit --out\`.`);
  }
  if (!Array.isArray(v.changes) || !Array.isArray(v.checks) || typeof v.config?.contentHash !== 'string') {
    throw new UserError(`The plan file ${path} is incomplete (changes, checks or config hash missing); make it again with \`ftps-enforcer audit --out\`.`);
  }
  return v as Plan;
}
