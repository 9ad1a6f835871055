// Build step, run by bundle-cli.mjs in a child process: V8's code cache for the bundle, made after the
// bundle has run an audit of a bundled fixture. A cache made before running holds only the code V8 compiles
// eagerly (the bundle's top level); every function a run calls is then compiled on first call. Made after
// an audit, it also holds the bytecode of what an audit calls (reader, planner, report), so a run starts
// from it instead of compiling those again (README, Performance). The wrapper and the file format are the
// bin's own (src/cli/bin.cts), so the bin uses exactly what is written here.
//
//   node scripts/build/warm-code-cache.cjs <bundle> <bin.cjs> <cache file> <audit arguments...>
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const [bundle, binFile, cacheFile, ...cliArgs] = process.argv.slice(2);
// V8 accepts a cache only under the flags it was made with, and the bin loads it before the CLI tunes
// V8 (src/cli/v8-tuning.ts): the cache is made under the same flags, so the tuning is not applied during
// this run. Bytecode, what the cache holds, does not depend on it.
require('node:v8').setFlagsFromString = () => {};
const bin = require(binFile);
const bytes = readFileSync(bundle);
const script = new Script(bin.wrapBundle(bytes.toString('utf8')), { filename: bundle });
const run = script.runInThisContext();
// Written when the audit is over, however it ends (the CLI sets process.exitCode, or calls process.exit).
process.on('exit', () => writeFileSync(cacheFile, bin.cacheFileContents(bytes, script.createCachedData())));
// The bundle starts the CLI when argv[1] is its own file, as the bin does.
process.argv = [process.argv[0], bundle, ...cliArgs];
const module_ = { exports: {} };
run.call(module_.exports, module_.exports, createRequire(bundle), module_, bundle, dirname(bundle));
