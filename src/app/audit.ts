/** `audit` (and `apply --dry-run`): read, plan, report. Never writes the configuration. */
import type { CliIo } from '../cli/io.js';
import type { AuditArgs } from '../cli/commands/audit.js';
import type { GlobalOptions } from '../cli/command.js';
import { ExitCode } from '../core/errors.js';
import { createLogger } from '../log/logger.js';
import { resolveConfigPath } from './config-path.js';
import { makePlan } from './make-plan.js';
import { emitReport } from './emit-report.js';
import { resolve } from 'node:path';

export async function runAuditCommand(args: AuditArgs & GlobalOptions, io: CliIo): Promise<number> {
  const logger = await createLogger({ verbose: args.verbose, quiet: args.quiet, logFile: args.logFile, stderr: io.stderr });
  try {
    const { plan } = makePlan({
      configPath: resolveConfigPath(args.config, io),
      desiredPath: resolve(io.cwd, args.desired),
      mode: 'audit',
      logger,
    });
    emitReport({ command: 'audit', plan }, args, io, logger);
    return plan.compliant ? ExitCode.Compliant : ExitCode.Drift;
  } finally {
    await logger.close();
  }
}
