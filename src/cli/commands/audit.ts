import type { Argv } from 'yargs';
import type { CliCommand } from '../command.js';
import { REPORT_FORMATS, type ReportFormat } from '../../core/report.js';

export interface AuditArgs {
  desired: string;
  config?: string;
  format: ReportFormat;
  output?: string;
  out?: string;
  emitScript?: string;
  host?: boolean;
}

/** Options shared by audit and apply: what to read and how to report it. */
export function reportOptions(y: Argv): Argv<any> {
  return y
    .option('desired', { type: 'string', describe: 'Desired-state JSON file (schema/desired-state.schema.json)' })
    .option('config', { type: 'string', describe: 'applicationHost.config (default: %windir%\\System32\\inetsrv\\config\\applicationHost.config on Windows)' })
    .option('format', { choices: REPORT_FORMATS, default: 'text' as ReportFormat, describe: 'Report format' })
    .option('output', { type: 'string', describe: 'Write the report to this file instead of stdout' })
    .option('emit-script', { type: 'string', describe: 'Write the PowerShell that apply would run to this file, for review' });
}

export const auditCommand: CliCommand<AuditArgs> = {
  command: 'audit',
  describe: 'Report drift from the desired state (read-only; never starts PowerShell unless --host). Exit 0 compliant, 2 drift, 1 error.',
  builder: (y) =>
    reportOptions(y)
      .demandOption('desired')
      .option('out', { type: 'string', describe: 'Save the plan (versioned JSON) for review and a later `apply --plan`' })
      .option('host', { type: 'boolean', default: false, describe: 'Also check host facts (certificate, Windows Firewall, ftpsvc, TLS) through one read-only PowerShell call' }),
  run: async (args, io) => (await import('../../app/audit.js')).runAuditCommand(args, io),
};
