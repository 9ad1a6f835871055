/**
 * Which plan apply runs: a fresh one from --desired (planned in 'apply' mode),
 * or a reviewed one from --plan (refused when stale). Split in two so the lock
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
import type { Plan } from '../core/plan.js';
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
  const plan = restart ? { ...source.saved, restart } : source.saved;
  return { plan, configPath: source.configPath, desiredPath: source.saved.desired.file };
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
