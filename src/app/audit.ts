/** `audit` (and `apply --dry-run`): read, plan, report. Never writes the configuration. */
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from './global-options.js';
import type { Report, ReportFormat } from '../core/report.js';
import { ExitCode } from '../core/errors.js';
import { createLogger } from '../log/logger.js';
import { resolveConfigPath } from './config-path.js';
import { makePlan } from './make-plan.js';
import { emitReport } from './emit-report.js';
import { RunFiles } from './run-files.js';
import { resolve } from 'node:path';
import { needsHostFacts } from '../host/needs-host-facts.js';

/** What `audit` (and `apply --dry-run`) is asked to do; the CLI declares these as options. */
export interface AuditArgs {
  desired: string;
  config?: string;
  format: ReportFormat;
  output?: string;
  out?: string;
  emitScript?: string;
  /** Also gather host facts (certificate, firewall, ftpsvc, TLS). */
  hostChecks?: boolean;
  /** Also write the run's outcome to the Windows Application event log (docs/eventlog.md). */
  eventLog?: boolean;
}

export async function runAuditCommand(args: AuditArgs & GlobalOptions, io: CliIo): Promise<number> {
  if (!args.eventLog) return audit(args, io, () => {});
  const { withEventLog } = await import('../eventlog/run-with-event-log.js');
  return withEventLog('audit', io, (emitted) => audit(args, io, emitted));
}

async function audit(args: AuditArgs & GlobalOptions, io: CliIo, emitted: (report: Report) => void): Promise<number> {
  // Outputs are checked against the inputs before any is opened, the log file included (issue 14).
  const files = new RunFiles(args, io);
  const configPath = resolveConfigPath(args.config, io);
  const desiredPath = resolve(io.cwd, args.desired);
  files.addInput('configuration', configPath).addInput('desired-state file', desiredPath).refuseOutputsOverInputs();
  const logger = await createLogger({ verbose: args.verbose, quiet: args.quiet, logFile: files.logFile, deferFile: true, stderr: io.stderr });
  try {
    const run = makePlan({ configPath, desiredPath, mode: 'audit', logger });
    files.addPlanInputs(run.plan).refuseOutputsOverInputs();
    await logger.openFile?.();
    // Host checks (issue 10): one read-only PowerShell call, only with --host-checks or a certificate / windowsFirewall section.
    let plan = run.plan;
    if (needsHostFacts(run.loaded.desired, args.hostChecks)) {
      const [{ planWithHostChecks }, { hostSessionOptions }] = await Promise.all([import('../host/host-run.js'), import('../host/session-options.js')]);
      const host = await planWithHostChecks(run, { hostFlag: args.hostChecks, session: hostSessionOptions(args as { powershell?: string; timeout?: number }, io), logger });
      await host.session?.close();
      plan = host.plan;
    }
    emitted(emitReport({ command: 'audit', plan }, args, io, logger, files));
    return plan.compliant ? ExitCode.Compliant : ExitCode.Drift;
  } finally {
    await logger.close();
  }
}
