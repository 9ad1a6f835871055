/** Reading the backend documents `fleet` compares; every problem is one sentence naming the file. */
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { FLEET_REPORT_KIND, FLEET_REPORT_VERSION, type FleetBackendReport } from './fleet-report.js';
import type { FleetMember } from './compare.js';

export function readFleetReports(paths: readonly string[]): FleetMember[] {
  if (paths.length === 0) {
    throw new UserError('fleet needs the reports to compare: give one file per backend, made on each with `ftps-enforcer fleet --collect --desired FILE` (scripts/Invoke-FtpsEnforcerFleet.ps1 does this).');
  }
  const members = paths.map(readOne);
  const seen = new Map<string, string>();
  paths.forEach((p, i) => {
    const host = members[i]!.host;
    const other = seen.get(host.toLowerCase());
    if (other) throw new UserError(`${p} and ${other} both come from backend "${host}"; give one report per backend (set --backend-name when computer names repeat).`);
    seen.set(host.toLowerCase(), p);
  });
  return members;
}

export function parseFleetReport(text: string, path: string): FleetMember {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`${path} is not JSON (${(err as Error).message}); give the output of \`ftps-enforcer fleet --collect\`.`);
  }
  const v = value as Partial<FleetBackendReport> | null;
  if (!v || typeof v !== 'object' || v.kind !== FLEET_REPORT_KIND) {
    const hint = v && typeof v === 'object' && 'findings' in v ? ' (it looks like an `audit --format json` report, which lacks the effective settings fleet compares)' : '';
    throw new UserError(`${path} is not a fleet report${hint}; make one on the backend with \`ftps-enforcer fleet --collect --desired FILE\`.`);
  }
  if (v.formatVersion !== FLEET_REPORT_VERSION) {
    throw new UserError(`${path} has fleet report version ${String(v.formatVersion)} and this ftps-enforcer reads version ${FLEET_REPORT_VERSION}; collect it again with the same ftps-enforcer version on every backend.`);
  }
  const facts = v.facts;
  if (typeof v.host !== 'string' || v.host === '' || typeof v.exitCode !== 'number' || !v.desired || !facts || !facts.passivePortRange || !Array.isArray(facts.sites)) {
    throw new UserError(`${path} is an incomplete fleet report (host, exitCode, desired or facts missing); collect it again with \`ftps-enforcer fleet --collect\`.`);
  }
  return { host: v.host, exitCode: v.exitCode, desired: v.desired, facts };
}

function readOne(path: string): FleetMember {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`Cannot read the fleet report ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; check the path.`);
  }
  return parseFleetReport(text, path);
}
