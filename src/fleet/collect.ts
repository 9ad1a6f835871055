/**
 * `fleet --collect`, run on a backend: the same read-only plan as `audit`, plus
 * the effective facts, as one JSON document for the fleet comparison.
 */
import { hostname } from 'node:os';
import { makePlan } from '../app/make-plan.js';
import type { Logger } from '../log/logger.js';
import type { RunFiles } from '../app/run-files.js';
import { renderReport } from '../render/index.js';
import { ExitCode } from '../core/errors.js';
import { collectBackendFacts } from './backend-facts.js';
import { FLEET_REPORT_KIND, FLEET_REPORT_VERSION, type FleetBackendReport } from './fleet-report.js';

export interface CollectRequest {
  configPath: string;
  desiredPath: string;
  host?: string;
  logger: Logger;
  /** The run's outputs, checked against every file the plan read before anything is written. */
  files?: RunFiles;
}

export function collectFleetReport(req: CollectRequest): FleetBackendReport {
  const { state, plan } = makePlan({ configPath: req.configPath, desiredPath: req.desiredPath, mode: 'audit', logger: req.logger });
  req.files?.addPlanInputs(plan).refuseOutputsOverInputs();
  const report = JSON.parse(renderReport({ command: 'audit', plan }, 'json', { color: false })) as unknown;
  return {
    kind: FLEET_REPORT_KIND,
    formatVersion: FLEET_REPORT_VERSION,
    host: req.host ?? hostname(),
    exitCode: plan.compliant ? ExitCode.Compliant : ExitCode.Drift,
    desired: plan.desired,
    facts: collectBackendFacts(state),
    report,
  };
}
