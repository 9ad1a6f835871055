import { join } from 'node:path';
import { packageRoot } from '../src/package-file.js';

/** The repository root, from bench/ (tsx) or dist/bench/ (built). */
export const repoRoot = packageRoot;

export const fixturePath = (...parts: string[]) => join(repoRoot(), 'fixtures', ...parts);
