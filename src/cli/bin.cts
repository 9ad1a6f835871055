#!/usr/bin/env node
/**
 * The npm `bin`: starts the bundled CLI, dist/ftps-enforcer.cjs (scripts/build/bundle-cli.mjs), with the
 * V8 code cache that build saved beside it, because compiling the 1.4 MB bundle was ~70 ms of a small
 * audit (README, Performance). The cache is used only when it was made from exactly these bytes (its
 * first line is their SHA-256) and V8 accepts it (same V8 and flags); otherwise the bundle is compiled as
 * usual. Nothing is ever written here. Without a bundle (only tsc was run) the modules in dist/src run.
 * CommonJS, so that starting it loads no ES module machinery.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** The CommonJS wrapper, the same when the cache is made and when it is used (V8 checks the source length). */
export function wrapBundle(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source.startsWith('#!') ? source.slice(source.indexOf('\n')) : source}\n})`;
}

/** The SHA-256 of the bundle's bytes (of its text, the hash would re-encode 1.4 MB: ~5 ms of every start against ~1). */
export function bundleDigest(bundle: Buffer): string {
  return createHash('sha256').update(bundle).digest('hex');
}

/** The cache file's contents: the bundle's digest on the first line, then V8's data. */
export function cacheFileContents(bundle: Buffer, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${bundleDigest(bundle)}\n`), data]);
}

/** V8's data from a cache file, when it was made from the bundle whose bytes are `bundle`. */
export function cachedDataFor(bundle: Buffer, file: Buffer | undefined): Buffer | undefined {
  if (!file || file.length < 65 || file[64] !== 0x0a) return undefined;
  return file.subarray(0, 64).toString('latin1') === bundleDigest(bundle) ? file.subarray(65) : undefined;
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function start(): void {
  let bundle: string;
  try {
    bundle = realpathSync(join(__dirname, '..', '..', 'ftps-enforcer.cjs'));
  } catch {
    // No bundle: the same CLI from its modules (it starts when argv[1] is its own file).
    const main = join(__dirname, 'main.js');
    process.argv[1] = main;
    void import(pathToFileURL(main).href);
    return;
  }
  const bytes = readFileSync(bundle);
  const script = new Script(wrapBundle(bytes.toString('utf8')), { filename: bundle, cachedData: cachedDataFor(bytes, readOptional(`${bundle}.v8cache`)) });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  // The bundle starts the CLI when argv[1] is its own file, as when run directly.
  process.argv[1] = bundle;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

if (require.main === module) start();
