/**
 * A benchmark row: one way of handling a configuration file, measured at every
 * size. In-process rows run inside a fresh child (bench/measure.ts) so heaps
 * never mix; process rows are whole commands, timed from outside. Add a row
 * by adding a module under bench/rows/ and listing it in rows/index.ts.
 */

export interface InProcessRow {
  kind: 'in-process';
  id: string;
  label: string;
  /** Loads what the row needs (imports, the desired state, for some rows facts read from `file`): not timed, and counted in the memory baseline. */
  prepare?(file: string): Promise<void>;
  /** One complete run over `file`; the result is kept alive until the run ends. */
  run(file: string): unknown;
}

export interface ProcessRow {
  kind: 'process';
  id: string;
  label: string;
  /** The command (argv[0] is the executable) for `file`. */
  command(file: string, ctx: { repoRoot: string }): string[];
  /** Exit codes that mean the run worked (audit exits 2 on drift). */
  okExitCodes?: number[];
}

export type BenchRow = InProcessRow | ProcessRow;
