#!/usr/bin/env node
/**
 * ftps-enforcer: the thin CLI. Declares commands, maps errors to exit codes in
 * one place, and nothing else; every command lazily imports its own work.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin, Parser } from 'yargs/helpers';
import { exitCodeFor, UserError, ExitCode, ApplyError, ConfigReadError, DesiredStateError, OutputOverInputError, PrerequisiteError } from '../core/errors.js';
import { processIo, type CliIo } from './io.js';
import type { CliCommand, GlobalOptions } from './command.js';
import { commands } from './commands/index.js';
import { checkTypedOptions, typedOptionNames } from './option-check.js';
import { closestMatch } from '../desired/suggest.js';
import type { ErrorCategory, RunOutcome } from '../log/outcome-log.js';
import { TOOL_VERSION } from '../version.js';
import { tuneV8ForOneRun } from './v8-tuning.js';

export async function main(argv: string[], io: CliIo): Promise<number> {
  // Read before yargs so that even a bad command line is logged (issue 19 item 1).
  const early = Parser(argv, { string: ['log-file', 'format'], boolean: ['verbose', 'quiet'] });
  const logFile = typeof early['log-file'] === 'string' && early['log-file'] !== '' ? early['log-file'] : undefined;
  const command = commands.map((c) => c.command.split(' ')[0]!).find((n) => n === String(early._[0]));
  const typed = early._[0] === undefined ? undefined : String(early._[0]);
  let wroteReport = false;
  const counted = { ...io, stdout: countingWrites(io.stdout, () => { wroteReport = true; }) };
  const outcome = typed !== undefined && command === undefined
    ? { exitCode: reportError(unknownCommand(typed), io, false), error: errorOf(unknownCommand(typed)) }
    : await runMain(argv, counted);
  // Callers of --format json (the PowerShell module) get the error's kind as data, never to be read from
  // the sentence: an error document when the run ended before any report was written.
  if (outcome.error && early.format === 'json' && !wroteReport) {
    io.stdout.write(`${JSON.stringify({ reportVersion: 1, command: command ?? null, exitCode: outcome.exitCode, error: outcome.error }, null, 2)}\n`);
  }
  // Not when the run refused --log-file itself as an input: the refusal promised nothing was written.
  if (logFile && outcome.error?.category !== 'output-over-input') await (await import('../log/outcome-log.js')).logOutcome(resolve(io.cwd, logFile), { command, ...outcome });
  return outcome.exitCode;
}

async function runMain(argv: string[], io: CliIo): Promise<Omit<RunOutcome, 'command'>> {
  let exitCode: number = ExitCode.Compliant;
  let verbose = argv.includes('--verbose');
  const parser = yargs(argv)
    .scriptName('ftps-enforcer')
    // yargs would look for a package.json above the script, which the single executable does not have.
    .version(TOOL_VERSION)
    .usage('$0 <command> [options]\n\nKeeps IIS FTP backends behind a load balancer configured for Implicit FTPS.')
    .option('verbose', { type: 'boolean', default: false, describe: 'Debug log on stderr; stack traces for errors' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Only errors on stderr' })
    .option('log-file', { type: 'string', describe: 'Also write the log as JSON lines to this file (rotated)' })
    .strict()
    .demandCommand(1, 'Name a command: audit, apply, probe, decode-pasv, ...')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UserError(`${msg} (see ftps-enforcer --help).`);
    });
  // yargs renders the whole help text after starting every command, in case the command fails later and
  // help must be shown: a third of a small audit's CPU time. This CLI never shows help on failure (.fail
  // throws one sentence), so the cache is skipped; --help still renders it, on demand.
  const usage = (parser as unknown as { getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?(): void } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
  for (const c of commands as CliCommand[]) {
    const name = c.command.split(' ')[0]!;
    const builder = (y: Argv) => {
      const built = c.builder(y);
      for (const [example, what] of c.examples) built.example(example, what);
      // Before yargs's own validation, so an unknown or missing option is named as typed, with a suggestion.
      // yargs passes the parser as the second argument; its type declarations know only the first.
      const check = (parsed: Record<string, unknown>, inner: Argv) => {
        if (parsed.help) return;
        const problem = checkTypedOptions(name, typedOptionNames(argv), parsed, declaredOptions(inner));
        if (problem) throw problem;
      };
      return built.middleware(check as unknown as (a: Record<string, unknown>) => void, true);
    };
    parser.command(c.command, c.describe, builder, async (args) => {
      verbose = Boolean(args.verbose);
      exitCode = await c.run(args as unknown as GlobalOptions, io);
    });
  }
  try {
    await parser.parseAsync();
    return { exitCode };
  } catch (err) {
    return { exitCode: reportError(err, io, verbose), error: errorOf(err) };
  }
}

function unknownCommand(typed: string): UserError {
  const names = commands.map((c) => c.command.split(' ')[0]!);
  const near = closestMatch(typed, names);
  return new UserError(`There is no command ${JSON.stringify(typed)}${near ? `; did you mean ${near}?` : `; the commands are ${names.join(', ')}`} (see ftps-enforcer --help).`);
}

/** The options a command's parser declares (with aliases and yargs's own help/version) and those it requires. */
function declaredOptions(y: Argv): { names: string[]; required: string[] } {
  // getOptions() is public in yargs's API docs but missing from its type declarations.
  const o = (y as unknown as { getOptions(): unknown }).getOptions() as { key: Record<string, unknown>; alias: Record<string, string[]>; demandedOptions: Record<string, unknown> };
  const names = new Set([...Object.keys(o.key), ...Object.values(o.alias).flat(), ...Object.keys(o.alias), 'help', 'version']);
  return { names: [...names], required: Object.keys(o.demandedOptions) };
}

function errorOf(err: unknown): RunOutcome['error'] {
  if (err instanceof UserError) return { kind: 'user', category: errorCategory(err), message: err.message, ...(err.details ? { details: err.details } : {}) };
  return { kind: 'internal', category: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** What kind of error, from its type (and a missing file from the errno it was caused by), for scripts. */
function errorCategory(err: UserError): ErrorCategory {
  if (err instanceof OutputOverInputError) return 'output-over-input';
  if (err instanceof ApplyError) return 'apply';
  if (err instanceof PrerequisiteError) return 'prerequisite';
  if ((err.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return 'file-not-found';
  if (err instanceof DesiredStateError) return 'desired-state';
  if (err instanceof ConfigReadError) return 'configuration';
  return 'other';
}

/** The same stream, telling `onWrite` when anything is written to it. */
function countingWrites<S extends NodeJS.WritableStream>(stream: S, onWrite: () => void): S {
  return new Proxy(stream, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'write') return (...args: unknown[]) => { onWrite(); return (value as (...a: unknown[]) => boolean).apply(target, args); };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The one place errors become exit codes: user errors are one line; anything else is a bug. */
export function reportError(err: unknown, io: CliIo, verbose: boolean): number {
  if (err instanceof UserError) {
    io.stderr.write(`error: ${err.message}\n`);
    for (const d of err.details ?? []) io.stderr.write(`  ${d}\n`);
    if (verbose && err.stack) io.stderr.write(`${err.stack}\n`);
    return exitCodeFor(err);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`internal error (a bug in ftps-enforcer, please report it): ${e.message}\n`);
  if (verbose && e.stack) io.stderr.write(`${e.stack}\n`);
  else io.stderr.write('  rerun with --verbose for the stack trace\n');
  return ExitCode.Error;
}

/** True when run as a program (also through npm's bin symlink), false when imported by tests. */
function isEntryPoint(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  tuneV8ForOneRun();
  main(hideBin(process.argv), processIo()).then(
    (code) => { process.exitCode = code; },
    (err) => { process.exitCode = reportError(err, processIo(), true); },
  );
}
