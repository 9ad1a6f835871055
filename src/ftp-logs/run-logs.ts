/** `logs`: read IIS FTP logs, find passive-mode evidence against the desired address and range, report. Exit 0 none, 2 found, 1 error. */
import { readFileSync } from 'node:fs';
import { resolve, win32 } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { ExitCode, UserError } from '../core/errors.js';
import { RunFiles } from '../app/run-files.js';
import { checkExpectAddress, parsePortRange } from '../probe/probe-options.js';
import { findFtpLogs } from './find-logs.js';
import { parseW3cLog, type W3cRecord } from './w3c-log.js';
import { analyzeFtpLogs, type LogExpectation } from './analyze-logs.js';
import { renderLogsReport, type LogsReport } from './render-logs.js';

export interface LogsArgs {
  dir?: string;
  desired?: string;
  expectAddress?: string;
  expectRange?: string;
  format: 'text' | 'json' | 'markdown';
  output?: string;
}

function expectation(args: LogsArgs, io: Pick<CliIo, 'cwd'>): Promise<LogExpectation> | LogExpectation {
  if (args.expectAddress) {
    return { address: checkExpectAddress(args.expectAddress)!, ...(args.expectRange ? { range: parsePortRange(args.expectRange) } : {}) };
  }
  if (!args.desired) throw new UserError('logs needs the address PASV replies must carry: --desired FILE (its externalIp4Address and port range) or --expect-address IP.');
  return import('../desired/load-desired.js').then(({ loadDesiredState }) => {
    const { desired } = loadDesiredState(resolve(io.cwd, args.desired!));
    const ephemeral = desired.lowDataChannelPort === 0 && desired.highDataChannelPort === 0;
    return { address: desired.externalIp4Address, ...(ephemeral ? {} : { range: { low: desired.lowDataChannelPort, high: desired.highDataChannelPort } }) };
  });
}

function defaultDir(io: Pick<CliIo, 'env' | 'platform'>): string {
  if (io.platform === 'win32') return win32.join(io.env.SystemDrive ?? 'C:', '\\inetpub', 'logs', 'LogFiles');
  throw new UserError('--dir is required on this system: give the folder holding the FTPSVC<n> log folders (IIS writes them to C:\\inetpub\\logs\\LogFiles).');
}

export async function runLogsCommand(args: LogsArgs & GlobalOptions, io: CliIo): Promise<number> {
  const outputs = new RunFiles(args, io).addInput('desired-state file', args.desired);
  outputs.refuseOutputsOverInputs();
  const expect = await expectation(args, io);
  const dir = args.dir ? resolve(io.cwd, args.dir) : defaultDir(io);
  const files = findFtpLogs(dir);
  for (const f of files) outputs.addInput('input file', f);
  outputs.refuseOutputsOverInputs();
  const records: W3cRecord[] = [];
  let skipped = 0;
  for (const file of files) {
    const parsed = parseW3cLog(readFileSync(file, 'utf8'), file);
    records.push(...parsed.records);
    skipped += parsed.skipped.length;
  }
  const analysis = analyzeFtpLogs(records, expect);
  const report: LogsReport = { command: 'logs', dir, files, records: records.length, skippedLines: skipped, expect, ...analysis, ok: analysis.findings.length === 0 };
  const text = renderLogsReport(report, args.format);
  if (args.output) outputs.write('output', text, 'logs report');
  else io.stdout.write(text);
  return report.ok ? ExitCode.Compliant : ExitCode.Drift;
}
