/**
 * Which plan apply runs: a fresh one from --desired (planned in 'apply' mode),
 * or a reviewed one from --plan, which is planned again from the current files
 * and its desired state and refused unless its changes are exactly the fresh
 * plan's (an edited plan never reaches PowerShell). Split in two so the lock
 * is taken between knowing the configuration file and planning: a run that
 * waited for another plans against what that run left behind.
 */
import { resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { ApplyArgs } from './apply-options.js';
import { resolveConfigPath } from '../app/config-path.js';
import { makePlan, type PlannedRun } from '../app/make-plan.js';
import { readIisConfig } from '../config/read-config.js';
import { UserError } from '../core/errors.js';
import type { Change, Plan } from '../core/plan.js';
import { RESTART_POLICIES } from '../core/desired-state.js';
import type { Logger } from '../log/logger.js';
import { readPlanFile } from '../plan-file/plan-file.js';
import { assertPlanFresh } from '../plan-file/plan-staleness.js';

export type PlanSource =
  | { kind: 'desired'; configPath: string; desiredPath: string }
  | { kind: 'plan-file'; configPath: string; planPath: string; saved: Plan };

/** Reads what can be read before the lock: the paths, and a saved plan's format version. */
export function choosePlanSource(args: Pick<ApplyArgs, 'plan' | 'desired' | 'config'>, io: CliIo): PlanSource {
  if (args.plan) {
    const planPath = resolve(io.cwd, args.plan);
    const saved = readPlanFile(planPath);
    const configPath = args.config ? resolveConfigPath(args.config, io) : saved.config.requestedFile;
    return { kind: 'plan-file', configPath, planPath, saved };
  }
  return { kind: 'desired', configPath: resolveConfigPath(args.config, io), desiredPath: resolve(io.cwd, args.desired) };
}

export interface ResolvedPlan {
  plan: Plan;
  configPath: string;
  desiredPath: string;
  /** The facts the plan was made from (fresh plans only): the host checks need them. */
  run?: PlannedRun;
}

/** Under the lock: plan now, or check the saved plan is still fresh. `restart` (from --restart) wins over the plan's. */
export function resolvePlan(source: PlanSource, restart: Plan['restart'] | undefined, logger: Logger): ResolvedPlan {
  if (source.kind === 'desired') {
    const run = makePlan({ configPath: source.configPath, desiredPath: source.desiredPath, mode: 'apply', ...(restart ? { restart } : {}), logger });
    return { plan: run.plan, configPath: source.configPath, desiredPath: source.desiredPath, run };
  }
  assertPlanFresh(source.saved, source.planPath, readIisConfig(source.configPath));
  const policy = restart ?? source.saved.restart;
  if (!RESTART_POLICIES.includes(policy)) {
    throw new SavedPlanMismatchError(`The plan ${source.planPath} has restart policy ${JSON.stringify(policy)}, which is not one of ${RESTART_POLICIES.join(', ')}; make the plan again with \`ftps-enforcer audit --out ${source.planPath}\` and review it.`);
  }
  // The saved plan is a claim to check, not instructions to follow: plan again, and run the fresh plan only when
  // it would make exactly the saved changes.
  const run = makePlan({ configPath: source.configPath, desiredPath: source.saved.desired.file, mode: 'apply', restart: policy, logger });
  assertSameChanges(source.saved, run.plan, source.planPath);
  return { plan: run.plan, configPath: source.configPath, desiredPath: source.saved.desired.file, run };
}

/** A saved plan that is not what apply would do now (edited, or made by another version): refused before any PowerShell. */
export class SavedPlanMismatchError extends UserError {}

/** What a change writes, and nothing else: the fields the agent receives, plus whether it needs a restart. */
function writeKey(c: Change): string {
  return JSON.stringify([c.id, c.pspath, c.filter, c.name, c.value, c.requiresRestart]);
}

/** Refuses the saved plan unless its changes are, in order, exactly the ones the fresh plan makes. */
export function assertSameChanges(saved: Plan, fresh: Plan, planPath: string): void {
  const want = fresh.changes.map(writeKey);
  const have = saved.changes.map((c) => writeKey(c as Change));
  const extra = have.filter((k) => !want.includes(k));
  const missing = want.filter((k) => !have.includes(k));
  if (extra.length === 0 && missing.length === 0 && have.length === want.length && have.every((k, i) => k === want[i])) return;
  const show = (k: string) => {
    const [id, pspath, filter, name, value, requiresRestart] = JSON.parse(k) as unknown[];
    return `${String(id)}: -PSPath ${String(pspath)} -Filter ${String(filter)} -Name ${String(name)} -Value ${JSON.stringify(value)}${requiresRestart ? '' : ' (no restart)'}`;
  };
  throw new SavedPlanMismatchError(
    `The plan ${planPath} does not match what apply would do now with ${fresh.config.configFile} and ${fresh.desired.file} (${extra.length} saved change(s) the current plan does not make, ${missing.length} it makes that the saved plan lacks${extra.length + missing.length === 0 ? ', or in another order' : ''}), so nothing was run; make the plan again with \`ftps-enforcer audit --out ${planPath}\` and review it.`,
    [...extra.map((k) => `not planned now: ${show(k)}`), ...missing.map((k) => `planned now, not in the saved plan: ${show(k)}`)],
  );
}

/** After the host facts are read (read-only) and before any write: the saved plan's host actions must be the fresh ones. */
export function assertSameHostActions(saved: Plan, fresh: Plan, planPath: string): void {
  const key = (p: Plan) => JSON.stringify(p.hostActions ?? []);
  if (key(saved) === key(fresh)) return;
  throw new SavedPlanMismatchError(
    `The plan ${planPath} has host actions (firewall rule, restart) that are not what apply would do now on this host, so nothing was written; make the plan again with \`ftps-enforcer audit --out ${planPath}\` on this host and review it.`,
    [`saved: ${key(saved)}`, `now: ${key(fresh)}`],
  );
}

/** Terraform's rule: an errored plan is not applyable. Says which checks, one per detail line. */
export function refuseErroredPlan(plan: Plan): void {
  const errors = plan.checks.filter((c) => c.status === 'error');
  if (errors.length === 0) return;
  throw new UserError(
    `apply did not start: ${errors.length} problem(s) in ${plan.config.configFile} need a person first (apply cannot fix them); fix them and run again.`,
    errors.map((c) => `${c.code}${c.site !== null ? ` [${c.site}]` : ''} ${c.setting}: ${c.message}`),
  );
}
