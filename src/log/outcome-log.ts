/**
 * The last line of every run in --log-file: how it ended (exit code and, for
 * an error, the sentence and its details the user saw on stderr). Written by
 * the CLI after the command, so no exit path (a bad option, a bad desired
 * state, a failed apply, a bug) leaves the log without its outcome.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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
export type ErrorCategory = 'output-over-input' | 'apply' | 'prerequisite' | 'file-not-found' | 'desired-state' | 'configuration' | 'other' | 'internal';

const MEANING: Record<number, string> = {
  [ExitCode.Compliant]: 'compliant / nothing found',
  [ExitCode.Drift]: 'drift or problems found',
  [ExitCode.Error]: 'error',
};

/**
 * Whether `path` is absent, empty, or a log this tool wrote (its last line one of the logger's JSON
 * entries). A run that failed before its outputs were checked against its inputs (a bad command line,
 * an unreadable desired state) cannot know its inputs, so the outcome goes only into a file that is
 * provably a log: never appended to applicationHost.config or a desired-state file given as --log-file.
 */
export function isLogFileOrAbsent(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return false;
    const size = stat.size;
    if (size === 0) return true;
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const last = tail.toString('utf8').trimEnd().split('\n').at(-1) ?? '';
    const entry: unknown = JSON.parse(last);
    return typeof entry === 'object' && entry !== null && ['level', 'message', 'timestamp'].every((k) => typeof (entry as Record<string, unknown>)[k] === 'string');
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Appends the outcome to the log file; never throws (a log that cannot be written must not change the exit code). */
export async function logOutcome(logFile: string, outcome: RunOutcome): Promise<void> {
  const discard = new Writable({ write: (_c, _e, done) => done() });
  if (!isLogFileOrAbsent(logFile)) return;
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
