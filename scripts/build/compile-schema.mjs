#!/usr/bin/env node
// Build step: compiles schema/desired-state.schema.json into a standalone ajv validator
// (dist/src/desired/desired-state.validator.cjs), so a run does not load and compile ajv:
// measured at ~100 ms of a ~450 ms audit (README, Performance). The module records the
// schema's sha256; src/desired/schema.ts falls back to compiling at run time on a mismatch.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const text = readFileSync(join(root, 'schema', 'desired-state.schema.json'));
// Same options as the run-time compile in src/desired/schema.ts.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, code: { source: true } });
const validate = ajv.compile(JSON.parse(text.toString('utf8')));
const out = join(root, 'dist', 'src', 'desired', 'desired-state.validator.cjs');
mkdirSync(dirname(out), { recursive: true });
const hash = createHash('sha256').update(text).digest('hex');
writeFileSync(out, `${standaloneCode.default ? standaloneCode.default(ajv, validate) : standaloneCode(ajv, validate)}\nmodule.exports.schemaSha256 = ${JSON.stringify(hash)};\n`);
