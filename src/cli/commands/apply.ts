import type { CliCommand } from '../command.js';
import { reportOptions, type AuditArgs } from './audit.js';
import { RESTART_POLICIES, type RestartPolicy } from '../../core/desired-state.js';
import { UserError } from '../../core/errors.js';

export interface ApplyArgs extends AuditArgs {
  restart?: RestartPolicy;
  dryRun: boolean;
  powershell?: string;
  plan?: string;
  lockTimeout: number;
  timeout: number;
}

export const applyCommand: CliCommand<ApplyArgs> = {
  command: 'apply',
  describe: 'Fix drift through WebAdministration in one PowerShell session: backup, commit, verify, restart ftpsvc per policy, roll back on failure.',
  builder: (y) =>
    reportOptions(y)
      .option('plan', { type: 'string', describe: 'Apply exactly this reviewed plan (from `audit --out`); refused when stale' })
      .option('restart', { choices: RESTART_POLICIES, describe: 'When to restart ftpsvc (default: the desired state\'s `restart`, else on-change)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Plan and report only: exactly `audit`' })
      .option('powershell', { type: 'string', describe: 'PowerShell executable (default: powershell.exe on Windows, pwsh elsewhere)' })
      .option('lock-timeout', { type: 'number', default: 120, describe: 'Seconds to wait for another run holding the lock' })
      .option('timeout', { type: 'number', default: 300, describe: 'Seconds each PowerShell call may take (start-up and loading, prerequisites, apply); a call cut off is rolled back from a second process' })
      .check((a) => {
        if (!a.plan && !a.desired) throw new UserError('apply needs --desired FILE, or --plan PLAN saved by `audit --out`.');
        if (a.plan && a['dry-run']) throw new UserError('--dry-run and --plan do not go together: a saved plan is already the dry run; run `apply --plan` to apply it.');
        return true;
      }),
  run: async (args, io) => {
    if (args.dryRun) return (await import('../../app/audit.js')).runAuditCommand(args, io);
    return (await import('../../apply/apply-command.js')).runApplyCommand(args, io);
  },
};
