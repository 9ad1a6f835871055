/**
 * How a run's report reaches the terminal. Files (--output, --out,
 * --emit-script) are written by src/app/run-files.ts, atomically and never
 * over an input.
 */
import type { CliIo } from '../cli/io.js';

/** Colour only for a terminal, and never when NO_COLOR is set (no-color.org); FORCE_COLOR forces it. */
export function useColor(io: Pick<CliIo, 'stdout' | 'env'>): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}
