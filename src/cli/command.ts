import type { Argv } from 'yargs';
import type { CliIo } from './io.js';

import type { GlobalOptions } from '../app/global-options.js';

export type { GlobalOptions };

/**
 * One CLI command. `builder` declares options only; `run` lazily imports what it
 * needs, so `audit` never pays for apply, probe or logging transports.
 * `run` returns the exit code (0 compliant, 2 drift, 1 error); user errors are thrown as UserError.
 */
export interface CliCommand<A = any> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<any>;
  /** Shown under "Examples:" in the command's --help: [command line, what it does]. */
  examples: readonly (readonly [string, string])[];
  run: (args: A & GlobalOptions, io: CliIo) => Promise<number>;
}
