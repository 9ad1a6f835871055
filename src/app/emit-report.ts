import type { CliIo } from '../cli/io.js';
import type { Report, ReportFormat } from '../core/report.js';
import type { Logger } from '../log/logger.js';
import { renderReport } from '../render/index.js';
import { renderPowerShellScript } from '../render/powershell-script.js';
import { serializePlan } from '../plan-file/plan-file.js';
import { useColor, writeOutputFile } from './output.js';
import { hostname } from 'node:os';

export interface EmitOptions {
  format: ReportFormat;
  output?: string;
  out?: string;
  emitScript?: string;
}

/** Writes the report, and the saved plan and review script when asked; shared by audit and apply. Returns the report written. */
export function emitReport(run: Report, opts: EmitOptions, io: CliIo, logger: Logger): Report {
  const report: Report = { ...run, host: run.host ?? hostname() };
  if (opts.out) {
    writeOutputFile(opts.out, serializePlan(report.plan), io, 'plan');
    logger.info(`plan saved to ${opts.out}`);
  }
  if (opts.emitScript) {
    writeOutputFile(opts.emitScript, renderPowerShellScript(report.plan), io, 'PowerShell script');
    logger.info(`PowerShell for review written to ${opts.emitScript}`);
  }
  const color = !opts.output && opts.format === 'text' && useColor(io);
  const text = renderReport(report, opts.format, { color });
  if (opts.output) writeOutputFile(opts.output, text, io, 'report');
  else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return report;
}
