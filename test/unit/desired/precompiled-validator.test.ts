import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { repoRoot } from '../../support/paths.js';

const require = createRequire(import.meta.url);
const schemaText = readFileSync(join(repoRoot, 'schema', 'desired-state.schema.json'));

test('the build precompiles the desired-state schema, and the result judges like ajv at run time', () => {
  const built = require(join(repoRoot, 'dist', 'src', 'desired', 'desired-state.validator.cjs')) as ((d: unknown) => boolean) & { schemaSha256: string; errors?: unknown[] };
  assert.equal(built.schemaSha256, createHash('sha256').update(schemaText).digest('hex'), 'dist/ holds a validator made from another schema: run npm run build');
  const runtime = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(JSON.parse(schemaText.toString('utf8')));
  const samples = ['valid', 'invalid'].flatMap((kind) => readdirSync(join(repoRoot, 'fixtures', 'desired', kind)).filter((f) => f.endsWith('.json')).map((f) => join(repoRoot, 'fixtures', 'desired', kind, f)));
  assert.ok(samples.length > 10);
  for (const file of samples) {
    let data: unknown;
    try { data = JSON.parse(readFileSync(file, 'utf8')); } catch { continue; }
    const a = runtime(data);
    const b = built(data);
    assert.equal(b, a, file);
    assert.deepEqual((built.errors ?? []).map((e: any) => `${e.instancePath} ${e.keyword}`), (runtime.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`), file);
  }
});
