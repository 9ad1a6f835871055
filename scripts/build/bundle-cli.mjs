#!/usr/bin/env node
// Build step: the CLI as one file, dist/ftps-enforcer.cjs, and V8's code cache for it beside it
// (dist/ftps-enforcer.cjs.v8cache), which package.json's `bin` (dist/src/cli/bin.cjs) starts.
// Starting from one bundled file instead of ~130 ES modules (dist/src and node_modules), and from a code
// cache instead of compiling 1.4 MB, is most of a small audit's start-up (README, Performance). It is the
// same esbuild bundle the single executables run (scripts/package/bundle.mjs), made from the tsc output in
// dist/src, so it runs exactly the code the tests ran; dist/src stays for tests and `node dist/src/cli/main.js`.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../package/bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist', 'ftps-enforcer.cjs');
await bundleCli(root, out);
chmodSync(out, 0o755);
chmodSync(join(root, 'dist', 'src', 'cli', 'bin.cjs'), 0o755);
// The code cache, made after the bundle ran an audit of a bundled fixture (warm-code-cache.cjs says why).
const cache = `${out}.v8cache`;
rmSync(cache, { force: true });
const warm = spawnSync(process.execPath, [join(root, 'scripts', 'build', 'warm-code-cache.cjs'), out, join(root, 'dist', 'src', 'cli', 'bin.cjs'), cache,
  'audit', '--config', join(root, 'fixtures', 'broken-backend', 'applicationHost.config'), '--desired', join(root, 'fixtures', 'desired.json'), '--format', 'json'], { encoding: 'utf8' });
// The fixture drifts, so the audit exits 2 (drift); anything else means the bundle did not run as it should.
if (warm.status !== 2 || !existsSync(cache)) {
  throw new Error(`making the code cache: the bundle's audit of fixtures/broken-backend exited ${warm.status ?? warm.signal}, not 2 (drift)${existsSync(cache) ? '' : ', and wrote no cache'}\n${warm.stderr}`);
}
