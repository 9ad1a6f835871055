import type { AuditArgs } from '../app/audit.js';
import type { RestartPolicy } from '../core/desired-state.js';

/** What `apply` is asked to do; the CLI declares these as options. */
export interface ApplyArgs extends AuditArgs {
  restart?: RestartPolicy;
  dryRun: boolean;
  powershell?: string;
  plan?: string;
  lockTimeout: number;
  timeout: number;
}
