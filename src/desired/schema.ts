/**
 * The published JSON Schema (schema/desired-state.schema.json), compiled once.
 * The file ships with the package (package.json `files`).
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { packageFile } from '../package-file.js';
import { loadPrecompiledValidator } from './precompiled-validator.js';

/** Absolute path of the desired-state JSON Schema. */
export function desiredStateSchemaPath(): string {
  return packageFile('schema', 'desired-state.schema.json');
}

let compiled: ValidateFunction | undefined;

/** The compiled validator: all errors, with the failing data and schema attached for translation. */
export function desiredStateValidator(): ValidateFunction {
  if (!compiled) {
    const text = readFileSync(desiredStateSchemaPath());
    compiled = precompiledValidator(createHash('sha256').update(text).digest('hex')) ?? compileAtRunTime(text);
  }
  return compiled;
}

/**
 * The build (scripts/build/compile-schema.mjs) writes the validator as standalone
 * code, so a run neither loads nor compiles ajv (~100 ms of a small audit). Used
 * only when it was made from this very schema; otherwise (tsx, a stale build) compile.
 */
function precompiledValidator(schemaSha256: string): ValidateFunction | undefined {
  const v = loadPrecompiledValidator() as (ValidateFunction & { schemaSha256?: string }) | undefined;
  return v?.schemaSha256 === schemaSha256 ? v : undefined;
}

function compileAtRunTime(text: Buffer): ValidateFunction {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  // Same options as the build step.
  return new Ajv({ allErrors: true, verbose: true, strict: true }).compile(JSON.parse(text.toString('utf8')) as object);
}
