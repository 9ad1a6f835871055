/**
 * The one place that decides where the files the CLI reads at run time are
 * (the JSON schema, the PowerShell agent module: package.json `files`), and
 * how to start this very installation again (the scheduled task's action).
 *
 * Three ways the code runs, one rule: walk up from where the code is.
 * - tsc output (npm, a clone): from dist/src/ (or src/ under tsx) up to the
 *   package root, where schema/ and scripts/ are.
 * - the esbuild bundle (scripts/package/bundle.mjs): every module's
 *   `import.meta.url` is the bundle file itself, so the walk starts beside it.
 * - the single executable (ftps-enforcer.exe): a SEA's `__filename` is the
 *   executable, so the walk starts in its folder, where the release puts
 *   schema/ and scripts/ with the same relative paths as in the package.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSea } from 'node:sea';

/** Set (to true) by the bundler's `define`; absent in the tsc output. */
declare const FTPS_ENFORCER_BUNDLE: boolean | undefined;

/** This module's file: dist/src/package-file.js, the bundle, or the executable. */
const here = fileURLToPath(import.meta.url);

/** Absolute path of `parts` (relative to the package root). A missing file means a broken installation, not a user mistake. */
export function packageFile(...parts: string[]): string {
  const relative = join(...parts);
  let dir = dirname(here);
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`${relative} is missing from the installation (not found above ${here})`);
    dir = up;
  }
}

/** The package (repository) root: where package.json is. */
export function packageRoot(): string {
  return dirname(packageFile('package.json'));
}

/** How this installation is started: the program, and the script it runs first (none for the executable). */
export interface SelfCommand {
  execute: string;
  script?: string;
}

export function selfCommand(): SelfCommand {
  if (isSea()) return { execute: process.execPath };
  if (typeof FTPS_ENFORCER_BUNDLE !== 'undefined' && FTPS_ENFORCER_BUNDLE) return { execute: process.execPath, script: here };
  // dist/src/package-file.js → dist/src/cli/main.js
  return { execute: process.execPath, script: join(dirname(here), 'cli', 'main.js') };
}
