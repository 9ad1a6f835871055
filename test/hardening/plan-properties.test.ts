/**
 * Property-based tests (fast-check), in process: over generated
 * configurations (hostile site names, values set at different levels) and
 * desired states, the plan is deterministic, and its changes, applied by a
 * pure model of Set-WebConfigurationProperty, leave nothing to plan.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readIisConfig } from '../../src/config/read-config.js';
import { planChanges, type PlanOptions } from '../../src/core/planner.js';
import type { DesiredState, LoadedDesiredState } from '../../src/core/desired-state.js';
import { genConfig, genDesired, renderConfig, type GenConfig } from '../support/hardening/config-gen.js';
import { applyChanges } from '../support/hardening/set-property-model.js';

const opts: PlanOptions = { mode: 'apply', restart: 'on-change', now: new Date('2026-01-01T00:00:00Z'), toolVersion: '0.0.0' };
const loaded = (desired: DesiredState): LoadedDesiredState => ({ file: 'desired.json', contentHash: 'x', desired });
const scenario = genConfig.chain((config) => genDesired(config).map((desired) => ({ config, desired })));

describe('plan properties over generated configurations', () => {
  let dir: string;
  let n = 0;
  const write = (c: GenConfig) => {
    const f = join(dir, `applicationHost-${n++}.config`);
    writeFileSync(f, renderConfig(c));
    return f;
  };
  before(() => { dir = mkdtempSync(join(tmpdir(), 'ftps-props-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the reader returns every site name exactly as written', () => {
    fc.assert(fc.property(genConfig, (config) => {
      const state = readIisConfig(write(config));
      assert.deepEqual(state.allSiteNames, config.sites.map((s) => s.name));
      assert.deepEqual(state.ftpSites.map((s) => s.name), config.sites.filter((s) => s.ftp).map((s) => s.name));
    }), { numRuns: 300 });
  });

  test('planning is deterministic: the same file read twice gives the same plan', () => {
    fc.assert(fc.property(scenario, ({ config, desired }) => {
      const f = write(config);
      // As JSON, which reads every field: checks and site changes word their messages and ids when read (deepEqual reads only own fields).
      const asJson = (p: unknown) => JSON.parse(JSON.stringify(p));
      assert.deepEqual(asJson(planChanges(readIisConfig(f), loaded(desired), opts)), asJson(planChanges(readIisConfig(f), loaded(desired), opts)));
    }), { numRuns: 200 });
  });

  test('a plan applied by the Set-WebConfigurationProperty model, planned again, is compliant and empty', () => {
    fc.assert(fc.property(scenario, ({ config, desired }) => {
      const state = readIisConfig(write(config));
      const plan = planChanges(state, loaded(desired), opts);
      assert.deepEqual(plan.checks.filter((c) => c.status === 'error'), [], 'no generated case is unfixable');
      assert.equal(new Set(plan.changes.map((c) => `${c.filter}\u0000${c.name}`)).size, plan.changes.length, 'no attribute is written twice');
      const again = planChanges(applyChanges(state, plan.changes), loaded(desired), opts);
      assert.deepEqual(again.checks.filter((c) => c.status === 'drift' || c.status === 'error'), []);
      assert.equal(again.compliant, true);
      assert.deepEqual(again.changes, []);
    }), { numRuns: 300 });
  });
});
