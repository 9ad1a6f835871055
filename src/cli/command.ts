import type { Argv } from 'yargs';
import type { CliIo } from './io.js';

/** Options every command accepts. */
export interface GlobalOptions {
  verbose: boolean;
  quiet: boolean;
  logFile?: string;
}

/**
 * One CLI command. `builder` declares options only; `run` lazily imports what it
 * needs, so `audit` never pays for apply, probe or logging transports.
 * `run` returns the exit code (0 compliant, 2 drift, 1 error); user errors are thrown as UserError.
 */
export interface CliCommand<A = any> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<any>;
  run: (args: A & GlobalOptions, io: CliIo) => Promise<number>;
}
