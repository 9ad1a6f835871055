import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { fixedState, loc, site } from '../../support/state-builder.js';
import { defaultHistoryDir, firewallChangeAfter, firewallFingerprint, readConfigHistory } from '../../../src/host/config-history.js';
import { readIisConfig } from '../../../src/config/read-config.js';

const v = (iso: string, fingerprint: string) => ({ writtenAt: new Date(iso), fingerprint });
const START = new Date('2030-06-01T10:00:00Z');

describe('firewallChangeAfter', () => {
  test('a version after the start with other firewall values is the pending change', () => {
    const h = [v('2030-06-01T09:00:00Z', 'A'), v('2030-06-01T11:00:00Z', 'A'), v('2030-06-01T12:00:00Z', 'B')];
    assert.deepEqual(firewallChangeAfter(START, h, v('2030-06-01T12:00:00Z', 'B')), new Date('2030-06-01T12:00:00Z'));
  });
  test('only the current file differs: its write time', () => {
    assert.deepEqual(firewallChangeAfter(START, [v('2030-06-01T09:00:00Z', 'A')], v('2030-06-01T13:00:00Z', 'C')), new Date('2030-06-01T13:00:00Z'));
  });
  test('later writes that left the firewall values alone: no pending change', () => {
    assert.equal(firewallChangeAfter(START, [v('2030-06-01T09:00:00Z', 'A'), v('2030-06-01T11:00:00Z', 'A')], v('2030-06-01T11:00:00Z', 'A')), undefined);
  });
  test('a change before the start was seen by the service', () => {
    assert.equal(firewallChangeAfter(START, [v('2030-06-01T08:00:00Z', 'A'), v('2030-06-01T09:00:00Z', 'B')], v('2030-06-01T09:00:00Z', 'B')), undefined);
  });
  test('no version from before the start: unknown', () => {
    assert.equal(firewallChangeAfter(START, [v('2030-06-01T11:00:00Z', 'A')], v('2030-06-01T11:00:00Z', 'B')), 'unknown');
    assert.equal(firewallChangeAfter(START, [], v('2030-06-01T11:00:00Z', 'B')), 'unknown');
  });
});

describe('firewallFingerprint', () => {
  test('changes with the port range or a site\'s effective address, not with SSL settings', () => {
    const a = fixedState();
    assert.equal(firewallFingerprint(a), firewallFingerprint(fixedState({ siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: { controlChannelPolicy: loc('SslAllow') } } })));
    assert.notEqual(firewallFingerprint(a), firewallFingerprint(fixedState({ firewallSupport: { lowDataChannelPort: loc(50000), highDataChannelPort: loc(50199) } })));
    assert.notEqual(firewallFingerprint(a), firewallFingerprint(fixedState({ ftpSites: [site('FTPS Site', { externalIp4Address: loc('10.0.0.1') })] })));
  });
});

describe('readConfigHistory', () => {
  test('reads CFGHISTORY_* versions with their write times; skips what it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftps-history-'));
    const original = readFileSync(resolve(repoRoot, 'test', 'integration', 'apply', 'fixtures', 'drift', 'applicationHost.config'), 'utf8');
    const put = (name: string, xml: string, iso: string) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'applicationHost.config'), xml);
      utimesSync(join(dir, name, 'applicationHost.config'), new Date(iso), new Date(iso));
    };
    put('CFGHISTORY_0000000001', original, '2030-06-01T09:00:00Z');
    put('CFGHISTORY_0000000002', original.replace('<firewallSupport />', '<firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" />'), '2030-06-01T11:00:00Z');
    put('CFGHISTORY_0000000003', '<not xml', '2030-06-01T11:30:00Z');
    mkdirSync(join(dir, 'unrelated'));
    const versions = readConfigHistory(dir, readIisConfig).sort((a, b) => a.writtenAt.getTime() - b.writtenAt.getTime());
    assert.deepEqual(versions.map((x) => x.writtenAt.toISOString()), ['2030-06-01T09:00:00.000Z', '2030-06-01T11:00:00.000Z']);
    assert.notEqual(versions[0]?.fingerprint, versions[1]?.fingerprint);
    assert.deepEqual(firewallChangeAfter(START, versions, versions[1]!), new Date('2030-06-01T11:00:00Z'));
    assert.deepEqual(readConfigHistory(join(dir, 'missing'), readIisConfig), []);
  });
  test('default folder from SystemDrive', () => {
    assert.match(defaultHistoryDir({ SystemDrive: 'C:' }) ?? '', /inetpub.history$/);
    assert.equal(defaultHistoryDir({}), undefined);
  });
});
