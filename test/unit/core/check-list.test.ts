import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planChanges } from '../../../src/core/planner.js';
import { countChecks, countPlanChecks, planFindings } from '../../../src/core/check-list.js';
import { readPlanFile, serializePlan } from '../../../src/plan-file/plan-file.js';
import * as say from '../../../src/core/messages.js';
import { desired, fixedState, loc, site } from '../../support/state-builder.js';
import { TEST_NOW } from '../../support/clock.js';

/** Ok, drift (own value, inherited), warning and error per-site checks, interleaved. */
const mixed = () => fixedState({
  siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { dataChannelPolicy: loc('SslAllow'), serverCertHash: loc('AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12') } },
  ftpSites: [
    site('Ok'),
    site('Own address', { externalIp4Address: loc('10.0.1.11', 42) }),
    site('Explicit', { ftpBindings: [{ bindingInformation: '*:21:', ip: '*', port: 21, host: '' }] }),
    site(`Both ' and " no id`, { id: undefined, externalIp4Address: loc('10.0.0.1') }),
    site('Ok too'),
  ],
});
const plan = () => planChanges(mixed(), desired({ ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' } }), { mode: 'audit', restart: 'on-change', now: TEST_NOW, toolVersion: 'test' });

describe('the check list (ok per-site checks built only when read)', () => {
  test('counts and findings without building the ok checks equal those over every built check', () => {
    const p = plan();
    const counts = countPlanChecks(p);
    const findings = planFindings(p);
    assert.deepEqual(counts, countChecks(p.checks));
    assert.deepEqual(findings, p.checks.filter((c) => c.status !== 'ok'));
    assert.ok(counts.ok > 0 && counts.drift > 0 && counts.warning > 0 && counts.error > 0, 'the case covers every status');
  });

  test('plan.checks keeps plan order: per site, address, SSL policies, binding; sites in file order', () => {
    const rows = plan().checks.filter((c) => c.site !== null).map((c) => `${c.site}:${c.code}:${c.setting}:${c.status}`);
    assert.deepEqual(rows.slice(0, 8), [
      'Ok:EXTERNAL_ADDRESS_SITE:externalIp4Address:ok', 'Ok:SSL_POLICY:controlChannelPolicy:ok', 'Ok:SSL_POLICY:dataChannelPolicy:drift', 'Ok:IMPLICIT_FTPS_BINDING:bindings:ok',
      'Own address:EXTERNAL_ADDRESS_SITE:externalIp4Address:drift', 'Own address:SSL_POLICY:controlChannelPolicy:ok', 'Own address:SSL_POLICY:dataChannelPolicy:drift', 'Own address:IMPLICIT_FTPS_BINDING:bindings:ok',
    ]);
    assert.equal(rows.length, 20);
  });

  test('a built ok check has the fields and the wording a plain Check had, in the same JSON key order', () => {
    const json = JSON.parse(JSON.stringify(plan().checks)) as Record<string, unknown>[];
    const ok = json.find((c) => c.site === 'Ok' && c.code === 'EXTERNAL_ADDRESS_SITE')!;
    assert.deepEqual(ok, {
      code: 'EXTERNAL_ADDRESS_SITE', status: 'ok', site: 'Ok', setting: 'externalIp4Address', scope: 'siteDefaults', current: '203.0.113.10', desired: '203.0.113.10',
      inheritedFrom: 'siteDefaults', fixable: true, message: say.siteAddressOk('Ok', '203.0.113.10', 'siteDefaults'), at: { file: 'applicationHost.config', line: 1 }, changeIds: [],
    });
    assert.deepEqual(Object.keys(ok), ['code', 'status', 'site', 'setting', 'scope', 'current', 'desired', 'inheritedFrom', 'fixable', 'message', 'at', 'changeIds']);
    const binding = json.find((c) => c.site === 'Ok' && c.code === 'IMPLICIT_FTPS_BINDING')!;
    assert.deepEqual(Object.keys(binding), ['code', 'status', 'site', 'setting', 'scope', 'current', 'desired', 'fixable', 'message', 'at', 'changeIds']);
    assert.equal(binding.message, say.implicitOk('Ok'));
    assert.equal(binding.current, '990');
  });

  test('drift, warning and error checks are worded as before, the unselectable site with the reason', () => {
    const checks = plan().checks;
    const own = checks.find((c) => c.site === 'Own address' && c.code === 'EXTERNAL_ADDRESS_SITE')!;
    assert.match(own.message, /clients will be sent to 10\.0\.1\.11 instead of the VIP/);
    assert.equal(checks.find((c) => c.site === 'Explicit' && c.code === 'IMPLICIT_FTPS_BINDING')!.message, say.noImplicitBinding('Explicit', '21'));
    const error = checks.find((c) => c.status === 'error')!;
    assert.ok(error.message.endsWith(say.unselectableSite(`Both ' and " no id`)), error.message);
  });

  test('a saved plan holds every check with its message, and reads back equal to the plan in memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-list-'));
    try {
      const p = plan();
      const file = join(dir, 'plan.json');
      writeFileSync(file, serializePlan(p));
      const back = readPlanFile(file);
      assert.equal(back.checks.length, p.checks.length);
      assert.deepEqual(back.checks.map((c) => c.message), p.checks.map((c) => c.message));
      assert.deepEqual(back, JSON.parse(JSON.stringify(p)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('once built, plan.checks is the truth: a check pushed to it is counted', () => {
    const p = plan();
    const before = countPlanChecks(p);
    p.checks.push({ ...p.checks[0]!, code: 'HOST', status: 'error', message: 'x', changeIds: [] });
    assert.equal(countPlanChecks(p).error, before.error + 1);
    assert.equal(planFindings(p).length, p.checks.filter((c) => c.status !== 'ok').length);
  });

  test('checks without a change share one empty list that nothing can add to', () => {
    const ok = plan().checks.find((c) => c.status === 'ok' && c.site !== null)!;
    assert.throws(() => ok.changeIds.push('x'), TypeError);
  });
});
