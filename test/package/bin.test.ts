/**
 * package.json's `bin` (src/cli/bin.cts): the bundle `npm run build` makes, started with the V8 code cache
 * saved beside it only when the cache was made from exactly those bytes, and the modules of dist/src when
 * there is no bundle. Each case runs a copy laid out like the package, so nothing here touches dist/.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { repoRoot } from '../support/paths.js';
import { spawnCollect } from '../support/run-cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const bin = createRequire(import.meta.url)(join(repoRoot, 'dist', 'src', 'cli', 'bin.cjs')) as {
  cachedDataFor(bundle: Buffer, file: Buffer | undefined): Buffer | undefined;
  cacheFileContents(bundle: Buffer, data: Buffer): Buffer;
  wrapBundle(source: string): string;
};
const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** dist/src/cli/bin.cjs in a fresh folder, with the bundle and cache beside it as `cache` says. */
function layout(bundle: 'bundle' | 'none', cache?: (bundleBytes: Buffer) => Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-bin-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
  copyFileSync(join(repoRoot, 'dist', 'src', 'cli', 'bin.cjs'), join(dir, 'src', 'cli', 'bin.cjs'));
  if (bundle === 'bundle') {
    copyFileSync(join(repoRoot, 'dist', 'ftps-enforcer.cjs'), join(dir, 'ftps-enforcer.cjs'));
    if (cache) writeFileSync(join(dir, 'ftps-enforcer.cjs.v8cache'), cache(readFileSync(join(dir, 'ftps-enforcer.cjs'))));
  } else {
    // The modules need their package (type: module) and its node_modules.
    cpSync(join(repoRoot, 'dist', 'src'), join(dir, 'src'), { recursive: true });
    copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  }
  return join(dir, 'src', 'cli', 'bin.cjs');
}

const version = async (script: string) => {
  const r = await spawnCollect(process.execPath, [script, '--version'], { env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
};

describe('the npm bin', () => {
  test('is dist/src/cli/bin.cjs, and the build saved a code cache for the bundle beside it', () => {
    assert.equal(pkg.bin['ftps-enforcer'], 'dist/src/cli/bin.cjs');
    assert.ok(bin.cachedDataFor(readFileSync(join(repoRoot, 'dist', 'ftps-enforcer.cjs')), readFileSync(join(repoRoot, 'dist', 'ftps-enforcer.cjs.v8cache'))), 'the cache matches the bundle');
  });

  test('the cache was made after the bundle ran an audit, so it holds the code an audit calls', () => {
    const bytes = readFileSync(join(repoRoot, 'dist', 'ftps-enforcer.cjs'));
    const source = bytes.toString('utf8');
    const saved = bin.cachedDataFor(bytes, readFileSync(join(repoRoot, 'dist', 'ftps-enforcer.cjs.v8cache')))!;
    // Made before running, a cache holds only what V8 compiles eagerly; the reader, planner and report
    // functions an audit calls add about as much again (240 KB against 560 KB when this was written).
    const beforeRunning = new Script(bin.wrapBundle(source), { filename: 'bundle.cjs' }).createCachedData();
    assert.ok(saved.length > 1.5 * beforeRunning.length, `the saved cache (${saved.length} bytes) is not much larger than one made before running (${beforeRunning.length})`);
    // And V8 takes it, as the bin loads it: under the flags a process starts with (the CLI changes one later).
    const script = new Script(bin.wrapBundle(source), { filename: join(repoRoot, 'dist', 'ftps-enforcer.cjs'), cachedData: saved });
    assert.equal(script.cachedDataRejected, false, 'V8 rejected the saved cache');
  });

  test('a cache made from other bytes is not used', () => {
    const one = Buffer.from('one bundle');
    const file = bin.cacheFileContents(one, Buffer.from('v8 data'));
    assert.deepEqual(bin.cachedDataFor(one, file), Buffer.from('v8 data'));
    assert.equal(bin.cachedDataFor(Buffer.from('another bundle'), file), undefined);
    assert.equal(bin.cachedDataFor(one, undefined), undefined);
    assert.equal(bin.cachedDataFor(one, Buffer.from('short')), undefined);
  });

  test('runs the bundle with its cache, with a cache V8 rejects, and with none', async () => {
    assert.equal(await version(layout('bundle', () => readFileSync(join(repoRoot, 'dist', 'ftps-enforcer.cjs.v8cache')))), pkg.version);
    // The right digest but data V8 did not make: V8 rejects it and the bundle is compiled as usual.
    assert.equal(await version(layout('bundle', (s) => bin.cacheFileContents(s, Buffer.from('not a code cache at all, just bytes')))), pkg.version);
    assert.equal(await version(layout('bundle')), pkg.version);
  });

  test('without a bundle (only tsc was run) runs the CLI from its modules', async () => {
    assert.equal(await version(layout('none')), pkg.version);
  });
});
