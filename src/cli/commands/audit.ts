import type { Argv } from 'yargs';
import type { CliCommand } from '../command.js';
import { REPORT_FORMATS, type ReportFormat } from '../../core/report.js';
import type { AuditArgs } from '../../app/audit.js';
import { UserError } from '../../core/errors.js';

/**
 * `--host` once meant three things (audit: host checks, probe: the VIP, fleet:
 * a label). audit and apply now say `--host-checks`; a bare `--host` still
 * works, and `--host NAME` gets a sentence pointing at what was meant.
 */
export function hostChecksOptions(y: Argv): Argv<any> {
  return y
    .option('host-checks', { type: 'boolean', default: false, describe: 'Also check host facts (certificate, Windows Firewall, ftpsvc, TLS) through one read-only PowerShell call' })
    .option('host', { type: 'string', hidden: true, describe: 'Old name of --host-checks' })
    .check((a) => {
      if (a.host === undefined) return true;
      if (a.host !== '' && a.host !== 'true') {
        throw new UserError(`--host takes no value here: for host checks on this server use --host-checks; to test a VIP from a client use \`ftps-enforcer probe --vip ${a.host}\`; to name this backend in a fleet report use \`fleet --collect --backend-name ${a.host}\`.`);
      }
      a.hostChecks = a['host-checks'] = true;
      return true;
    });
}

/** Options shared by audit and apply: what to read and how to report it. */
export function reportOptions(y: Argv): Argv<any> {
  return y
    .option('desired', { type: 'string', describe: 'Desired-state JSON file (schema/desired-state.schema.json)' })
    .option('config', { type: 'string', describe: 'applicationHost.config (default: %windir%\\System32\\inetsrv\\config\\applicationHost.config on Windows)' })
    .option('format', { choices: REPORT_FORMATS, default: 'text' as ReportFormat, describe: 'Report format' })
    .option('output', { type: 'string', describe: 'Write the report to this file instead of stdout' })
    .option('emit-script', { type: 'string', describe: 'Write the PowerShell that apply would run to this file, for review' })
    .option('event-log', { type: 'boolean', default: false, describe: 'Also write the outcome to the Windows Application event log, source ftps-enforcer (docs/eventlog.md); Windows only' });
}

export const auditCommand: CliCommand<AuditArgs> = {
  command: 'audit',
  describe: 'Report drift from the desired state (read-only; never starts PowerShell unless --host-checks). Exit 0 compliant, 2 drift, 1 error.',
  builder: (y) =>
    hostChecksOptions(reportOptions(y))
      .demandOption('desired')
      .option('out', { type: 'string', describe: 'Save the plan (versioned JSON) for review and a later `apply --plan`' }),
  examples: [
    ['$0 audit --desired C:\\ProgramData\\ftps-enforcer\\desired.json', 'Report drift in IIS\'s own applicationHost.config'],
    ['$0 audit --desired desired.json --config \\\\fs1\\iis\\applicationHost.config --format junit --output ftps.xml', 'A shared configuration, as a JUnit report for a pipeline'],
    ['$0 audit --desired desired.json --out plan.json --emit-script fix.ps1', 'Save the plan and the PowerShell apply would run, for review'],
    ['$0 audit --desired desired.json --host-checks', 'Also check the certificate, Windows Firewall, ftpsvc and TLS'],
  ],
  run: async (args, io) => (await import('../../app/audit.js')).runAuditCommand(args, io),
};
