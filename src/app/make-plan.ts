/**
 * The read-only half of every run: locate and read the configuration, load the
 * desired state, plan. Shared by audit, apply and the scheduled task.
 */
import { readIisConfig } from '../config/read-config.js';
import { loadDesiredState } from '../desired/load-desired.js';
import { planChanges, type PlanMode } from '../core/planner.js';
import type { IisFtpState } from '../core/iis-state.js';
import type { LoadedDesiredState } from '../core/desired-state.js';
import type { Plan } from '../core/plan.js';
import type { RestartPolicy } from '../core/desired-state.js';
import type { Logger } from '../log/logger.js';
import { TOOL_VERSION } from '../version.js';

export interface PlanRequest {
  configPath: string;
  desiredPath: string;
  mode: PlanMode;
  /** --restart on the command line wins over the desired-state file's `restart`. */
  restart?: RestartPolicy;
  logger: Logger;
  now?: Date;
}

export interface PlannedRun {
  state: IisFtpState;
  loaded: LoadedDesiredState;
  plan: Plan;
}

export function makePlan(req: PlanRequest): PlannedRun {
  // Desired state first: a typo there is the cheaper mistake to report.
  const loaded = loadDesiredState(req.desiredPath);
  for (const w of loaded.warnings ?? []) req.logger.warn(`${loaded.file}: ${w}`);
  const state = readIisConfig(req.configPath);
  if (state.origin.redirection) {
    req.logger.info(`shared configuration: ${state.origin.redirection.redirectionConfig} redirects to ${state.origin.configFile}`);
  }
  req.logger.debug(`read ${state.origin.filesRead.join(', ')}: ${state.ftpSites.length} FTP site(s)`);
  const plan = planChanges(state, loaded, {
    mode: req.mode,
    restart: req.restart ?? loaded.desired.restart,
    now: req.now ?? new Date(),
    toolVersion: TOOL_VERSION,
  });
  return { state, loaded, plan };
}
