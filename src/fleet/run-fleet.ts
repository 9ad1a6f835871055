/** `fleet`: compare backend reports (exit 0 consistent and compliant, 2 not, 1 error), or `--collect` one. */
import { resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { ExitCode, UserError } from '../core/errors.js';
import { createLogger } from '../log/logger.js';
import { resolveConfigPath } from '../app/config-path.js';
import { RunFiles } from '../app/run-files.js';
import { compareFleet } from './compare.js';
import { readFleetReports } from './read-reports.js';
import { renderFleet, type FleetFormat } from './render-fleet.js';

export interface FleetArgs {
  reports: string[];
  format: FleetFormat;
  output?: string;
  collect: boolean;
  desired?: string;
  config?: string;
  /** `--backend-name`: the name this backend is reported under. */
  backendName?: string;
}

export async function runFleetCommand(args: FleetArgs & GlobalOptions, io: CliIo): Promise<number> {
  if (args.collect) return collect(args, io);
  const files = new RunFiles(args, io);
  for (const r of args.reports ?? []) files.addInput('input file', r);
  files.refuseOutputsOverInputs();
  const members = readFleetReports((args.reports ?? []).map((p) => resolve(io.cwd, p)));
  const comparison = compareFleet(members);
  const text = renderFleet(comparison, args.format);
  if (args.output) files.write('output', text, 'fleet report');
  else io.stdout.write(text);
  return comparison.ok ? ExitCode.Compliant : ExitCode.Drift;
}

async function collect(args: FleetArgs & GlobalOptions, io: CliIo): Promise<number> {
  if (!args.desired) throw new UserError('fleet --collect needs --desired FILE: the desired-state file this backend is enforced with.');
  if (args.reports?.length) throw new UserError('fleet --collect makes this backend\'s report and takes no report files; compare them with `ftps-enforcer fleet A.json B.json`.');
  const files = new RunFiles(args, io);
  const configPath = resolveConfigPath(args.config, io);
  const desiredPath = resolve(io.cwd, args.desired);
  files.addInput('configuration', configPath).addInput('desired-state file', desiredPath).refuseOutputsOverInputs();
  const logger = await createLogger({ verbose: args.verbose, quiet: args.quiet, logFile: files.logFile, deferFile: true, stderr: io.stderr });
  try {
    const { collectFleetReport } = await import('./collect.js');
    const doc = collectFleetReport({ configPath, desiredPath, host: args.backendName, logger, files });
    await logger.openFile?.();
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (args.output) files.write('output', text, 'fleet report');
    else io.stdout.write(text);
    return doc.exitCode;
  } finally {
    await logger.close();
  }
}
