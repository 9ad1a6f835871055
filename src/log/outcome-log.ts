/**
 * The last line of every run in --log-file: how it ended (exit code and, for
 * an error, the sentence and its details the user saw on stderr). Written by
 * the CLI after the command, so no exit path (a bad option, a bad desired
 * state, a failed apply, a bug) leaves the log without its outcome.
 */
import { Writable } from 'node:stream';
import { ExitCode } from '../core/errors.js';
import { createLogger } from './logger.js';

export interface RunOutcome {
  /** The command as typed (`audit`, `apply`, ...), or undefined when none was recognised. */
  command?: string;
  exitCode: number;
  /** The error the run ended with, as shown on stderr. */
  error?: { message: string; details?: readonly string[]; kind: 'user' | 'internal'; category?: ErrorCategory };
}

/** The error's kind for scripts (the --format json error document): from its type, never its text. */
export type ErrorCategory = 'apply' | 'prerequisite' | 'file-not-found' | 'desired-state' | 'configuration' | 'other' | 'internal';

const MEANING: Record<number, string> = {
  [ExitCode.Compliant]: 'compliant / nothing found',
  [ExitCode.Drift]: 'drift or problems found',
  [ExitCode.Error]: 'error',
};

/** Appends the outcome to the log file; never throws (a log that cannot be written must not change the exit code). */
export async function logOutcome(logFile: string, outcome: RunOutcome): Promise<void> {
  const discard = new Writable({ write: (_c, _e, done) => done() });
  try {
    const logger = await createLogger({ verbose: false, quiet: true, logFile, stderr: discard });
    const meta = { event: 'run-finished', command: outcome.command ?? null, exitCode: outcome.exitCode, ...(outcome.error?.details?.length ? { details: outcome.error.details } : {}) };
    const what = `ftps-enforcer ${outcome.command ?? '(no command)'} finished with exit code ${outcome.exitCode} (${MEANING[outcome.exitCode] ?? 'unknown'})`;
    if (outcome.error) logger.error(`${what}: ${outcome.error.kind === 'internal' ? 'internal error: ' : ''}${outcome.error.message}`, meta);
    else logger.info(what, meta);
    await logger.close();
  } catch {
    // Reported nowhere on purpose: stderr already has the run's own outcome.
  }
}
