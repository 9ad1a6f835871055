import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planChanges, type PlanMode } from '../../../src/core/planner.js';
import type { IisFtpState } from '../../../src/core/iis-state.js';
import type { LoadedDesiredState } from '../../../src/core/desired-state.js';
import { desired, fixedState, loc, site, state } from '../../support/state-builder.js';

const plan = (s: IisFtpState, d: LoadedDesiredState, mode: PlanMode = 'audit') =>
  planChanges(s, d, { mode, restart: 'on-change', now: new Date('2026-01-01T00:00:00Z'), toolVersion: 'test' });
const notOk = (p: ReturnType<typeof plan>) => p.checks.filter((c) => c.status !== 'ok').map((c) => `${c.code}:${c.status}:${c.site ?? '-'}:${c.setting}`);
const CERT = '3F1A9C0E5B7D2468ACE013579BDF2468ACE01357';
const changes = (p: ReturnType<typeof plan>) => p.changes.map((c) => `${c.filter}@${c.name}=${c.value}`);

describe('planner', () => {
  test('the broken backend: nothing set → range and default address fixed at server and siteDefaults', () => {
    const p = plan(state(), desired());
    assert.equal(p.compliant, false);
    assert.deepEqual(notOk(p), [
      'PORT_RANGE:drift:-:lowDataChannelPort',
      'PORT_RANGE:drift:-:highDataChannelPort',
      'EXTERNAL_ADDRESS_DEFAULT:drift:-:externalIp4Address',
      'EXTERNAL_ADDRESS_SITE:drift:FTPS Site:externalIp4Address',
    ]);
    assert.deepEqual(changes(p), [
      'system.ftpServer/firewallSupport@lowDataChannelPort=50000',
      'system.ftpServer/firewallSupport@highDataChannelPort=50099',
      'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport@externalIp4Address=203.0.113.10',
    ]);
    const siteCheck = p.checks.find((c) => c.code === 'EXTERNAL_ADDRESS_SITE')!;
    assert.deepEqual(siteCheck.changeIds, ['siteDefaults/externalIp4Address'], 'the site is fixed through the default it inherits');
    assert.match(siteCheck.message, /clients will be sent to .* instead of the VIP 203\.0\.113\.10/);
    assert.ok(p.changes.every((c) => c.pspath === 'MACHINE/WEBROOT/APPHOST' && c.requiresRestart));
  });

  test('a compliant backend plans nothing', () => {
    const p = plan(fixedState(), desired());
    assert.equal(p.compliant, true);
    assert.deepEqual(notOk(p), []);
    assert.deepEqual(p.changes, []);
  });

  test("a site's own stale value is fixed at the site, whatever the default says", () => {
    const s = fixedState({ ftpSites: [site('FTPS Site', { externalIp4Address: loc('10.0.1.11', 42) })] });
    const p = plan(s, desired());
    assert.deepEqual(notOk(p), ['EXTERNAL_ADDRESS_SITE:drift:FTPS Site:externalIp4Address']);
    assert.deepEqual(changes(p), ["system.applicationHost/sites/site[@name='FTPS Site']/ftpServer/firewallSupport@externalIp4Address=203.0.113.10"]);
    const c = p.checks.find((x) => x.status === 'drift')!;
    assert.equal(c.inheritedFrom, 'site');
    assert.equal(c.at?.line, 42);
    assert.match(c.message, /clients will be sent to 10\.0\.1\.11 instead of the VIP/);
  });

  test('a per-site desired address is set on that site even when it inherits', () => {
    const s = fixedState({ ftpSites: [site('Partner FTP'), site('Other')] });
    const p = plan(s, desired({ sites: { 'Partner FTP': { externalIp4Address: '198.51.100.7' } } }));
    assert.deepEqual(changes(p), ["system.applicationHost/sites/site[@name='Partner FTP']/ftpServer/firewallSupport@externalIp4Address=198.51.100.7"]);
  });

  test('site names with quotes get a filter that selects them exactly', () => {
    const s = fixedState({
      ftpSites: [
        site("O'Brien", { externalIp4Address: loc('10.0.0.1') }),
        site(`Both ' and "`, { id: 7, externalIp4Address: loc('10.0.0.1') }),
        site(`Both ' and " no id`, { id: undefined, externalIp4Address: loc('10.0.0.1') }),
      ],
    });
    const p = plan(s, desired());
    assert.deepEqual(p.changes.map((c) => c.filter), [
      `system.applicationHost/sites/site[@name="O'Brien"]/ftpServer/firewallSupport`,
      `system.applicationHost/sites/site[@id='7']/ftpServer/firewallSupport`,
    ]);
    const unselectable = p.checks.find((c) => c.site === `Both ' and " no id` && c.code === 'EXTERNAL_ADDRESS_SITE')!;
    assert.equal(unselectable.status, 'error');
    assert.equal(unselectable.fixable, false);
  });

  test('the 0-0 range is drift against a fixed range, and compliant when desired', () => {
    const s = fixedState({ firewallSupport: { lowDataChannelPort: loc(0), highDataChannelPort: loc(0) } });
    const drift = plan(s, desired());
    assert.match(drift.checks[0]!.message, /0-0 \(Windows' dynamic port range \(49152–65535 unless changed with netsh\)\)/);
    assert.equal(plan(s, desired({ lowDataChannelPort: 0, highDataChannelPort: 0 })).compliant, true);
  });

  test('a host name where an address belongs is drift, said so', () => {
    const s = fixedState({ siteDefaults: { externalIp4Address: loc('ftp.example.com'), ssl: {} } });
    const p = plan(s, desired());
    const c = p.checks.find((x) => x.code === 'EXTERNAL_ADDRESS_SITE')!;
    assert.equal(c.status, 'drift');
    assert.match(c.message, /not an IPv4 address/);
  });

  test('the misplaced attribute is an error apply cannot fix', () => {
    const s = fixedState({ misplaced: [{ element: 'system.ftpServer/firewallSupport', attribute: 'externalIp4Address', value: '203.0.113.10', at: { file: 'a', line: 3 }, belongs: 'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport' }] });
    const p = plan(s, desired());
    assert.equal(p.compliant, false);
    assert.deepEqual(notOk(p), ['MISPLACED_ATTRIBUTE:error:-:externalIp4Address']);
    assert.match(p.checks.find((c) => c.status === 'error')!.message, /siteDefaults/);
  });

  test('a desired site the configuration lacks: warning in audit, error in apply; a non-FTP site: warning', () => {
    const s = fixedState({ allSiteNames: ['FTPS Site', 'Default Web Site'] });
    const d = desired({ sites: { Typo: { externalIp4Address: '198.51.100.7' }, 'Default Web Site': {} } });
    assert.deepEqual(notOk(plan(s, d, 'audit')), ['UNKNOWN_SITE:warning:Typo:name', 'NOT_FTP_SITE:warning:Default Web Site:bindings']);
    assert.equal(plan(s, d, 'audit').compliant, true);
    const apply = plan(s, d, 'apply');
    assert.equal(apply.compliant, false);
    assert.ok(notOk(apply).includes('UNKNOWN_SITE:error:Typo:name'));
  });

  test('SSL policy: schema defaults count, defaults fixed once, site overrides fixed at the site', () => {
    const s = fixedState({
      siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { controlChannelPolicy: loc('SslAllow'), serverCertHash: loc(CERT) } },
      ftpSites: [site('A'), site('B', { ssl: { dataChannelPolicy: loc('SslAllow') } })],
    });
    const p = plan(s, desired({ ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' } }));
    assert.deepEqual(changes(p), [
      'system.applicationHost/sites/siteDefaults/ftpServer/security/ssl@controlChannelPolicy=SslRequire',
      "system.applicationHost/sites/site[@name='B']/ftpServer/security/ssl@dataChannelPolicy=SslRequire",
    ]);
    assert.ok(p.changes.every((c) => c.requiresRestart), 'no source says an SSL policy change takes effect without a restart: the safe choice restarts');
    assert.equal(p.checks.filter((c) => c.code === 'SSL_POLICY' && c.status === 'drift').length, 4, 'siteDefaults + A and B control (inherited) + B data');
  });

  describe('no SslRequire without a certificate (issue 14, item 9)', () => {
    const require = { ssl: { controlChannelPolicy: 'SslRequire' as const, dataChannelPolicy: 'SslRequire' as const } };
    const allow = { controlChannelPolicy: loc('SslAllow'), dataChannelPolicy: loc('SslAllow') };

    test('a site with no certificate on the site or siteDefaults: an error naming the site and the fix, no change for it', () => {
      const s = fixedState({ ftpSites: [site('Bare', { ssl: allow })] });
      const p = plan(s, desired(require));
      assert.deepEqual(notOk(p), ['SSL_WITHOUT_CERTIFICATE:error:Bare:controlChannelPolicy', 'SSL_WITHOUT_CERTIFICATE:error:Bare:dataChannelPolicy']);
      assert.ok(p.checks.filter((c) => c.code === 'SSL_WITHOUT_CERTIFICATE').every((c) => !c.fixable && c.changeIds.length === 0));
      assert.deepEqual(changes(p).filter((c) => c.includes("site[@name='Bare']")), []);
      assert.equal(p.compliant, false);
      const msg = p.checks.find((c) => c.code === 'SSL_WITHOUT_CERTIFICATE')!.message;
      assert.match(msg, /Site "Bare" has no certificate/);
      assert.match(msg, /ssl\.serverCertHash in the desired state/);
    });

    test('SslRequireCredentialsOnly needs a certificate too; SslAllow does not', () => {
      const s = fixedState({ ftpSites: [site('Bare', { ssl: allow })] });
      assert.deepEqual(notOk(plan(s, desired({ ssl: { controlChannelPolicy: 'SslRequireCredentialsOnly' } }))), [
        'SSL_POLICY:drift:-:controlChannelPolicy', // siteDefaults: sites with a certificate of their own inherit it
        'SSL_WITHOUT_CERTIFICATE:error:Bare:controlChannelPolicy',
      ]);
      assert.deepEqual(notOk(plan(fixedState({ ftpSites: [site('Bare', { ssl: { controlChannelPolicy: loc('SslRequire') } })] }), desired({ ssl: { controlChannelPolicy: 'SslAllow' } }))), [
        'SSL_POLICY:drift:-:controlChannelPolicy', 'SSL_POLICY:drift:Bare:controlChannelPolicy',
      ]);
    });

    test('the same plan setting the certificate makes SslRequire an ordinary fix', () => {
      const s = fixedState({ ftpSites: [site('Bare', { ssl: allow })] });
      for (const d of [desired({ ssl: { ...require.ssl, serverCertHash: CERT } }), desired({ ...require, sites: { Bare: { ssl: { serverCertHash: CERT } } } })]) {
        const p = plan(s, d);
        assert.ok(!p.checks.some((c) => c.code === 'SSL_WITHOUT_CERTIFICATE'), JSON.stringify(notOk(p)));
        assert.ok(changes(p).includes("system.applicationHost/sites/site[@name='Bare']/ftpServer/security/ssl@controlChannelPolicy=SslRequire"));
      }
    });

    test('a certificate on siteDefaults or on the site itself is enough; only the site without one is an error', () => {
      const withDefault = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc(CERT) } }, ftpSites: [site('Bare', { ssl: allow })] });
      assert.ok(!plan(withDefault, desired(require)).checks.some((c) => c.code === 'SSL_WITHOUT_CERTIFICATE'));
      const mixed = fixedState({ ftpSites: [site('Own', { ssl: { ...allow, serverCertHash: loc(CERT) } }), site('Bare', { ssl: allow })] });
      assert.deepEqual(plan(mixed, desired(require)).checks.filter((c) => c.code === 'SSL_WITHOUT_CERTIFICATE').map((c) => c.site), ['Bare', 'Bare']);
    });
  });

  test('certificate thumbprints compare case-insensitively', () => {
    const s = fixedState({ ftpSites: [site('A', { ssl: { serverCertHash: loc('abcdef0123456789abcdef0123456789abcdef01') } })] });
    const p = plan(s, desired({ sites: { A: { ssl: { serverCertHash: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' } } } }));
    assert.deepEqual(p.changes, []);
  });

  test('a site without a 990 binding is a warning, not drift', () => {
    const s = fixedState({ ftpSites: [site('Explicit', { ftpBindings: [{ bindingInformation: '*:21:', ip: '*', port: 21, host: '' }] })] });
    const p = plan(s, desired());
    assert.deepEqual(notOk(p), ['IMPLICIT_FTPS_BINDING:warning:Explicit:bindings']);
    assert.equal(p.compliant, true);
  });

  test('no FTP sites: server-wide settings still planned, with a warning', () => {
    const p = plan(state({ ftpSites: [] }), desired());
    assert.ok(notOk(p).includes('NO_FTP_SITES:warning:-:bindings'));
    assert.equal(p.changes.length, 3);
  });

  test('the plan records where it came from, for staleness checks', () => {
    const p = plan(state(), desired());
    assert.equal(p.formatVersion, 1);
    assert.equal(p.config.contentHash, 'abc');
    assert.equal(p.desired.contentHash, 'def');
    assert.equal(p.createdAt, '2026-01-01T00:00:00.000Z');
  });
});
