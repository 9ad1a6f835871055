/** Issue 19 item 11: the text report's labels say what the message says. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planChanges } from '../../../src/core/planner.js';
import { renderReport } from '../../../src/render/index.js';
import { desired, fixedState, site, state } from '../../support/state-builder.js';
import { TEST_NOW } from '../../support/clock.js';

const opts = { mode: 'audit' as const, restart: 'on-change' as const, now: TEST_NOW, toolVersion: 'test' };

const text = (plan: ReturnType<typeof planChanges>) => renderReport({ command: 'audit', plan, host: 'web1' }, 'text', { color: false });

test('no FTP site at all: the warning names "all sites", not an empty site name', () => {
  const t = text(planChanges(state({ ftpSites: [] }), desired(), opts));
  assert.match(t, /^ {2}! all sites {2}bindings$/m);
  assert.doesNotMatch(t, /! site {2}bindings/);
  const md = renderReport({ command: 'audit', plan: planChanges(state({ ftpSites: [] }), desired(), opts), host: 'web1' }, 'markdown', { color: false });
  assert.match(md, /^\| ⚠️ warning \| \*\(all sites\)\* \| bindings \| site \|/m);
});

test('serverCertHash drift from an empty hash: the value and the message say the same thing', () => {
  const s = fixedState({ ftpSites: [site('A', {})] });
  s.ftpSites[0]!.ssl.serverCertHash = { value: '', from: 'site', at: s.ftpSites[0]!.at } as never;
  const t = text(planChanges(s, desired({ sites: { A: { ssl: { serverCertHash: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' } } } }), opts));
  const drift = t.split('\n').find((l) => l.includes('serverCertHash:'));
  assert.ok(drift, t);
  assert.match(drift, /serverCertHash: "" →/);
  assert.match(t, /uses no certificate \(""\), not ABCDEF/);
  assert.doesNotMatch(t, /\(none\)/);
});
