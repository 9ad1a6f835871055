import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../../support/paths.js';

/** Every .ts file under src/, as paths relative to the repository. */
function sources(dir = join(repoRoot, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(repoRoot, join(dir, e.name))] : []);
}

test('the CLI depends on the commands, never the reverse: nothing outside src/cli imports a command declaration or its options', () => {
  const offenders = sources()
    .filter((f) => !f.split(/[\\/]/).includes('cli'))
    .filter((f) => /from '[./]*\/?cli\/(commands\/|command\.js)/.test(readFileSync(join(repoRoot, f), 'utf8')));
  assert.deepEqual(offenders, []);
});
