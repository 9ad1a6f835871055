#!/usr/bin/env node
// Build step: the CLI as one file, dist/ftps-enforcer.cjs, which is what package.json's `bin` runs.
// Starting from one bundled file instead of ~130 ES modules (dist/src and node_modules) roughly halves a
// small audit's CPU time (README, Performance: the "ftps-enforcer audit" rows). It is the same esbuild
// bundle the single executables run (scripts/package/bundle.mjs), made from the tsc output in dist/src,
// so it runs exactly the code the tests ran; dist/src stays for tests and for `node dist/src/cli/main.js`.
import { chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../package/bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist', 'ftps-enforcer.cjs');
await bundleCli(root, out);
chmodSync(out, 0o755);
