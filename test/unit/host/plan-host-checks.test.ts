import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fixedState, desired, loc, site } from '../../support/state-builder.js';
import { hostFactsRequest, needsHostFacts, planHostChecks, withHostChecks } from '../../../src/host/plan-host-checks.js';
import type { HostFacts } from '../../../src/host/host-facts.js';
import type { Plan } from '../../../src/core/plan.js';

const NOW = new Date('2030-06-01T12:00:00Z');

function facts(extra: Partial<HostFacts> = {}): HostFacts {
  return {
    collectedAt: NOW.toISOString(),
    computerName: 'BE1',
    os: { caption: 'Microsoft Windows Server 2022 Standard', version: '10.0.20348', buildNumber: 20348, productType: 3 },
    certificates: [{ storeName: 'MY', thumbprint: 'AABB', found: true, hasPrivateKey: true, notBefore: '2030-01-01T00:00:00Z', notAfter: '2031-01-01T00:00:00Z', dnsNameList: ['ftp.example.com'] }],
    firewall: {
      rules: [{ name: 'r1', displayName: 'FTPS', group: null, enabled: 'True', action: 'Allow', profile: 'Any', protocol: 'TCP', localPort: ['990', '50000-50099'], program: 'Any', service: 'Any', remoteAddress: ['Any'], policyStoreSource: 'PersistentStore' }],
      profiles: [], activeNetworkCategories: null, enableStatefulFtp: 'False',
    },
    service: { installed: true, state: 'Running', startMode: 'Auto', processStartTime: '2030-06-01T10:00:00Z' },
    tls: [{ protocol: 'TLS 1.0', keyExists: true, enabled: 0, disabledByDefault: 1 }, { protocol: 'TLS 1.1', keyExists: true, enabled: 0, disabledByDefault: 1 }],
    errors: [],
    ...extra,
  };
}

const st = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc('AABB') } } });

describe('needsHostFacts', () => {
  test('only with --host or a host section', () => {
    assert.equal(needsHostFacts(desired().desired, false), false);
    assert.equal(needsHostFacts(desired().desired, undefined), false);
    assert.equal(needsHostFacts(desired().desired, true), true);
    assert.equal(needsHostFacts(desired({ certificate: { dnsName: 'ftp.example.com' } }).desired, false), true);
    assert.equal(needsHostFacts(desired({ windowsFirewall: { ensureInboundRule: true } }).desired, false), true);
  });
});

describe('hostFactsRequest', () => {
  test('each certificate once, whatever the number of sites naming it', () => {
    const s = fixedState({ siteDefaults: { ssl: { serverCertHash: loc('aa bb') } }, ftpSites: [site('A'), site('B'), site('C', { ssl: { serverCertHash: loc('CC'), serverCertStoreName: loc('WebHosting') } })] });
    assert.deepEqual(hostFactsRequest(s, desired().desired), { certificates: [{ storeName: 'MY', thumbprint: 'AABB' }, { storeName: 'WebHosting', thumbprint: 'CC' }], firewall: true, service: true, tls: true });
  });
});

describe('planHostChecks', () => {
  test('a healthy host: every check ok, nothing to do', () => {
    const r = planHostChecks({ facts: facts(), state: st, desired: desired({ certificate: { dnsName: 'ftp.example.com', thumbprint: 'aabb' } }).desired, restart: 'on-change', now: NOW, evidence: {} });
    assert.deepEqual(r.checks.filter((c) => c.status !== 'ok').map((c) => c.hostCheck), []);
    assert.deepEqual(r.actions, []);
    assert.deepEqual(new Set(r.checks.map((c) => c.hostCheck)), new Set(['CERT_PRIVATE_KEY', 'CERT_VALIDITY', 'CERT_NAME', 'CERT_THUMBPRINT', 'FIREWALL_INBOUND', 'FIREWALL_STATEFUL_FTP', 'DYNAMIC_PORT_RANGE', 'SERVICE_INSTALLED', 'SERVICE_START_MODE', 'SERVICE_RUNNING', 'SERVICE_RESTART_PENDING', 'TLS_PROTOCOL']));
  });
  test('facts the host could not read become errors; missing groups are skipped', () => {
    const r = planHostChecks({ facts: facts({ firewall: null, errors: [{ fact: 'firewall', message: "The term 'Get-NetFirewallRule' is not recognized" }] }), state: st, desired: desired().desired, restart: 'on-change', now: NOW, evidence: {} });
    const c = r.checks.find((x) => x.hostCheck === 'FACTS_UNAVAILABLE')!;
    assert.equal(c.status, 'error');
    assert.match(c.message, /"firewall" could not be read: The term 'Get-NetFirewallRule'/);
    assert.equal(r.checks.some((x) => x.hostCheck === 'FIREWALL_INBOUND'), false);
  });
  test('fixable findings produce host actions, and the plan becomes non-compliant', () => {
    const f = facts({ firewall: { ...facts().firewall!, rules: [] } });
    const r = planHostChecks({ facts: f, state: st, desired: desired({ windowsFirewall: { ensureInboundRule: true } }).desired, restart: 'on-change', now: NOW,
      evidence: { firewallChangedAt: { at: new Date('2030-06-01T11:00:00Z'), source: 'history' } } });
    assert.deepEqual(r.actions.map((a) => a.kind), ['ensure-firewall-rule', 'restart-ftpsvc']);
    const plan = { checks: [], changes: [], compliant: true } as unknown as Plan;
    const p = withHostChecks(plan, r);
    assert.equal(p.compliant, false);
    assert.deepEqual(p.hostActions?.map((a) => a.id), ['host:firewall-rule', 'host:restart-ftpsvc']);
  });
  test('warnings alone keep the plan compliant', () => {
    const r = planHostChecks({ facts: facts({ tls: [] }), state: st, desired: desired().desired, restart: 'on-change', now: NOW, evidence: {} });
    assert.ok(r.checks.some((c) => c.status === 'warning'));
    assert.equal(withHostChecks({ checks: [], changes: [], compliant: true } as unknown as Plan, r).compliant, true);
  });
});
