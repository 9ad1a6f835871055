/**
 * `schedule run`: what the scheduled task executes. The ordinary audit or
 * apply, in-process with its JSON report captured, then the Application event
 * log entries for what happened (src/eventlog). Exit codes are audit's/apply's.
 */
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { exitCodeFor } from '../core/errors.js';
import type { RunReport } from '../eventlog/events-for-run.js';
import { logRunEvents } from '../eventlog/run-with-event-log.js';
import type { ScheduleMode } from './task-spec.js';
import { CaptureStream } from '../cli/capture-stream.js';

export interface ScheduledRunArgs {
  mode: ScheduleMode;
  desired: string;
  config?: string;
  powershell?: string;
}


export async function runScheduledRun(args: ScheduledRunArgs & GlobalOptions, io: CliIo): Promise<number> {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const inner: CliIo = { ...io, stdout, stderr };
  const common = { desired: args.desired, config: args.config, format: 'json' as const, verbose: args.verbose, quiet: args.quiet, logFile: args.logFile };
  let code: number;
  let thrown: unknown;
  try {
    if (args.mode === 'apply') {
      const { runApplyCommand } = await import('../apply/apply-command.js');
      code = await runApplyCommand({ ...common, dryRun: false, lockTimeout: 120, timeout: 300, ...(args.powershell ? { powershell: args.powershell } : {}) }, inner);
    } else {
      const { runAuditCommand } = await import('../app/audit.js');
      code = await runAuditCommand(common, inner);
    }
  } catch (err) {
    thrown = err;
    code = exitCodeFor(err);
  }
  io.stderr.write(stderr.text);
  let report: RunReport | undefined;
  try {
    report = stdout.text.trim() ? (JSON.parse(stdout.text) as RunReport) : undefined;
  } catch {
    report = undefined;
  }
  const error = thrown instanceof Error ? thrown.message : stderr.text.split('\n').find((l) => l.startsWith('error: '))?.slice(7);
  await logRunEvents({ mode: args.mode, exitCode: code, report, ...(error ? { error } : {}) }, io);
  if (thrown) throw thrown;
  io.stdout.write(stdout.text);
  return code;
}
