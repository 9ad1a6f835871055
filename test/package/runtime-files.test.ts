/**
 * What the release ships beside the executable (scripts/package/runtime-files.mjs) against what the code
 * opens at run time: every packageFile(...) in src/, and every file a shipped PowerShell script takes from
 * its own folder (Join-Path $PSScriptRoot '...'). A missing one would fail only on a server (rollout's
 * remoting script was once left out of the release).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const shippedFrom = async (): Promise<string[]> => {
  const { RUNTIME_FILES } = (await import(pathToFileURL(join(repoRoot, 'scripts', 'package', 'runtime-files.mjs')).href)) as { RUNTIME_FILES: Array<[string, string]> };
  // The release keeps the package's layout (src/package-file.ts looks there), so from and to are one path.
  for (const [from, to] of RUNTIME_FILES) assert.equal(to, from);
  return RUNTIME_FILES.map(([from]) => from);
};

const shipped = (entries: string[], file: string) => entries.some((e) => file === e || file.startsWith(`${e}/`));

test('every file the code opens through packageFile() ships in the release', async () => {
  const entries = await shippedFrom();
  const found = filesUnder(join(repoRoot, 'src')).filter((f) => f.endsWith('.ts')).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/packageFile\(((?:\s*'[^']+'\s*,?)+)\)/g)].map((m) => ({ in: relative(repoRoot, f), path: [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]).join('/') })));
  // packageRoot() looks for package.json: only the bench and the tests call it, from a clone.
  const wanted = found.filter((w) => w.path !== 'package.json');
  assert.ok(wanted.length >= 3, `found only ${wanted.length} packageFile() calls: the pattern no longer matches the code`);
  for (const w of wanted) {
    assert.ok(existsSync(join(repoRoot, w.path)), `${w.in} opens ${w.path}, which does not exist`);
    assert.ok(shipped(entries, w.path), `${w.in} opens ${w.path}, which the release does not ship (scripts/package/runtime-files.mjs)`);
  }
});

test("every file a shipped script takes from its own folder ships too", async () => {
  const entries = await shippedFrom();
  const scripts = entries.flatMap((e) => (statSync(join(repoRoot, e)).isDirectory() ? filesUnder(join(repoRoot, e)).map((f) => relative(repoRoot, f)) : [e])).filter((f) => /\.ps[md]?1$/.test(f));
  let seen = 0;
  for (const s of scripts) {
    const folder = s.split('/').slice(0, -1).join('/');
    for (const m of readFileSync(join(repoRoot, s), 'utf8').matchAll(/Join-Path \$PSScriptRoot '([^']+)'/g)) {
      const path = `${folder}/${m[1]!.replace(/\\/g, '/')}`;
      if (!existsSync(join(repoRoot, path))) continue; // a path the script makes at run time (a state file), not a shipped one
      seen++;
      assert.ok(shipped(entries, path), `${s} uses ${path}, which the release does not ship (scripts/package/runtime-files.mjs)`);
    }
  }
  assert.ok(seen >= 1, 'no shipped script takes a file from its own folder: the pattern no longer matches');
});
