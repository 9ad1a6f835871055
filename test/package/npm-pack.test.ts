/**
 * `npm pack` (and so `npm publish`/`npm install -g .`) ships the build: prepack runs it, and the tarball lists
 * the compiled CLI (and its bundle, the npm bin), the precompiled validator, the schema, the agent module and the licence. The listing is
 * taken with --ignore-scripts from the build `npm test` already made.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

test('npm pack: prepack builds, and the package holds dist/src and what it reads at run time', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  assert.match(pkg.scripts.prepack, /^npm run build$/);
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 16 << 20 }));
  const files = new Set<string>(packed.files.map((f: { path: string }) => f.path));
  for (const f of ['dist/src/cli/main.js', 'dist/ftps-enforcer.cjs', 'dist/ftps-enforcer.cjs.v8cache', 'dist/src/cli/bin.cjs', 'dist/src/desired/desired-state.validator.cjs', 'schema/desired-state.schema.json', 'scripts/FtpsEnforcer.Agent/FtpsEnforcer.Agent.psd1', 'scripts/FtpsEnforcer/FtpsEnforcer.psd1', 'LICENSE', 'package.json']) {
    assert.ok(files.has(f), `${f} is in the package`);
  }
  assert.ok(![...files].some((f) => f.startsWith('dist/test/') || f.startsWith('release/') || f.startsWith('.cache/')), 'no tests, release or cache in the package');
});
