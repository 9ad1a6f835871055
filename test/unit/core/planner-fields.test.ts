/**
 * The planner's checks and changes field by field (src/core/planner.ts): scope, where a value comes from
 * (inheritedFrom, at), which change fixes which check, and the JSON a saved plan holds. planner.test.ts asserts
 * which checks and changes a configuration gets; these assert what each one says, because reports, saved plans
 * and apply read every field.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planChanges, type PlanMode } from '../../../src/core/planner.js';
import type { IisFtpState } from '../../../src/core/iis-state.js';
import type { LoadedDesiredState } from '../../../src/core/desired-state.js';
import { countPlanChecks, planFindings } from '../../../src/core/check-list.js';
import { desired, fixedState, loc, site, state } from '../../support/state-builder.js';
import { TEST_NOW } from '../../support/clock.js';

const plan = (s: IisFtpState, d: LoadedDesiredState, mode: PlanMode = 'audit') => planChanges(s, d, { mode, restart: 'on-change', now: TEST_NOW, toolVersion: '9.9.9' });
const json = (v: unknown) => JSON.parse(JSON.stringify(v));
const at = (line: number) => ({ file: 'applicationHost.config', line });
const CERT = '3F1A9C0E5B7D2468ACE013579BDF2468ACE01357';

describe('server-wide and siteDefaults checks, every field', () => {
  test('the broken backend: range ends and the default address, with the changes that fix them', () => {
    const s = state({ firewallSupport: { lowDataChannelPort: loc(1000, 7) } });
    const p = json(plan(s, desired()));
    assert.deepEqual(p.checks.slice(0, 3), [
      { code: 'PORT_RANGE', status: 'drift', site: null, setting: 'lowDataChannelPort', scope: 'server', current: 1000, desired: 50000, fixable: true, message: 'The passive port range is 1000-0, not 50000-50099: IIS will hand out data ports the load balancer does not forward, so clients hang at "Making data connection".', changeIds: ['server/lowDataChannelPort'], at: at(7) },
      { code: 'PORT_RANGE', status: 'drift', site: null, setting: 'highDataChannelPort', scope: 'server', current: 0, desired: 50099, fixable: true, message: 'The passive port range is 1000-0, not 50000-50099: IIS will hand out data ports the load balancer does not forward, so clients hang at "Making data connection".', changeIds: ['server/highDataChannelPort'] },
      { code: 'EXTERNAL_ADDRESS_DEFAULT', status: 'drift', site: null, setting: 'externalIp4Address', scope: 'siteDefaults', current: null, desired: '203.0.113.10', inheritedFrom: 'default', fixable: true, message: "No default external address is set (siteDefaults): FTP sites without their own value advertise the backend's own address in PASV replies, and clients through the VIP 203.0.113.10 cannot reach it.", changeIds: ['siteDefaults/externalIp4Address'] },
    ]);
    assert.deepEqual(p.changes, [
      { id: 'server/lowDataChannelPort', filter: 'system.ftpServer/firewallSupport', name: 'lowDataChannelPort', value: 50000, current: 1000, site: null, scope: 'server', requiresRestart: true, pspath: 'MACHINE/WEBROOT/APPHOST' },
      { id: 'server/highDataChannelPort', filter: 'system.ftpServer/firewallSupport', name: 'highDataChannelPort', value: 50099, current: 0, site: null, scope: 'server', requiresRestart: true, pspath: 'MACHINE/WEBROOT/APPHOST' },
      { id: 'siteDefaults/externalIp4Address', filter: 'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport', name: 'externalIp4Address', value: '203.0.113.10', current: null, site: null, scope: 'siteDefaults', requiresRestart: true, pspath: 'MACHINE/WEBROOT/APPHOST' },
    ]);
  });

  test('compliant server-wide settings: ok checks with where the values are, no changes', () => {
    const s = fixedState({ firewallSupport: { lowDataChannelPort: loc(50000, 3), highDataChannelPort: loc(50099, 4) }, siteDefaults: { externalIp4Address: loc('203.0.113.10', 5), ssl: {} } });
    const p = json(plan(s, desired()));
    assert.deepEqual(p.checks.slice(0, 3), [
      { code: 'PORT_RANGE', status: 'ok', site: null, setting: 'lowDataChannelPort', scope: 'server', current: 50000, desired: 50000, fixable: true, message: 'The passive port range is 50000-50099.', changeIds: [], at: at(3) },
      { code: 'PORT_RANGE', status: 'ok', site: null, setting: 'highDataChannelPort', scope: 'server', current: 50099, desired: 50099, fixable: true, message: 'The passive port range is 50000-50099.', changeIds: [], at: at(4) },
      { code: 'EXTERNAL_ADDRESS_DEFAULT', status: 'ok', site: null, setting: 'externalIp4Address', scope: 'siteDefaults', current: '203.0.113.10', desired: '203.0.113.10', inheritedFrom: 'siteDefaults', fixable: true, message: 'The default external address (siteDefaults) is the VIP 203.0.113.10.', changeIds: [], at: at(5) },
    ]);
    assert.deepEqual(p.changes, []);
    assert.equal(p.compliant, true);
  });

  test('SSL at siteDefaults: only the settings the desired state names; thumbprints compared without spaces or case', () => {
    const s = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc('3f1a 9c0e5b7d2468ace013579bdf2468ace01357', 9), dataChannelPolicy: loc('SslAllow', 10) } } });
    const p = json(plan(s, desired({ ssl: { serverCertHash: CERT, dataChannelPolicy: 'SslRequire' } })));
    const defaults = p.checks.filter((c: any) => c.code === 'SSL_POLICY' && c.site === null);
    assert.deepEqual(defaults, [
      { code: 'SSL_POLICY', status: 'drift', site: null, setting: 'dataChannelPolicy', scope: 'siteDefaults', current: 'SslAllow', desired: 'SslRequire', inheritedFrom: 'siteDefaults', fixable: true, message: 'The FTP SSL default (siteDefaults) has dataChannelPolicy SslAllow, not SslRequire, so credentials or data may cross the network unencrypted.', changeIds: ['siteDefaults/dataChannelPolicy'], at: at(10) },
      { code: 'SSL_POLICY', status: 'ok', site: null, setting: 'serverCertHash', scope: 'siteDefaults', current: '3f1a 9c0e5b7d2468ace013579bdf2468ace01357', desired: CERT, inheritedFrom: 'siteDefaults', fixable: true, message: `The FTP SSL default (siteDefaults) has serverCertHash ${CERT}.`, changeIds: [], at: at(9) },
    ]);
    assert.deepEqual(p.changes.map((c: any) => [c.id, c.filter, c.value, c.current]), [['siteDefaults/dataChannelPolicy', 'system.applicationHost/sites/siteDefaults/ftpServer/security/ssl', 'SslRequire', 'SslAllow']]);
    // A thumbprint that really differs is drift.
    assert.equal(plan(s, desired({ ssl: { serverCertHash: CERT.replace('3F', '4F') } })).changes.length, 1);
  });
});

describe('per-site checks, every field', () => {
  test('a site inheriting a wrong default: drift at siteDefaults scope, fixed by the default\'s change', () => {
    const s = fixedState({ siteDefaults: { externalIp4Address: loc('10.0.0.9', 6), ssl: {} }, ftpSites: [site('A', { at: at(20) })] });
    const p = json(plan(s, desired()));
    assert.deepEqual(p.checks.find((c: any) => c.code === 'EXTERNAL_ADDRESS_SITE'), {
      code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: 'A', setting: 'externalIp4Address', scope: 'siteDefaults', current: '10.0.0.9', desired: '203.0.113.10', inheritedFrom: 'siteDefaults', fixable: true,
      message: 'Site "A" advertises 10.0.0.9 (inherited from siteDefaults), so clients will be sent to 10.0.0.9 instead of the VIP 203.0.113.10.', at: at(6), changeIds: ['siteDefaults/externalIp4Address'],
    });
  });

  test('a site\'s own wrong value: drift at site scope, fixed by a change of its own', () => {
    const s = fixedState({ ftpSites: [site('A', { id: 4, externalIp4Address: loc('10.0.0.1', 31) })] });
    const p = json(plan(s, desired()));
    assert.deepEqual(p.checks.find((c: any) => c.code === 'EXTERNAL_ADDRESS_SITE'), {
      code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: 'A', setting: 'externalIp4Address', scope: 'site', current: '10.0.0.1', desired: '203.0.113.10', inheritedFrom: 'site', fixable: true,
      message: 'Site "A" advertises 10.0.0.1 (the site\'s own value, which overrides siteDefaults), so clients will be sent to 10.0.0.1 instead of the VIP 203.0.113.10.', at: at(31), changeIds: ['site:A/externalIp4Address'],
    });
    assert.deepEqual(p.changes, [{ id: 'site:A/externalIp4Address', filter: "system.applicationHost/sites/site[@name='A']/ftpServer/firewallSupport", name: 'externalIp4Address', value: '203.0.113.10', current: '10.0.0.1', site: 'A', scope: 'site', requiresRestart: true, pspath: 'MACHINE/WEBROOT/APPHOST' }]);
  });

  test('ok per-site checks, built on read: scope and source as the site has them', () => {
    const s = fixedState({ ftpSites: [site('Own', { externalIp4Address: loc('203.0.113.10', 12), at: at(11) }), site('Inherits', { at: at(13) })] });
    const p = plan(s, desired());
    const checks = json(p.checks).filter((c: any) => c.site !== null);
    assert.deepEqual(checks, [
      { code: 'EXTERNAL_ADDRESS_SITE', status: 'ok', site: 'Own', setting: 'externalIp4Address', scope: 'site', current: '203.0.113.10', desired: '203.0.113.10', inheritedFrom: 'site', fixable: true, message: 'Site "Own" advertises 203.0.113.10 (its own value).', at: at(12), changeIds: [] },
      { code: 'IMPLICIT_FTPS_BINDING', status: 'ok', site: 'Own', setting: 'bindings', scope: 'site', current: '990', desired: 990, fixable: false, message: 'Site "Own" has an FTP binding on port 990 (Implicit FTPS).', at: at(11), changeIds: [] },
      { code: 'EXTERNAL_ADDRESS_SITE', status: 'ok', site: 'Inherits', setting: 'externalIp4Address', scope: 'siteDefaults', current: '203.0.113.10', desired: '203.0.113.10', inheritedFrom: 'siteDefaults', fixable: true, message: 'Site "Inherits" advertises 203.0.113.10 (inherited from siteDefaults).', at: at(1), changeIds: [] },
      { code: 'IMPLICIT_FTPS_BINDING', status: 'ok', site: 'Inherits', setting: 'bindings', scope: 'site', current: '990', desired: 990, fixable: false, message: 'Site "Inherits" has an FTP binding on port 990 (Implicit FTPS).', at: at(13), changeIds: [] },
    ]);
  });

  test('ok SSL checks per site, in SSL order, after the address', () => {
    const s = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc(CERT) } }, ftpSites: [site('A', { ssl: { controlChannelPolicy: loc('SslRequire', 40) } })] });
    const p = plan(s, desired({ ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire', serverCertHash: CERT } }));
    const a = json(p.checks).filter((c: any) => c.site === 'A');
    assert.deepEqual(a.map((c: any) => `${c.code}/${c.setting}/${c.scope}/${c.inheritedFrom}/${c.current}`), [
      'EXTERNAL_ADDRESS_SITE/externalIp4Address/siteDefaults/siteDefaults/203.0.113.10',
      'SSL_POLICY/controlChannelPolicy/site/site/SslRequire',
      'SSL_POLICY/dataChannelPolicy/siteDefaults/default/SslRequire',
      `SSL_POLICY/serverCertHash/siteDefaults/siteDefaults/${CERT}`,
      'IMPLICIT_FTPS_BINDING/bindings/site/undefined/990',
    ]);
    assert.equal(a[1].message, 'Site "A" has controlChannelPolicy SslRequire.');
    assert.deepEqual(a[1].at, at(40));
  });

  test('a site named in the desired state is fixed at the site even when it inherits; its name matched ignoring case', () => {
    const s = fixedState({ ftpSites: [site('Partner FTP', { id: 3 })] });
    const p = json(plan(s, desired({ sites: { 'partner ftp': { externalIp4Address: '198.51.100.7' } } })));
    assert.deepEqual(p.checks.find((c: any) => c.code === 'EXTERNAL_ADDRESS_SITE'), {
      code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: 'Partner FTP', setting: 'externalIp4Address', scope: 'site', current: '203.0.113.10', desired: '198.51.100.7', inheritedFrom: 'siteDefaults', fixable: true,
      message: 'Site "Partner FTP" advertises 203.0.113.10 (inherited from siteDefaults), so clients will be sent to 203.0.113.10 instead of the VIP 198.51.100.7.', at: at(1), changeIds: ['site:Partner FTP/externalIp4Address'],
    });
    assert.deepEqual(p.checks.filter((c: any) => c.code === 'UNKNOWN_SITE'), []);
  });

  test('a site no filter can select: an error, not fixable, saying why', () => {
    const name = `Both ' and "`;
    const s = fixedState({ ftpSites: [site(name, { id: undefined, externalIp4Address: loc('10.0.0.1', 8) })] });
    const c = json(plan(s, desired()).checks).find((x: any) => x.code === 'EXTERNAL_ADDRESS_SITE');
    assert.deepEqual({ ...c, message: undefined }, { code: 'EXTERNAL_ADDRESS_SITE', status: 'error', site: name, setting: 'externalIp4Address', scope: 'site', current: '10.0.0.1', desired: '203.0.113.10', inheritedFrom: 'site', fixable: false, message: undefined, at: at(8), changeIds: [] });
    assert.match(c.message, /instead of the VIP 203\.0\.113\.10\. Its name .* holds both quote characters/);
  });

  test('bindings: all ports listed when there are several without 990', () => {
    const s = fixedState({ ftpSites: [site('E', { ftpBindings: [{ bindingInformation: '*:21:', ip: '*', port: 21, host: '' }, { bindingInformation: '*:2121:', ip: '*', port: 2121, host: '' }] })] });
    const c = json(plan(s, desired()).checks).find((x: any) => x.code === 'IMPLICIT_FTPS_BINDING');
    assert.equal(c.current, '21, 2121');
    assert.equal(c.status, 'warning');
    assert.equal(c.scope, 'site');
    assert.equal(c.message, 'Site "E" has FTP bindings on port 21, 2121 but none on 990, so it serves no Implicit FTPS: the VIP\'s port 990 will not reach it.');
    // One of several on 990 is enough.
    const ok = fixedState({ ftpSites: [site('F', { ftpBindings: [{ bindingInformation: '*:21:', ip: '*', port: 21, host: '' }, { bindingInformation: '*:990:', ip: '*', port: 990, host: '' }] })] });
    assert.equal(json(plan(ok, desired()).checks).find((x: any) => x.code === 'IMPLICIT_FTPS_BINDING').current, '21, 990');
  });
});

describe('SslRequire without a certificate, every field', () => {
  test('scope: siteDefaults when the site inherits, site when the site has its own value or is named', () => {
    const s = fixedState({ ftpSites: [site('Inh', { at: at(50) }), site('Own', { ssl: { controlChannelPolicy: loc('SslAllow', 61), serverCertHash: loc('  ', 62) } })] });
    const p = json(plan(s, desired({ ssl: { controlChannelPolicy: 'SslRequire' }, sites: { Inh: { ssl: { dataChannelPolicy: 'SslRequire' } } } })));
    const errors = p.checks.filter((c: any) => c.code === 'SSL_WITHOUT_CERTIFICATE');
    assert.deepEqual(errors.map((c: any) => ({ site: c.site, setting: c.setting, scope: c.scope, current: c.current, desired: c.desired, inheritedFrom: c.inheritedFrom, at: c.at, fixable: c.fixable, changeIds: c.changeIds })), [
      { site: 'Own', setting: 'controlChannelPolicy', scope: 'site', current: 'SslAllow', desired: 'SslRequire', inheritedFrom: 'site', at: at(62), fixable: false, changeIds: [] },
    ]);
    // Inh: the schema default SslRequire already holds (same), so no error for it; a certificate of blanks is none.
    assert.equal(p.checks.filter((c: any) => c.site === 'Inh' && c.status !== 'ok').length, 0);
  });

  test('a site inheriting SslAllow with no certificate anywhere: error at siteDefaults scope, located at the site', () => {
    const s = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { dataChannelPolicy: loc('SslAllow') } }, ftpSites: [site('Inh', { at: at(50) })] });
    const p = json(plan(s, desired({ ssl: { dataChannelPolicy: 'SslRequire' } })));
    const e = p.checks.find((c: any) => c.code === 'SSL_WITHOUT_CERTIFICATE');
    assert.equal(e.scope, 'siteDefaults');
    assert.equal(e.inheritedFrom, 'siteDefaults');
    assert.deepEqual(e.at, at(50));
    const named = json(plan(s, desired({ sites: { Inh: { ssl: { dataChannelPolicy: 'SslRequire' } } } })));
    assert.equal(named.checks.find((c: any) => c.code === 'SSL_WITHOUT_CERTIFICATE').scope, 'site');
  });

  test('SslDeny and SslAllow need no certificate; a certificate setting itself is never this error', () => {
    const s = fixedState({ ftpSites: [site('Bare', { ssl: { dataChannelPolicy: loc('SslRequire') } })] });
    for (const want of ['SslAllow', 'SslDeny'] as const) {
      const p = plan(s, desired({ ssl: { dataChannelPolicy: want } }));
      assert.ok(!p.checks.some((c) => c.code === 'SSL_WITHOUT_CERTIFICATE'), want);
      assert.ok(p.changes.some((c) => c.site === 'Bare' && c.value === want), want);
    }
    const cert = plan(fixedState({ ftpSites: [site('Bare', { ssl: { serverCertHash: loc('') } })] }), desired({ sites: { Bare: { ssl: { serverCertHash: '' } } } }));
    assert.ok(!cert.checks.some((c) => c.code === 'SSL_WITHOUT_CERTIFICATE'));
  });
});

describe('the desired state\'s own findings', () => {
  test('warnings from loading the desired state come first, located when they have a line', () => {
    const d = { ...desired(), warningsAt: [{ message: 'range 0-0', line: 4 }, { message: 'SslAllow is weak' }] };
    const p = json(plan(fixedState(), d));
    assert.deepEqual(p.checks.slice(0, 2), [
      { code: 'DESIRED_STATE', status: 'warning', site: null, setting: 'desired state', scope: 'server', current: null, desired: null, fixable: false, message: 'range 0-0', at: { file: 'desired.json', line: 4 }, changeIds: [] },
      { code: 'DESIRED_STATE', status: 'warning', site: null, setting: 'desired state', scope: 'server', current: null, desired: null, fixable: false, message: 'SslAllow is weak', changeIds: [] },
    ]);
    assert.equal(p.compliant, true, 'warnings are not drift');
  });

  test('desired sites: a typo of a site is an error even in audit; a name like no site is a warning in audit', () => {
    const s = fixedState({ ftpSites: [site('Public FTP')], allSiteNames: ['Public FTP', 'Web'] });
    const p = json(plan(s, desired({ sites: { 'Publc FTP': {}, 'Zzzzzzzzzzzz': {}, web: {} } })));
    const named = p.checks.filter((c: any) => c.code === 'UNKNOWN_SITE' || c.code === 'NOT_FTP_SITE');
    assert.deepEqual(named, [
      { code: 'UNKNOWN_SITE', status: 'error', site: 'Publc FTP', setting: 'name', scope: 'site', current: null, desired: 'Publc FTP', fixable: false, message: 'The desired state names site "Publc FTP", which applicationHost.config does not have; did you mean "Public FTP"? Fix the name in "sites" (IIS matches site names ignoring case).', changeIds: [] },
      { code: 'UNKNOWN_SITE', status: 'warning', site: 'Zzzzzzzzzzzz', setting: 'name', scope: 'site', current: null, desired: 'Zzzzzzzzzzzz', fixable: false, message: 'The desired state names site "Zzzzzzzzzzzz", which applicationHost.config does not have; check the spelling (IIS matches site names ignoring case) or remove it from "sites".', changeIds: [] },
      { code: 'NOT_FTP_SITE', status: 'warning', site: 'web', setting: 'bindings', scope: 'site', current: null, desired: null, fixable: false, message: 'The desired state names site "web", which has no ftp binding, so its FTP settings do nothing.', changeIds: [] },
    ]);
  });

  test('with no FTP site, a typo is looked for among all sites', () => {
    const s = fixedState({ ftpSites: [], allSiteNames: ['Intranet'] });
    const c = json(plan(s, desired({ sites: { Intranat: {} } }))).checks.find((x: any) => x.code === 'UNKNOWN_SITE');
    assert.equal(c.status, 'error');
    assert.match(c.message, /did you mean "Intranet"\?/);
  });

  test('with FTP sites, a typo is looked for among them only: a name near an HTTP site alone is not a typo of an FTP site', () => {
    // Mutation testing found this unguarded: suggesting among all sites made the warning an error.
    const s = fixedState({ ftpSites: [site('Public FTP')], allSiteNames: ['Public FTP', 'Intranet'] });
    const c = json(plan(s, desired({ sites: { Intranat: {} } }))).checks.find((x: any) => x.code === 'UNKNOWN_SITE');
    assert.equal(c.status, 'warning');
    assert.doesNotMatch(c.message, /did you mean/);
  });

  test('a site without an Implicit FTPS binding: the warning, every field (not fixable: apply never changes bindings)', () => {
    const s = fixedState({ ftpSites: [site('Explicit', { ftpBindings: [{ bindingInformation: '*:21:', ip: '*', port: 21, host: '' }] })] });
    const c = json(plan(s, desired())).checks.find((x: any) => x.code === 'IMPLICIT_FTPS_BINDING');
    assert.deepEqual({ ...c, message: undefined }, { code: 'IMPLICIT_FTPS_BINDING', status: 'warning', site: 'Explicit', setting: 'bindings', scope: 'site', current: '21', desired: 990, fixable: false, message: undefined, at: c.at, changeIds: [] });
  });

  test('no FTP sites: the warning, every field', () => {
    const p = json(plan(fixedState({ ftpSites: [], allSiteNames: [] }), desired()));
    assert.deepEqual(p.checks.find((c: any) => c.code === 'NO_FTP_SITES'), { code: 'NO_FTP_SITES', status: 'warning', site: null, setting: 'bindings', scope: 'site', current: null, desired: null, fixable: false, message: 'The configuration has no FTP site (no site has an ftp binding); only the server-wide settings were checked.', changeIds: [] });
  });

  test('the misplaced attribute, every field', () => {
    const m = { element: 'system.ftpServer/firewallSupport', attribute: 'externalIp4Address', value: '1.2.3.4', at: at(3), belongs: 'it belongs on siteDefaults' };
    const p = json(plan(fixedState({ misplaced: [m] }), desired()));
    assert.deepEqual(p.checks[0], { code: 'MISPLACED_ATTRIBUTE', status: 'error', site: null, setting: 'externalIp4Address', scope: 'server', current: '1.2.3.4', desired: null, fixable: false, message: 'system.ftpServer/firewallSupport has externalIp4Address="1.2.3.4": it belongs on siteDefaults. Delete it by hand; apply will not run while it is there, because IIS reports the section as invalid.', at: at(3), changeIds: [] });
  });
});

describe('the plan as a whole', () => {
  test('header fields, the redirection when there is one, and one change shared by the checks it fixes', () => {
    const s = state({ origin: { requestedFile: 'C:\\local\\applicationHost.config', configFile: '\\\\share\\applicationHost.config', redirection: { redirectionConfig: 'C:\\local\\redirection.config', path: '\\\\share' }, filesRead: ['a', 'b'], contentHash: 'h1' }, ftpSites: [site('A'), site('B')] });
    const p = plan(s, desired());
    const j = json(p);
    assert.deepEqual(Object.keys(j), ['formatVersion', 'tool', 'createdAt', 'config', 'desired', 'restart', 'checks', 'changes', 'compliant']);
    assert.deepEqual(j.tool, { name: 'iis-ftps-enforcer', version: '9.9.9' });
    assert.equal(j.createdAt, TEST_NOW.toISOString());
    assert.deepEqual(j.config, { requestedFile: 'C:\\local\\applicationHost.config', configFile: '\\\\share\\applicationHost.config', redirection: { redirectionConfig: 'C:\\local\\redirection.config', path: '\\\\share' }, filesRead: ['a', 'b'], contentHash: 'h1' });
    assert.deepEqual(j.desired, { file: 'desired.json', contentHash: 'def' });
    assert.equal(j.restart, 'on-change');
    assert.equal(j.compliant, false);
    assert.equal(j.changes.filter((c: any) => c.id === 'siteDefaults/externalIp4Address').length, 1, 'two sites, one shared fix');
    assert.deepEqual(j.checks.filter((c: any) => c.code === 'EXTERNAL_ADDRESS_SITE').map((c: any) => c.changeIds), [['siteDefaults/externalIp4Address'], ['siteDefaults/externalIp4Address']]);
    assert.equal(json(plan(state(), desired())).config.redirection, undefined);
  });

  test("a site's own drifting value: one change at the site, read field by field and as JSON, and one write for two sites of one name", () => {
    // IIS refuses a file with two sites of one name; were one read anyway, the planner must still write each value once.
    const own = { externalIp4Address: loc('10.0.0.9', 12) };
    const p = plan(fixedState({ ftpSites: [site("Shop's FTP", { id: 7, ...own }), site('B', own), site('B', own)] }), desired());
    const expected = [
      { id: "site:Shop's FTP/externalIp4Address", filter: 'system.applicationHost/sites/site[@name="Shop\'s FTP"]/ftpServer/firewallSupport', name: 'externalIp4Address', value: '203.0.113.10', current: '10.0.0.9', site: "Shop's FTP", scope: 'site', requiresRestart: true, pspath: 'MACHINE/WEBROOT/APPHOST' },
      { id: 'site:B/externalIp4Address', filter: "system.applicationHost/sites/site[@name='B']/ftpServer/firewallSupport", name: 'externalIp4Address', value: '203.0.113.10', current: '10.0.0.9', site: 'B', scope: 'site', requiresRestart: true, pspath: 'MACHINE/WEBROOT/APPHOST' },
    ];
    // Field by field (what apply and the renderers read), and as saved plans hold it (the same keys, in this order).
    assert.deepEqual(p.changes.map((c) => ({ id: c.id, filter: c.filter, name: c.name, value: c.value, current: c.current, site: c.site, scope: c.scope, requiresRestart: c.requiresRestart, pspath: c.pspath })), expected);
    assert.deepEqual(p.changes.map((c) => Object.keys(json(c))), expected.map((c) => Object.keys(c)));
    assert.deepEqual(json(p).changes, expected);
    const fixes = p.checks.filter((c) => c.code === 'EXTERNAL_ADDRESS_SITE').map((c) => c.changeIds);
    assert.deepEqual(fixes, [["site:Shop's FTP/externalIp4Address"], ['site:B/externalIp4Address'], ['site:B/externalIp4Address']]);
  });

  test('counts and findings agree with the built checks', () => {
    const s = fixedState({ ftpSites: [site('A'), site('B', { externalIp4Address: loc('10.0.0.1') }), site('C', { ftpBindings: [] })] });
    const p = plan(s, desired());
    assert.deepEqual(countPlanChecks(p), { total: 9, ok: 7, drift: 1, warning: 1, error: 0 });
    assert.deepEqual(planFindings(p).map((c) => `${c.code}:${c.site}`), ['EXTERNAL_ADDRESS_SITE:B', 'IMPLICIT_FTPS_BINDING:C']);
    assert.equal(p.checks.length, 9);
  });

  test('apply mode makes an unknown site an error; audit a warning', () => {
    const s = fixedState();
    assert.equal(json(plan(s, desired({ sites: { Zzzzzzzzzzzz: {} } }), 'apply')).checks.find((c: any) => c.code === 'UNKNOWN_SITE').status, 'error');
    assert.equal(json(plan(s, desired({ sites: { Zzzzzzzzzzzz: {} } }), 'audit')).checks.find((c: any) => c.code === 'UNKNOWN_SITE').status, 'warning');
  });
});
