import type { CliIo } from '../cli/io.js';
import type { Report, ReportFormat } from '../core/report.js';
import type { Logger } from '../log/logger.js';
import { renderReport } from '../render/index.js';
import { renderPowerShellScript } from '../render/powershell-script.js';
import { serializePlan } from '../plan-file/plan-file.js';
import { useColor } from './output.js';
import type { RunFiles } from './run-files.js';
import { hostname } from 'node:os';

export interface EmitOptions {
  format: ReportFormat;
  output?: string;
  out?: string;
  emitScript?: string;
}

/** Writes the report, and the saved plan and review script when asked, each through `files` (never over an input); shared by audit and apply. Returns the report written. */
export function emitReport(run: Report, opts: EmitOptions, io: CliIo, logger: Logger, files: RunFiles): Report {
  const report: Report = { ...run, host: run.host ?? hostname() };
  files.addPlanInputs(report.plan).refuseOutputsOverInputs();
  if (opts.out) {
    files.write('out', serializePlan(report.plan), 'plan');
    logger.info(`plan saved to ${opts.out}`);
  }
  if (opts.emitScript) {
    files.write('emitScript', renderPowerShellScript(report.plan), 'PowerShell script');
    logger.info(`PowerShell for review written to ${opts.emitScript}`);
  }
  const color = !opts.output && opts.format === 'text' && useColor(io);
  const text = renderReport(report, opts.format, { color });
  if (opts.output) files.write('output', text, 'report');
  else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return report;
}
