import type { CliCommand } from '../command.js';
import { reportOptions } from './audit.js';
import { RESTART_POLICIES } from '../../core/desired-state.js';
import { UserError } from '../../core/errors.js';
import type { ApplyArgs } from '../../apply/apply-options.js';

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
  examples: [
    ['$0 apply --desired C:\\ProgramData\\ftps-enforcer\\desired.json', 'Fix drift, restarting ftpsvc only when a change needs it'],
    ['$0 apply --plan plan.json', 'Apply exactly the plan reviewed from `audit --out plan.json` (refused when stale)'],
    ['$0 apply --desired desired.json --restart never --format json --output result.json', 'Fix drift without restarting ftpsvc; the result as JSON'],
    ['$0 apply --desired desired.json --dry-run', 'Show what would change (exactly `audit`)'],
  ],
  run: async (args, io) => {
    if (args.dryRun) return (await import('../../app/audit.js')).runAuditCommand(args, io);
    return (await import('../../apply/apply-command.js')).runApplyCommand(args, io);
  },
};
