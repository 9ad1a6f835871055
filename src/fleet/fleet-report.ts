/**
 * The document one backend contributes to a fleet comparison
 * (`ftps-enforcer fleet --collect`, run on the backend by
 * scripts/Invoke-FtpsEnforcerFleet.ps1): who it is, its effective facts, and
 * its ordinary audit report (`audit --format json`) verbatim.
 */
import type { BackendFacts } from './backend-facts.js';

export const FLEET_REPORT_KIND = 'ftps-enforcer/fleet-report';
export const FLEET_REPORT_VERSION = 1;

export interface FleetBackendReport {
  kind: typeof FLEET_REPORT_KIND;
  formatVersion: typeof FLEET_REPORT_VERSION;
  /** The backend's name: --host, else the computer name. */
  host: string;
  /** The exit code `audit` would give on this backend: 0 compliant, 2 drift. */
  exitCode: number;
  desired: { file: string; contentHash: string };
  facts: BackendFacts;
  /** The `audit --format json` report of this backend. */
  report: unknown;
}
