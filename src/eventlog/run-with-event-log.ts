/**
 * `audit --event-log` / `apply --event-log`: the same Application event log
 * entries `schedule run` writes (eventsForRun, eventcreate.exe), for a run
 * started by hand or from a pipeline. The events come from the JSON form of
 * the report the run emitted, whatever format was asked for on stdout.
 */
import type { CliIo } from '../cli/io.js';
import type { Report } from '../core/report.js';
import { exitCodeFor } from '../core/errors.js';
import { renderReport } from '../render/index.js';
import { eventsForRun, type RunReport, type RunSummary } from './events-for-run.js';
import { eventcreateExecutable, writeEvents } from './eventcreate.js';

/** Writes the run's events; a failure to log is a warning, never a failed run. */
export async function logRunEvents(run: RunSummary, io: CliIo): Promise<void> {
  const logged = await writeEvents(eventsForRun(run), io.env, io.platform);
  for (const f of logged.failures) io.stderr.write(`warning: could not write to the Application event log: ${f}\n`);
}

/** Runs `body` (which hands over the report it emitted), then writes the events for how it ended. */
export async function withEventLog(mode: RunSummary['mode'], io: CliIo, body: (emitted: (report: Report) => void) => Promise<number>): Promise<number> {
  if (eventcreateExecutable(io.env, io.platform) === undefined) {
    io.stderr.write('warning: --event-log: the Windows Application event log exists only on Windows, so this run writes no events.\n');
    return body(() => {});
  }
  let report: Report | undefined;
  let code: number;
  let thrown: unknown;
  try {
    code = await body((r) => { report = r; });
  } catch (err) {
    thrown = err;
    code = exitCodeFor(err);
  }
  const json = report ? (JSON.parse(renderReport(report, 'json', { color: false })) as RunReport) : undefined;
  await logRunEvents({ mode, exitCode: code, ...(json ? { report: json } : {}), ...(thrown instanceof Error ? { error: thrown.message } : {}) }, io);
  if (thrown) throw thrown;
  return code;
}
