import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkTls, evaluateTls, osTlsDefault, BUILD } from '../../../src/host/tls-checks.js';
import type { TlsProtocolFact } from '../../../src/host/host-facts.js';

const absent = (protocol: string): TlsProtocolFact => ({ protocol, keyExists: false, enabled: null, disabledByDefault: null });
const set = (protocol: string, enabled: number | null, disabledByDefault: number | null): TlsProtocolFact => ({ protocol, keyExists: true, enabled, disabledByDefault });
const os = (buildNumber: number) => ({ caption: 'Microsoft Windows Server', version: `10.0.${buildNumber}`, buildNumber, productType: 3 });

describe('OS defaults', () => {
  test('per Windows Server version', () => {
    assert.deepEqual(osTlsDefault('TLS 1.2', BUILD.server2008R2), { supported: true, enabledByDefault: false });
    assert.deepEqual(osTlsDefault('TLS 1.2', BUILD.server2012), { supported: true, enabledByDefault: true });
    assert.deepEqual(osTlsDefault('TLS 1.3', BUILD.server2019), { supported: false });
    assert.deepEqual(osTlsDefault('TLS 1.3', BUILD.server2022), { supported: true, enabledByDefault: true });
    assert.deepEqual(osTlsDefault('TLS 1.0', BUILD.server2022), { supported: true, enabledByDefault: true });
    assert.deepEqual(osTlsDefault('TLS 1.0', BUILD.server2025), { supported: true, enabledByDefault: false });
    assert.deepEqual(osTlsDefault('TLS 1.1', BUILD.server2025), { supported: true, enabledByDefault: false });
  });
});

describe('evaluateTls (registry semantics)', () => {
  test('absent key: the OS default', () => {
    assert.equal(evaluateTls(absent('TLS 1.2'), 'TLS 1.2', BUILD.server2019).state, 'enabled');
    assert.equal(evaluateTls(absent('TLS 1.2'), 'TLS 1.2', BUILD.server2008R2).state, 'disabled-by-default');
    assert.equal(evaluateTls(undefined, 'TLS 1.2', null).state, 'unknown');
  });
  test('Enabled=0 disables; DisabledByDefault=1 keeps it out of the default set', () => {
    assert.deepEqual(evaluateTls(set('TLS 1.2', 0, null), 'TLS 1.2', BUILD.server2019), { protocol: 'TLS 1.2', state: 'disabled', source: 'registry' });
    assert.equal(evaluateTls(set('TLS 1.2', 1, 1), 'TLS 1.2', BUILD.server2019).state, 'disabled-by-default');
    assert.equal(evaluateTls(set('TLS 1.2', 0, 0), 'TLS 1.2', BUILD.server2019).state, 'disabled');
  });
  test('Enabled=0xFFFFFFFF (read as -1) enables; on 2008 R2 TLS 1.2 needs DisabledByDefault=0 as well', () => {
    assert.equal(evaluateTls(set('TLS 1.2', -1, 0), 'TLS 1.2', BUILD.server2008R2).state, 'enabled');
    assert.equal(evaluateTls(set('TLS 1.2', 1, null), 'TLS 1.2', BUILD.server2008R2).state, 'disabled-by-default');
  });
  test('a protocol the OS lacks stays unsupported whatever the registry says', () => {
    assert.equal(evaluateTls(set('TLS 1.3', 1, 0), 'TLS 1.3', BUILD.server2019).state, 'not-supported');
  });
});

describe('checkTls', () => {
  const statuses = (facts: TlsProtocolFact[], build: number | null) =>
    Object.fromEntries(checkTls(facts, build === null ? null : os(build)).map((c) => [c.setting, c.status]));
  test('Server 2022 defaults: 1.2 and 1.3 ok, 1.0/1.1 reported as enabled (warning)', () => {
    assert.deepEqual(statuses([], BUILD.server2022), { 'TLS 1.0': 'warning', 'TLS 1.1': 'warning', 'TLS 1.2': 'ok', 'TLS 1.3': 'ok' });
  });
  test('hardened Server 2019: 1.0/1.1 off is ok, 1.3 not available is ok', () => {
    assert.deepEqual(statuses([set('TLS 1.0', 0, 1), set('TLS 1.1', 0, 1), set('TLS 1.2', 1, 0)], BUILD.server2019), { 'TLS 1.0': 'ok', 'TLS 1.1': 'ok', 'TLS 1.2': 'ok', 'TLS 1.3': 'ok' });
  });
  test('TLS 1.2 disabled is an error with the registry fix; TLS 1.3 disabled where available warns', () => {
    const checks = checkTls([set('TLS 1.2', 0, null), set('TLS 1.3', 0, null)], os(BUILD.server2022));
    const t12 = checks.find((c) => c.setting === 'TLS 1.2')!;
    assert.equal(t12.status, 'error');
    assert.equal(t12.fixable, false);
    assert.match(t12.message, /Fix: set Enabled=1 and DisabledByDefault=0 under HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1\.2\\Server/);
    assert.equal(checks.find((c) => c.setting === 'TLS 1.3')?.status, 'warning');
  });
  test('unknown OS with nothing set: TLS 1.2 warns rather than guesses', () => {
    assert.equal(statuses([], null)['TLS 1.2'], 'warning');
  });
});
