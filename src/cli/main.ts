#!/usr/bin/env node
/**
 * ftps-enforcer: the thin CLI. Declares commands, maps errors to exit codes in
 * one place, and nothing else; every command lazily imports its own work.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exitCodeFor, UserError, ExitCode } from '../core/errors.js';
import { processIo, type CliIo } from './io.js';
import type { CliCommand, GlobalOptions } from './command.js';
import { commands } from './commands/index.js';
import { TOOL_VERSION } from '../version.js';

export async function main(argv: string[], io: CliIo): Promise<number> {
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
    parser.command(c.command, c.describe, c.builder, async (args) => {
      verbose = Boolean(args.verbose);
      exitCode = await c.run(args as unknown as GlobalOptions, io);
    });
  }
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (err) {
    return reportError(err, io, verbose);
  }
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
  main(hideBin(process.argv), processIo()).then(
    (code) => { process.exitCode = code; },
    (err) => { process.exitCode = reportError(err, processIo(), true); },
  );
}
