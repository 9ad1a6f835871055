import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { collectBackendFacts, type BackendFacts, type SiteFacts } from '../../../src/fleet/backend-facts.js';
import { compareFleet, type FleetMember } from '../../../src/fleet/compare.js';
import { renderFleet } from '../../../src/fleet/render-fleet.js';
import { parseFleetReport } from '../../../src/fleet/read-reports.js';
import { FLEET_REPORT_KIND } from '../../../src/fleet/fleet-report.js';
import { UserError } from '../../../src/core/errors.js';
import { loc, site, state } from '../../support/state-builder.js';

const goodSite: SiteFacts = { name: 'FTPS Site', externalIp4Address: '203.0.113.10', controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire', serverCertHash: 'AB12', serverCertStoreName: 'MY', implicitFtps: true };
const facts = (sites: SiteFacts[] = [goodSite], low = 50000, high = 50099): BackendFacts => ({ passivePortRange: { low, high }, sites });
const member = (host: string, f: BackendFacts = facts(), exitCode = 0, hash = 'h1'): FleetMember => ({ host, exitCode, desired: { file: 'desired.json', contentHash: hash }, facts: f });

describe('facts from the configuration', () => {
  test('IIS inheritance applied: site value, else siteDefaults, else schema default; thumbprints normalised', () => {
    const s = state({
      firewallSupport: { lowDataChannelPort: loc(50000), highDataChannelPort: loc(50099) },
      siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc('ab 12 cd') } },
      ftpSites: [site('Zeta', { externalIp4Address: loc('10.0.1.11') }), site('Alpha', { ftpBindings: [{ bindingInformation: '*:21:', ip: '*', port: 21, host: '' }], ssl: { controlChannelPolicy: loc('SslAllow') } })],
    });
    const f = collectBackendFacts(s);
    assert.deepEqual(f.passivePortRange, { low: 50000, high: 50099 });
    assert.deepEqual(f.sites.map((x) => x.name), ['Alpha', 'Zeta']);
    assert.deepEqual(f.sites[0], { name: 'Alpha', externalIp4Address: '203.0.113.10', controlChannelPolicy: 'SslAllow', dataChannelPolicy: 'SslRequire', serverCertHash: 'AB12CD', serverCertStoreName: 'MY', implicitFtps: false });
    assert.equal(f.sites[1]!.externalIp4Address, '10.0.1.11');
  });

  test('nothing set: no address (IIS advertises its own), range 0-0', () => {
    const f = collectBackendFacts(state());
    assert.equal(f.sites[0]!.externalIp4Address, null);
    assert.deepEqual(f.passivePortRange, { low: 0, high: 0 });
  });
});

describe('comparison', () => {
  test('identical backends: consistent, exit 0', () => {
    const c = compareFleet([member('web1'), member('web2'), member('web3')]);
    assert.equal(c.consistent, true);
    assert.equal(c.ok, true);
    assert.deepEqual(c.differences, []);
  });

  test('one backend with its own address, another certificate: it is the odd one out', () => {
    const c = compareFleet([
      member('web1'),
      member('web2', facts([{ ...goodSite, externalIp4Address: '10.0.1.12', serverCertHash: 'FFFF' }])),
      member('web3'),
    ]);
    assert.equal(c.consistent, false);
    assert.deepEqual(c.differences.map((d) => [d.setting, d.site, d.majority, d.oddOneOut]), [
      ['externalIp4Address', 'FTPS Site', '203.0.113.10', ['web2']],
      ['serverCertHash', 'FTPS Site', 'AB12', ['web2']],
    ]);
  });

  test('passive range, desired-state file and a missing site are compared too', () => {
    const c = compareFleet([
      member('a', facts([goodSite], 50000, 50199), 2, 'h2'),
      member('b', facts([goodSite, { ...goodSite, name: 'Partner' }])),
      member('c', facts([goodSite, { ...goodSite, name: 'Partner' }])),
    ]);
    const bySetting = Object.fromEntries(c.differences.map((d) => [`${d.setting}:${d.site}`, d.oddOneOut]));
    assert.deepEqual(bySetting, { 'desiredState:null': ['a'], 'passivePortRange:null': ['a'], 'ftpSite:Partner': ['a'] });
    assert.equal(c.ok, false);
  });

  test('two against two: no majority, every backend listed', () => {
    const other = facts([{ ...goodSite, dataChannelPolicy: 'SslAllow' }]);
    const c = compareFleet([member('a'), member('b', other), member('c'), member('d', other)]);
    assert.equal(c.differences[0]!.majority, null);
    assert.deepEqual(c.differences[0]!.oddOneOut, ['a', 'b', 'c', 'd']);
  });

  test('consistent but drifted backends still exit 2', () => {
    const c = compareFleet([member('a', facts(), 2), member('b', facts(), 2)]);
    assert.equal(c.consistent, true);
    assert.equal(c.ok, false);
  });
});

describe('rendering', () => {
  const c = compareFleet([member('web1'), member('web|2', facts([{ ...goodSite, externalIp4Address: null }]), 2), member('web3')]);
  test('text names the odd one out and the exit code', () => {
    const t = renderFleet(c, 'text');
    assert.match(t, /✗ site "FTPS Site" externalIp4Address differs: PASV replies send clients/);
    assert.match(t, /\(none\)\s+web\|2   ← odd one out/);
    assert.match(t, /Odd one out: web\|2\n/);
    assert.match(t, /3 backends, 1 difference, 1 with drift from the desired state; exit code 2\n$/);
  });
  test('json carries the groups and the odd ones out', () => {
    const j = JSON.parse(renderFleet(c, 'json'));
    assert.equal(j.ok, false);
    assert.deepEqual(j.oddOneOut, ['web|2']);
    assert.deepEqual(j.differences[0].groups, [{ value: '203.0.113.10', hosts: ['web1', 'web3'] }, { value: '(none)', hosts: ['web|2'] }]);
  });
  test('markdown tables escape pipes so rows keep their columns', () => {
    const m = renderFleet(c, 'markdown');
    const rows = m.split('\n').filter((l) => l.startsWith('| site'));
    assert.equal(rows.length, 2);
    for (const r of rows) assert.equal(r.replace(/\\\|/g, '').split('|').length, 6, r);
    assert.match(m, /web\\\|2/);
  });
});

describe('reading reports', () => {
  const doc = { kind: FLEET_REPORT_KIND, formatVersion: 1, host: 'web1', exitCode: 0, desired: { file: 'd', contentHash: 'h' }, facts: facts(), report: {} };
  test('a fleet report parses (BOM tolerated, as PowerShell 5.1 writes)', () => {
    assert.equal(parseFleetReport(`\uFEFF${JSON.stringify(doc)}`, 'a.json').host, 'web1');
  });
  const bad: Array<[string, RegExp]> = [
    ['{', /a\.json is not JSON/],
    [JSON.stringify({ compliant: true, findings: [] }), /looks like an `audit --format json` report/],
    [JSON.stringify({ ...doc, formatVersion: 9 }), /version 9/],
    [JSON.stringify({ ...doc, facts: undefined }), /incomplete/],
  ];
  for (const [text, message] of bad) {
    test(`refuses ${text.slice(0, 30)}`, () => {
      assert.throws(() => parseFleetReport(text, 'a.json'), (e: unknown) => e instanceof UserError && message.test(e.message));
    });
  }
});
