/**
 * Writing events with eventcreate.exe (built into Windows, no PowerShell):
 * a run that has nothing to report starts no process at all, and one that has
 * starts one short eventcreate per event. Write-EventLog would need a
 * PowerShell process (and is not in PowerShell 7 at all); writing from the
 * apply session would miss audit runs and errors before the session opens.
 */
import { execFile } from 'node:child_process';
import { EVENT_SOURCE, type EventRecord } from './event-ids.js';

/** eventcreate's /D text has a limit; long lists are cut in eventsForRun, this is the last guard. */
const MAX_DESCRIPTION = 4000;

/** The exact argument vector (no shell involved). Pure. */
export function eventcreateArgs(e: EventRecord, source = EVENT_SOURCE): string[] {
  if (!Number.isInteger(e.id) || e.id < 1 || e.id > 1000) throw new Error(`eventcreate takes IDs 1 to 1000, not ${e.id}`);
  const text = e.description.length > MAX_DESCRIPTION ? `${e.description.slice(0, MAX_DESCRIPTION - 3)}...` : e.description;
  // A newline would end the argument for some parsers; the log shows the description as one block anyway.
  return ['/L', 'APPLICATION', '/T', e.type, '/SO', source, '/ID', String(e.id), '/D', text.replace(/\r?\n/g, ' | ')];
}

/**
 * Which eventcreate to run: $FTPS_ENFORCER_EVENTCREATE if set (another path, or a stand-in), else
 * eventcreate.exe on Windows; elsewhere there is no Windows event log and nothing is written.
 */
export function eventcreateExecutable(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (env.FTPS_ENFORCER_EVENTCREATE) return env.FTPS_ENFORCER_EVENTCREATE;
  return platform === 'win32' ? 'eventcreate.exe' : undefined;
}

export interface WriteResult {
  written: number;
  failures: string[];
}

/** Writes each event; a failure to log never fails the run (it is reported as a warning by the caller). */
export async function writeEvents(events: readonly EventRecord[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<WriteResult> {
  const exe = eventcreateExecutable(env, platform);
  const result: WriteResult = { written: 0, failures: [] };
  if (!exe || events.length === 0) return result;
  for (const e of events) {
    try {
      await new Promise<void>((resolve, reject) => {
        execFile(exe, eventcreateArgs(e), { env, windowsHide: true, timeout: 30_000 }, (err, _out, stderr) => {
          if (err) reject(new Error(`${String(stderr).trim() || err.message}`));
          else resolve();
        });
      });
      result.written++;
    } catch (err) {
      result.failures.push(`event ${e.id}: ${(err as Error).message}`);
    }
  }
  return result;
}
