import { resolve } from 'node:path';
import { packageRoot } from '../../src/package-file.js';

/** The repository root, whether tests run from test/ (tsx) or dist/test/ (compiled). */
export const repoRoot = packageRoot();
export const fixturesDir = resolve(repoRoot, 'fixtures');
export const fixture = (...parts: string[]) => resolve(fixturesDir, ...parts);
/** The built CLI; `npm test` builds before running tests. */
export const cliPath = resolve(repoRoot, 'dist', 'src', 'cli', 'main.js');
