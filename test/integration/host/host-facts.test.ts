import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { callAgent, makeCertificate, newScenario, type Scenario, type NetSecurityScenario, type HostFactsScenario } from './host-doubles.js';
import { parseHostFacts } from '../../../src/host/parse-host-facts.js';
import { planHostChecks } from '../../../src/host/plan-host-checks.js';
import { fixedState, desired, loc } from '../../support/state-builder.js';
import type { HostFacts } from '../../../src/host/host-facts.js';
import { TEST_NOW } from '../../support/clock.js';

const ALL = { firewall: true, service: true, tls: true };
const STARTED = '2026-01-10T08:00:00Z';

const net: NetSecurityScenario = {
  rules: [
    { Name: 'IIS-WebServerRole-FTP-Secure-In-TCP', DisplayName: 'FTP Server Secure (FTP SSL Traffic-In)', Group: '@%windir%\\system32\\icsvc.dll,-1', Enabled: 'True', Action: 'Allow',
      Profile: 'Any', Protocol: 'TCP', LocalPort: ['990'], Program: '%windir%\\system32\\svchost.exe', Service: 'ftpsvc' },
    { Name: 'Passive-Domain', DisplayName: 'FTPS passive', Enabled: 'True', Action: 'Allow', Profile: 'Domain, Private', Protocol: 'TCP', LocalPort: ['50000-50049', '50050-50099'], RemoteAddress: ['10.0.0.0/8'] },
    { Name: 'Old', DisplayName: 'Old passive', Enabled: 'False', Action: 'Allow', Profile: 'Any', Protocol: 'TCP', LocalPort: ['50000-50099'] },
    { Name: 'DNS', Protocol: 'UDP', LocalPort: ['53'] },
    { Name: 'GPO-Block', DisplayName: 'Block telnet', Enabled: 'True', Action: 'Block', Profile: 'Public', Protocol: 'TCP', LocalPort: ['23'], PolicyStoreSource: 'corp GPO' },
  ],
  profiles: [{ Name: 'Domain', Enabled: 'True', DefaultInboundAction: 'NotConfigured' }, { Name: 'Private', Enabled: 'True', DefaultInboundAction: 'Block' }, { Name: 'Public', Enabled: 'False', DefaultInboundAction: 'Block' }],
  setting: { EnableStatefulFtp: 'NotConfigured' },
};

const host: HostFactsScenario = {
  os: { Caption: 'Microsoft Windows Server 2022 Standard', Version: '10.0.20348', BuildNumber: '20348', ProductType: 3 },
  service: { State: 'Running', StartMode: 'Auto', ProcessId: 4242, DelayedAutoStart: false, StartedAt: STARTED },
  registry: { 'TLS 1.0': { Enabled: 0, DisabledByDefault: 1 }, 'TLS 1.2': { Enabled: 4294967295 }, 'TLS 1.3': {} },
  networkCategories: ['DomainAuthenticated'],
};

describe('Get-FtpsHostFacts in real pwsh against the doubles', () => {
  let s: Scenario;
  let thumb: string;
  let facts: HostFacts;
  let raw: Record<string, unknown>;
  before(() => {
    s = newScenario(net, host);
    thumb = makeCertificate(s, { dns: ['ftp.example.com', '*.vip.example.com'], ips: ['203.0.113.10'] });
    raw = callAgent(s, 'Get-FtpsHostFacts', { certificates: [{ storeName: 'My', thumbprint: thumb }, { storeName: 'WebHosting', thumbprint: 'AB12' }], ...ALL }) as Record<string, unknown>;
    facts = parseHostFacts(raw);
  });

  test('one JSON object with every fact group and no errors', () => {
    assert.deepEqual(Object.keys(raw), ['collectedAt', 'computerName', 'os', 'certificates', 'firewall', 'service', 'tls', 'errors']);
    assert.deepEqual(facts.errors, []);
    assert.deepEqual(facts.os, { caption: 'Microsoft Windows Server 2022 Standard', version: '10.0.20348', buildNumber: 20348, productType: 3 });
  });

  test('certificates: found in a case-insensitive store with names, dates, key and raw bytes; absent ones reported', () => {
    const [c, missing] = facts.certificates;
    assert.equal(c?.found, true);
    assert.equal(c?.hasPrivateKey, true);
    assert.deepEqual(c?.dnsNameList, ['ftp.example.com', '*.vip.example.com']);
    assert.match(c?.notAfter ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok((c?.rawDataBase64 ?? '').length > 500);
    assert.deepEqual(missing, { storeName: 'WebHosting', thumbprint: 'AB12', found: false });
  });

  test('firewall: inbound TCP rules joined with their filters, enums as names, lists kept as arrays', () => {
    const fw = facts.firewall!;
    assert.deepEqual(fw.rules.map((r) => r.name), ['IIS-WebServerRole-FTP-Secure-In-TCP', 'Passive-Domain', 'Old', 'GPO-Block']);
    const [secure, passive, old, gpo] = fw.rules;
    assert.deepEqual(raw.firewall && (raw.firewall as { rules: { localPort: unknown }[] }).rules[0]?.localPort, ['990']);
    assert.deepEqual([secure?.enabled, secure?.action, secure?.profile, secure?.service, secure?.program], ['True', 'Allow', 'Any', 'ftpsvc', '%windir%\\system32\\svchost.exe']);
    assert.deepEqual([passive?.profile, passive?.localPort, passive?.remoteAddress], ['Domain, Private', ['50000-50049', '50050-50099'], ['10.0.0.0/8']]);
    assert.equal(old?.enabled, 'False');
    assert.deepEqual([gpo?.action, gpo?.policyStoreSource], ['Block', 'corp GPO']);
    assert.deepEqual(fw.profiles.map((p) => `${p.name}:${p.enabled}:${p.defaultInboundAction}`), ['Domain:True:NotConfigured', 'Private:True:Block', 'Public:False:Block']);
    assert.deepEqual(fw.activeNetworkCategories, ['DomainAuthenticated']);
    assert.equal(fw.enableStatefulFtp, 'NotConfigured');
  });

  test('service: state, start mode, process start time in UTC', () => {
    assert.deepEqual(facts.service, { installed: true, state: 'Running', startMode: 'Auto', delayedAutoStart: false, processId: 4242, processStartTime: '2026-01-10T08:00:00.0000000Z' });
  });

  test('SCHANNEL: absent keys, empty keys, 0xFFFFFFFF read as -1', () => {
    assert.deepEqual(facts.tls, [
      { protocol: 'TLS 1.0', keyExists: true, enabled: 0, disabledByDefault: 1 },
      { protocol: 'TLS 1.1', keyExists: false, enabled: null, disabledByDefault: null },
      { protocol: 'TLS 1.2', keyExists: true, enabled: -1, disabledByDefault: null },
      { protocol: 'TLS 1.3', keyExists: true, enabled: null, disabledByDefault: null },
    ]);
  });

  test('the TypeScript decisions on these facts', () => {
    const state = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc(thumb) } } });
    const r = planHostChecks({ facts, state, desired: desired({ certificate: { dnsName: 'ftps.vip.example.com', thumbprint: thumb } }).desired, restart: 'on-change', now: TEST_NOW,
      evidence: { configWrittenAt: new Date('2026-01-09T00:00:00Z') } });
    const by = Object.fromEntries(r.checks.map((c) => [`${c.hostCheck}${c.hostCheck === 'TLS_PROTOCOL' ? ` ${c.setting}` : ''}`, c.status]));
    assert.deepEqual(by, {
      CERT_PRIVATE_KEY: 'ok', CERT_VALIDITY: 'ok', CERT_NAME: 'ok', CERT_THUMBPRINT: 'ok',
      FIREWALL_INBOUND: 'ok', FIREWALL_STATEFUL_FTP: 'ok', DYNAMIC_PORT_RANGE: 'warning',
      SERVICE_INSTALLED: 'ok', SERVICE_START_MODE: 'ok', SERVICE_RUNNING: 'ok', SERVICE_RESTART_PENDING: 'ok',
      'TLS_PROTOCOL TLS 1.0': 'ok', 'TLS_PROTOCOL TLS 1.1': 'warning', 'TLS_PROTOCOL TLS 1.2': 'ok', 'TLS_PROTOCOL TLS 1.3': 'ok',
    });
    assert.match(r.checks.find((c) => c.hostCheck === 'FIREWALL_INBOUND')!.message, /only from 10\.0\.0\.0\/8/);
  });
});

describe('Get-FtpsHostFacts when the host lacks things', () => {
  test('no NetSecurity module: the firewall fact is an error, the others still answer', () => {
    const s = newScenario(net, { ...host, service: null, registry: {} });
    const facts = parseHostFacts(callAgent(s, 'Get-FtpsHostFacts', { certificates: [], ...ALL }, false));
    assert.equal(facts.firewall, null);
    assert.equal(facts.errors.length, 1);
    assert.equal(facts.errors[0]?.fact, 'firewall');
    assert.match(facts.errors[0]?.message ?? '', /Get-NetFirewall\w+/);
    assert.deepEqual(facts.service, { installed: false });
    assert.ok(facts.tls?.every((t) => !t.keyExists));
    const r = planHostChecks({ facts, state: fixedState(), desired: desired().desired, restart: 'on-change', now: TEST_NOW, evidence: {} });
    assert.deepEqual(r.checks.filter((c) => c.status === 'error').map((c) => c.hostCheck), ['FACTS_UNAVAILABLE', 'CERT_CONFIGURED', 'SERVICE_INSTALLED']);
  });

  test('a certificate without its private key, and an expired one', () => {
    const s = newScenario(net, host);
    const noKey = makeCertificate(s, { dns: ['ftp.example.com'], noPrivateKey: true });
    const expired = makeCertificate(s, { store: 'WebHosting', dns: ['ftp.example.com'], notBeforeDays: -400, notAfterDays: -1 });
    const facts = parseHostFacts(callAgent(s, 'Get-FtpsHostFacts', { certificates: [{ storeName: 'MY', thumbprint: noKey }, { storeName: 'WebHosting', thumbprint: expired }], firewall: false, service: false, tls: false }));
    assert.deepEqual(facts.certificates.map((c) => [c.found, c.hasPrivateKey]), [[true, false], [true, true]]);
    assert.equal(facts.firewall, null);
    assert.equal(facts.service, null);
    assert.equal(facts.tls, null);
    const state = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc(noKey) } } });
    const r1 = planHostChecks({ facts, state, desired: desired().desired, restart: 'on-change', now: TEST_NOW, evidence: {} });
    assert.equal(r1.checks.find((c) => c.hostCheck === 'CERT_PRIVATE_KEY')?.status, 'error');
    const state2 = fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { serverCertHash: loc(expired), serverCertStoreName: loc('WebHosting') } } });
    const r2 = planHostChecks({ facts, state: state2, desired: desired().desired, restart: 'on-change', now: TEST_NOW, evidence: {} });
    assert.equal(r2.checks.find((c) => c.hostCheck === 'CERT_VALIDITY')?.status, 'error');
  });
});
