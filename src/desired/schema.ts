/**
 * The published JSON Schema (schema/desired-state.schema.json), compiled once.
 * The file ships with the package (package.json `files`), so it is found by
 * walking up from this module: src/desired/ in development, dist/src/desired/
 * when built, node_modules/iis-ftps-enforcer/dist/src/desired/ when installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

const SCHEMA_RELATIVE = join('schema', 'desired-state.schema.json');

/** Absolute path of the desired-state JSON Schema. */
export function desiredStateSchemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, SCHEMA_RELATIVE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    // A missing schema means a broken installation, not a user mistake.
    if (up === dir) throw new Error(`${SCHEMA_RELATIVE} not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

let compiled: ValidateFunction | undefined;

/** The compiled validator: all errors, with the failing data and schema attached for translation. */
export function desiredStateValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(desiredStateSchemaPath(), 'utf8')) as object;
    compiled = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(schema);
  }
  return compiled;
}
