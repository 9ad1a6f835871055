import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_VERSION } from '../../src/version.js';
import { repoRoot } from '../support/paths.js';

test('TOOL_VERSION matches package.json (it is written into every saved plan)', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(TOOL_VERSION, pkg.version);
});
