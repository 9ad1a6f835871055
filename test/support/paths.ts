import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, whether tests run from test/ (tsx) or dist/test/ (compiled). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test folder');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRoot();
export const fixturesDir = resolve(repoRoot, 'fixtures');
export const fixture = (...parts: string[]) => resolve(fixturesDir, ...parts);
/** The built CLI; `npm test` builds before running tests. */
export const cliPath = resolve(repoRoot, 'dist', 'src', 'cli', 'main.js');
