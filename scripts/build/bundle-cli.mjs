#!/usr/bin/env node
// Build step: the CLI as one file, dist/ftps-enforcer.cjs, and V8's code cache for it beside it
// (dist/ftps-enforcer.cjs.v8cache), which package.json's `bin` (dist/src/cli/bin.cjs) starts.
// Starting from one bundled file instead of ~130 ES modules (dist/src and node_modules), and from a code
// cache instead of compiling 1.4 MB, is most of a small audit's start-up (README, Performance). It is the
// same esbuild bundle the single executables run (scripts/package/bundle.mjs), made from the tsc output in
// dist/src, so it runs exactly the code the tests ran; dist/src stays for tests and `node dist/src/cli/main.js`.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { bundleCli } from '../package/bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist', 'ftps-enforcer.cjs');
await bundleCli(root, out);
chmodSync(out, 0o755);
// The wrapper and the file format are the bin's own (the cache is only used for exactly these bytes).
const bin = createRequire(import.meta.url)(join(root, 'dist', 'src', 'cli', 'bin.cjs'));
const source = readFileSync(out, 'utf8');
const data = new Script(bin.wrapBundle(source), { filename: out }).createCachedData();
writeFileSync(`${out}.v8cache`, bin.cacheFileContents(source, data));
chmodSync(join(root, 'dist', 'src', 'cli', 'bin.cjs'), 0o755);
