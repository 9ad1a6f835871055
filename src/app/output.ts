/**
 * Writing what a run produces: the report (stdout or --output), the saved plan
 * (--out) and the review script (--emit-script). Files are written atomically
 * so a pipeline never picks up half a report.
 */
import writeFileAtomic from 'write-file-atomic';
import { resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import { UserError } from '../core/errors.js';

export function writeOutputFile(path: string, content: string, io: Pick<CliIo, 'cwd'>, what: string): void {
  const target = resolve(io.cwd, path);
  try {
    writeFileAtomic.sync(target, content, { encoding: 'utf8' });
  } catch (err) {
    throw new UserError(`Could not write the ${what} to ${target}: ${(err as Error).message}; check the folder exists and is writable.`, undefined, { cause: err });
  }
}

/** Colour only for a terminal, and never when NO_COLOR is set (no-color.org); FORCE_COLOR forces it. */
export function useColor(io: Pick<CliIo, 'stdout' | 'env'>): boolean {
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io.stdout.isTTY);
}
