/**
 * Files that ship with the package (package.json `files`: schema/, scripts/),
 * found by walking up from this module: src/ in development, dist/src/ when
 * built, node_modules/iis-ftps-enforcer/dist/src/ when installed.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of `parts` (relative to the package root). A missing file means a broken installation, not a user mistake. */
export function packageFile(...parts: string[]): string {
  const relative = join(...parts);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`${relative} is missing from the installation (not found above ${fileURLToPath(import.meta.url)})`);
    dir = up;
  }
}

/** The package (repository) root: where package.json is. */
export function packageRoot(): string {
  return dirname(packageFile('package.json'));
}
