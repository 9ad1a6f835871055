/**
 * The esbuild bundle the single executables run (scripts/package/bundle.mjs), built here in a second and run
 * by node from a folder laid out like the release (schema/ and scripts/ beside it, no package.json, no
 * node_modules): what the executable does, minus the Node binary (the release itself is tested by the CI
 * step in .ci/run: the Linux executable through the CLI tests, the Windows one under wine).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixture, repoRoot } from '../support/paths.js';
import { spawnCollect } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftps-bundle-'));
const bundle = join(dir, 'ftps-enforcer.cjs');
let metafile: { outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }> };
const run = (args: string[]) => spawnCollect(process.execPath, [bundle, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });

describe('the CLI bundle', () => {
  before(async () => {
    const { bundleCli } = (await import(pathToFileURL(join(repoRoot, 'scripts', 'package', 'bundle.mjs')).href)) as { bundleCli(root: string, out: string): Promise<typeof metafile> };
    metafile = await bundleCli(repoRoot, bundle);
    for (const p of ['schema', 'scripts/FtpsEnforcer.Agent']) cpSync(join(repoRoot, p), join(dir, p), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('requires nothing but Node built-in modules at run time (a single executable can load nothing else)', () => {
    const external = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    const builtin = (m: string) => m.startsWith('node:') || builtinModules.includes(m);
    // debug's optional require('supports-color') sits in a try/catch and is not installed: nothing to bundle.
    const optional = new Set(['supports-color']);
    assert.ok(external.some(builtin), 'the metafile lists the built-in modules as external');
    assert.deepEqual([...new Set(external.filter((m) => !builtin(m) && !optional.has(m)))], []);
  });

  test('the licence notices name only real package folders (string-width\'s lazy stand-ins are none)', async () => {
    const { bundledPackages } = (await import(pathToFileURL(join(repoRoot, 'scripts', 'package', 'notices.mjs')).href)) as { bundledPackages(root: string, meta: unknown): string[] };
    const dirs = bundledPackages(repoRoot, metafile);
    assert.ok(dirs.some((d) => d.endsWith('string-width')), 'string-width itself is listed');
    for (const d of dirs) assert.ok(existsSync(join(d, 'package.json')), `${d} is a package folder`);
  });

  test('--version is the package version without a package.json beside it', async () => {
    const r = await run(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  });

  test('audit with --log-file: the report, and the log written through the bundled winston (JSON lines)', async () => {
    const log = join(dir, 'audit.log');
    const r = await run(['audit', '--config', fixture('broken-backend', 'applicationHost.config'), '--desired', fixture('desired.json'), '--log-file', log]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /externalIp4Address: \(not set\) → 203\.0\.113\.10/);
    assert.ok(existsSync(log), 'log file written');
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.length > 0);
    assert.ok(lines.every((l) => typeof l.message === 'string' && typeof l.timestamp === 'string' && typeof l.level === 'string'));
  });

  test('--help lays out its columns through string-width, which the bundle requires only when first called', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0, r.stderr);
    // cliui pads each command to the width string-width measures: the descriptions start in one column.
    const columns = r.stdout.split('\n').filter((l) => /^ {2}ftps-enforcer \S/.test(l)).map((l) => l.search(/ {2}[A-Z]/));
    assert.ok(columns.length >= 5, r.stdout);
    assert.equal(new Set(columns).size, 1, r.stdout);
  });

  test('an audit lists no directory: yargs does not guess a version from a package.json above the working directory', async () => {
    // Every directory listing the bundle makes, recorded by a preloaded script (the bundle requires node:fs at run time).
    const spy = join(dir, 'readdir-spy.cjs');
    writeFileSync(spy, "const fs = require('node:fs'); const list = fs.readdirSync; fs.readdirSync = (...a) => { process.stderr.write(`readdir ${a[0]}\\n`); return list(...a); };\n");
    const r = await spawnCollect(process.execPath, ['--require', spy, bundle, 'audit', '--config', fixture('broken-backend', 'applicationHost.config'), '--desired', fixture('desired.json'), '--quiet'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.stderr.split('\n').filter((l) => l.startsWith('readdir ')), []);
  });

  test('a command run as a program lowers V8\'s inlining budget before it starts (src/cli/v8-tuning.ts)', async () => {
    const spy = join(dir, 'v8-flags-spy.cjs');
    writeFileSync(spy, "const v8 = require('node:v8'); const set = v8.setFlagsFromString; v8.setFlagsFromString = (f) => { process.stderr.write(`v8 flags ${f}\\n`); set(f); };\n");
    const r = await spawnCollect(process.execPath, ['--require', spy, bundle, 'audit', '--config', fixture('broken-backend', 'applicationHost.config'), '--desired', fixture('desired.json'), '--quiet'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.stderr.split('\n').filter((l) => l.startsWith('v8 flags ')), ['v8 flags --max-inlined-bytecode-size-cumulative=100']);
  });

  test('a desired-state mistake is judged by the bundled validator (the schema file beside the bundle)', async () => {
    const r = await run(['audit', '--config', fixture('broken-backend', 'applicationHost.config'), '--desired', join(dir, 'schema', 'desired-state.schema.json')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: /);
    assert.doesNotMatch(r.stderr, /internal error/);
  });
});
