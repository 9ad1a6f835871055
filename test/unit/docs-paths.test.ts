/**
 * Issue 19 item 11: doc examples must not show the absolute paths of the machine they were run on (a temp
 * folder, node's or the checkout's own). Deliberate examples of hostile data (`$(New-Item /tmp/pwned)`) stay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

const MACHINE_PATH = /\/work\/|\/root\/|\/home\/[a-z]|\/usr\/bin\/node|\/tmp\/(?!pwned|…)/;

test('README and docs/ show relative or example paths, not this machine\'s', () => {
  const files = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  const hits = files.flatMap((f) => readFileSync(join(repoRoot, f), 'utf8').split('\n').flatMap((line, i) => (MACHINE_PATH.test(line) ? [`${f}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])));
  assert.deepEqual(hits, []);
});
