import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPlanFresh, StalePlanError } from '../../../src/plan-file/plan-staleness.js';
import { sha256 } from '../../../src/core/hash.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../../../src/core/plan.js';
import type { IisFtpState } from '../../../src/core/iis-state.js';

describe('a saved plan is refused when stale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-stale-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const desired = join(dir, 'desired.json');
  writeFileSync(desired, '{"externalIp4Address":"203.0.113.10","lowDataChannelPort":50000,"highDataChannelPort":50099}');
  const plan = {
    formatVersion: PLAN_FORMAT_VERSION, tool: { name: 'iis-ftps-enforcer', version: 't' }, createdAt: '2026-11-25T03:00:00.000Z',
    config: { requestedFile: '/c', configFile: '/c', filesRead: ['/c'], contentHash: 'config-hash' },
    desired: { file: desired, contentHash: sha256(Buffer.from('{"externalIp4Address":"203.0.113.10","lowDataChannelPort":50000,"highDataChannelPort":50099}')) },
    restart: 'on-change', checks: [], changes: [], compliant: true,
  } as Plan;
  const state = (contentHash: string) => ({ origin: { requestedFile: '/c', configFile: '/c', filesRead: ['/c', '/sites.config'], contentHash } }) as IisFtpState;

  test('same configuration and desired state: fresh', () => {
    assert.doesNotThrow(() => assertPlanFresh(plan, '/p/plan.json', state('config-hash')));
  });

  test('the configuration changed: refused, naming the files and the fix', () => {
    assert.throws(() => assertPlanFresh(plan, '/p/plan.json', state('other')), (e: unknown) =>
      e instanceof StalePlanError && e.message === 'The plan /p/plan.json was made from a configuration that has changed since (2026-11-25T03:00:00.000Z, /c, /sites.config); run `ftps-enforcer audit --out /p/plan.json` again and review the new plan.');
  });

  test('the desired-state file changed or is gone: refused', () => {
    assert.throws(() => assertPlanFresh({ ...plan, desired: { ...plan.desired, contentHash: 'x' } }, '/p/plan.json', state('config-hash')), /desired-state file that has changed since/);
    assert.throws(() => assertPlanFresh({ ...plan, desired: { ...plan.desired, file: join(dir, 'gone.json') } }, '/p/plan.json', state('config-hash')), /cannot be read now \(ENOENT\)/);
  });
});
