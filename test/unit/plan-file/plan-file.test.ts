/**
 * readPlanFile (src/plan-file/plan-file.ts) in process: what `apply --plan` refuses before anything else
 * looks at a saved plan, each case with the sentence that names the file and the fix. The mutation run
 * found these refusals reached only through the CLI.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile, serializePlan } from '../../../src/plan-file/plan-file.js';
import { planChanges } from '../../../src/core/planner.js';
import { PLAN_FORMAT_VERSION } from '../../../src/core/plan.js';
import { UserError } from '../../../src/core/errors.js';
import { desired, state } from '../../support/state-builder.js';
import { TEST_NOW } from '../../support/clock.js';

describe('a saved plan file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-file-'));
  const saved = JSON.parse(serializePlan(planChanges(state(), desired(), { mode: 'audit', restart: 'on-change', now: TEST_NOW, toolVersion: '9.9.9' })));
  const write = (name: string, value: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };
  const refused = (file: string, message: RegExp) =>
    assert.throws(() => readPlanFile(file), (e: unknown) => e instanceof UserError && message.test(e.message) && e.message.includes(file));

  test('as audit --out saved it: read back equal', () => {
    assert.deepEqual(readPlanFile(write('good.json', serializePlan(saved))), saved);
  });

  test('missing or not JSON: refused, saying how to save one', () => {
    refused(join(dir, 'absent.json'), /^Cannot read the plan file .*ENOENT; save one with `ftps-enforcer audit --out/);
    refused(write('broken.json', '{"tool":'), /is not valid JSON .*save it again/);
  });

  test('not a plan of this tool: null, a number, another tool, no tool', () => {
    for (const [name, v] of [['null.json', null], ['number.json', 42], ['other.json', { ...saved, tool: { name: 'other', version: '1' } }], ['notool.json', { ...saved, tool: undefined }]] as const) {
      refused(write(name, v), /is not a plan saved by ftps-enforcer/);
    }
  });

  test('another format version: refused, naming both versions', () => {
    refused(write('v2.json', { ...saved, formatVersion: PLAN_FORMAT_VERSION + 1 }), new RegExp(`format version ${PLAN_FORMAT_VERSION + 1}, and this ftps-enforcer reads version ${PLAN_FORMAT_VERSION}`));
  });

  test('incomplete: no changes, no checks, or no configuration hash', () => {
    const { changes: _c, ...noChanges } = saved;
    const { checks: _k, ...noChecks } = saved;
    for (const [name, v] of [['nochanges.json', noChanges], ['nochecks.json', noChecks], ['nohash.json', { ...saved, config: { ...saved.config, contentHash: undefined } }], ['noconfig.json', { ...saved, config: undefined }]] as const) {
      refused(write(name, v), /is incomplete \(changes, checks or config hash missing\)/);
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));
});
