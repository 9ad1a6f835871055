import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateConfig } from '../../../bench/generate-config.js';
import { readHashRow, readNamesRow, readScanRow } from '../../../bench/rows/lower-bounds.js';
import { planRow } from '../../../bench/rows/read-plan.js';
import { readIisConfig } from '../../../src/config/read-config.js';
import type { Check, Plan } from '../../../src/core/plan.js';

// The lower-bound rows stand in for parts of the reader in the benchmark's argument, so they must
// do that part's whole work: the same digest, every tag, every name.
describe('the benchmark lower-bound rows do the work they stand for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lb-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'applicationHost.config');
  writeFileSync(file, generateConfig({ sites: 300, seed: 5 }));
  const state = readIisConfig(file);

  test('read-hash computes the digest the reader records', () => {
    assert.equal(readHashRow.run(file), state.origin.contentHash);
  });

  test('read-names cuts out exactly the site names the reader lists', () => {
    assert.deepEqual(readNamesRow.run(file), state.allSiteNames);
    assert.equal(state.allSiteNames.length, 300);
  });

  test('read-scan visits every start and end tag outside comments', () => {
    const text = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const startTags = text.match(/<[A-Za-z]/g)!.length;
    const endTags = text.match(/<\//g)!.length;
    assert.equal(readScanRow.run(file), startTags + endTags);
  });

  test('plan plans the facts read while preparing, not an empty state', async () => {
    await planRow.prepare!(file);
    const [plan, , findings] = planRow.run(file) as [Plan, unknown, Check[]];
    assert.equal(plan.checks.filter((c) => c.code === 'EXTERNAL_ADDRESS_SITE').length, state.ftpSites.length);
    assert.deepEqual(findings, plan.checks.filter((c) => c.status !== 'ok'), 'the row reads the findings a report reads');
    assert.ok(state.ftpSites.length > 0);
  });
});
