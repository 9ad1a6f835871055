import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIisConfig } from '../../../src/config/read-config.js';
import { sha256 } from '../../../src/core/hash.js';
import { fixture } from '../../support/paths.js';
import { placeIn } from './find-place.js';

const VIP = '203.0.113.10';
const CERT = '3F1A9C0E5B7D2468ACE013579BDF2468ACE01357';

describe('readIisConfig on the fixtures', () => {
  test('broken-backend: FTPS Site on 990 with a certificate, no port range, no external address anywhere', () => {
    const file = fixture('broken-backend', 'applicationHost.config');
    const s = readIisConfig(file);
    assert.deepEqual(s.firewallSupport, {});
    assert.equal(s.siteDefaults.externalIp4Address, undefined);
    assert.equal(s.siteDefaults.ssl.controlChannelPolicy?.value, 'SslAllow');
    assert.deepEqual(s.allSiteNames, ['Default Web Site', 'FTPS Site']);
    assert.equal(s.ftpSites.length, 1);
    const site = s.ftpSites[0]!;
    assert.equal(site.name, 'FTPS Site');
    assert.equal(site.id, 2);
    assert.deepEqual(site.ftpBindings, [{ bindingInformation: '*:990:', ip: '*', port: 990, host: '' }]);
    assert.equal(site.externalIp4Address, undefined);
    assert.equal(site.ssl.serverCertHash?.value, CERT);
    assert.equal(site.ssl.serverCertStoreName?.value, 'My');
    assert.equal(site.ssl.controlChannelPolicy?.value, 'SslRequire');
    assert.equal(site.ssl.dataChannelPolicy?.value, 'SslRequire');
    assert.deepEqual(site.at, { file, ...placeIn(file, '<site name="FTPS Site"') });
    assert.deepEqual(site.ssl.serverCertHash?.at, { file, ...placeIn(file, 'serverCertHash=') });
    assert.deepEqual(s.misplaced, []);
    assert.deepEqual(s.origin, { requestedFile: file, configFile: file, filesRead: [file], contentHash: sha256(readFileSync(file)) });
  });

  test('fixed-backend: range 50000-50099 and the VIP at siteDefaults, located where they are written', () => {
    const file = fixture('fixed-backend', 'applicationHost.config');
    const s = readIisConfig(file);
    assert.deepEqual(s.firewallSupport.lowDataChannelPort, { value: 50000, at: { file, ...placeIn(file, 'lowDataChannelPort=') } });
    assert.deepEqual(s.firewallSupport.highDataChannelPort, { value: 50099, at: { file, ...placeIn(file, 'highDataChannelPort=') } });
    assert.deepEqual(s.siteDefaults.externalIp4Address, { value: VIP, at: { file, ...placeIn(file, 'externalIp4Address=') } });
    assert.equal(s.ftpSites[0]!.externalIp4Address, undefined);
    assert.equal(s.siteDefaults.ssl.dataChannelPolicy?.value, 'SslRequire');
  });

  test('site-override-backend-address: the site keeps its own (backend) address', () => {
    const file = fixture('site-override-backend-address', 'applicationHost.config');
    const s = readIisConfig(file);
    assert.equal(s.siteDefaults.externalIp4Address?.value, VIP);
    assert.deepEqual(s.ftpSites[0]!.externalIp4Address, { value: '10.0.1.11', at: { file, ...placeIn(file, 'externalIp4Address="10.0.1.11"') } });
  });

  test('fqdn-instead-of-address and ephemeral-range are read as written (judging them is the planner\'s job)', () => {
    assert.equal(readIisConfig(fixture('fqdn-instead-of-address', 'applicationHost.config')).siteDefaults.externalIp4Address?.value, 'ftp.example.com');
    const e = readIisConfig(fixture('ephemeral-range', 'applicationHost.config'));
    assert.equal(e.firewallSupport.lowDataChannelPort?.value, 0);
    assert.equal(e.firewallSupport.highDataChannelPort?.value, 0);
  });

  test('misplaced-attribute: externalIp4Address on system.ftpServer/firewallSupport is reported, not used', () => {
    const file = fixture('misplaced-attribute', 'applicationHost.config');
    const s = readIisConfig(file);
    assert.equal(s.siteDefaults.externalIp4Address, undefined);
    assert.equal(s.firewallSupport.lowDataChannelPort?.value, 50000);
    assert.equal(s.misplaced.length, 1);
    const m = s.misplaced[0]!;
    assert.equal(m.element, 'system.ftpServer/firewallSupport');
    assert.equal(m.attribute, 'externalIp4Address');
    assert.equal(m.value, VIP);
    assert.deepEqual(m.at, { file, ...placeIn(file, 'externalIp4Address=') });
    assert.match(m.belongs, /system\.applicationHost\/sites\/siteDefaults\/ftpServer\/firewallSupport/);
    assert.match(m.belongs, /ignores/);
  });

  test('misplaced-child-elements: the guide\'s <externalIp4Address value=...> children are each reported', () => {
    const file = fixture('misplaced-child-elements', 'applicationHost.config');
    const s = readIisConfig(file);
    assert.deepEqual(s.firewallSupport, {});
    assert.deepEqual(s.misplaced.map((m) => [m.element, m.attribute, m.value]), [
      // Reported under the setting the author meant (the XML attribute itself is `value`).
      ['system.ftpServer/firewallSupport/externalIp4Address', 'externalIp4Address', VIP],
      ['system.ftpServer/firewallSupport/lowDataChannelPort', 'lowDataChannelPort', '50000'],
      ['system.ftpServer/firewallSupport/highDataChannelPort', 'highDataChannelPort', '50099'],
    ]);
    assert.match(s.misplaced[0]!.belongs, /siteDefaults\/ftpServer\/firewallSupport/);
    assert.match(s.misplaced[1]!.belongs, /lowDataChannelPort attribute on system\.ftpServer\/firewallSupport itself/);
    assert.deepEqual(s.misplaced[0]!.at, { file, ...placeIn(file, 'value="203.0.113.10"') });
  });

  test('configsource-split: sites and firewallSupport come from their configSource files, in read order', () => {
    const main = fixture('configsource-split', 'applicationHost.config');
    const sites = fixture('configsource-split', 'sites.config');
    const fw = fixture('configsource-split', 'config', 'ftpFirewall.config');
    const s = readIisConfig(main);
    assert.deepEqual(s.origin.filesRead, [main, sites, fw]);
    assert.equal(s.origin.contentHash, sha256(readFileSync(main), readFileSync(sites), readFileSync(fw)));
    assert.deepEqual(s.firewallSupport.lowDataChannelPort, { value: 50000, at: { file: fw, line: 2, column: 18 } });
    assert.equal(s.siteDefaults.externalIp4Address?.at.file, sites);
    assert.deepEqual(s.ftpSites[0]!.at, { file: sites, ...placeIn(sites, '<site name="FTPS Site"') });
    assert.deepEqual(s.allSiteNames, ['Default Web Site', 'FTPS Site']);
  });

  test('configsource-split: editing only a configSource file changes the content hash', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'iishash-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(fixture('configsource-split'), dir, { recursive: true });
    const main = join(dir, 'applicationHost.config');
    const before = readIisConfig(main);
    const fw = join(dir, 'config', 'ftpFirewall.config');
    writeFileSync(fw, readFileSync(fw, 'utf8').replace('50099', '50199'));
    const after = readIisConfig(main);
    assert.notEqual(after.origin.contentHash, before.origin.contentHash);
    assert.equal(after.firewallSupport.highDataChannelPort?.value, 50199);
    writeFileSync(join(dir, 'sites.config'), readFileSync(join(dir, 'sites.config'), 'utf8').replace('<sites>', '<sites>\n'));
    assert.notEqual(readIisConfig(main).origin.contentHash, after.origin.contentHash, 'whitespace in sites.config counts too');
  });

  test('shared-config: redirection.config sends the read to shared/, and the stale local file is ignored', () => {
    const local = fixture('shared-config', 'applicationHost.config');
    const redirection = fixture('shared-config', 'redirection.config');
    const shared = fixture('shared-config', 'shared', 'applicationHost.config');
    const s = readIisConfig(local);
    assert.equal(s.origin.requestedFile, local);
    assert.equal(s.origin.configFile, shared);
    assert.deepEqual(s.origin.redirection, { redirectionConfig: redirection, path: 'shared' });
    assert.deepEqual(s.origin.filesRead, [redirection, shared]);
    assert.equal(s.origin.contentHash, sha256(readFileSync(redirection), readFileSync(shared)));
    // The local copy is the broken backend: reading it would give no port range.
    assert.equal(s.firewallSupport.lowDataChannelPort?.value, 50000);
    assert.equal(s.siteDefaults.externalIp4Address?.value, VIP);
    assert.equal(s.ftpSites[0]!.at.file, shared);
  });

  test('redirection-disabled: a redirection.config with enabled="false" is read (and hashed) but not followed', () => {
    const local = fixture('redirection-disabled', 'applicationHost.config');
    const s = readIisConfig(local);
    assert.equal(s.origin.configFile, local);
    assert.equal(s.origin.redirection, undefined);
    assert.deepEqual(s.origin.filesRead, [fixture('redirection-disabled', 'redirection.config'), local]);
  });

  test('multi-site: names verbatim whatever they contain, FTP sites only, enum numbers as names', () => {
    const s = readIisConfig(fixture('multi-site', 'applicationHost.config'));
    assert.deepEqual(s.allSiteNames, ['Default Web Site', 'Partner FTP', `Tom & Jerry's "Files"`, 'Payroll $(Get-Date) drop', 'Back`tick; semi;colon',
      'Données clients – Zürich ☃ 東京', 'Intranet', 'Legacy Explicit FTP', 'Web And FTP']);
    assert.deepEqual(s.ftpSites.map((x) => x.name), ['Partner FTP', `Tom & Jerry's "Files"`, 'Payroll $(Get-Date) drop', 'Back`tick; semi;colon',
      'Données clients – Zürich ☃ 東京', 'Legacy Explicit FTP', 'Web And FTP']);
    const by = new Map(s.ftpSites.map((x) => [x.name, x]));
    assert.equal(by.get('Partner FTP')!.externalIp4Address?.value, '198.51.100.7');
    assert.deepEqual(by.get('Back`tick; semi;colon')!.ftpBindings[0], { bindingInformation: '[2001:db8::11]:990:', ip: '[2001:db8::11]', port: 990, host: '' });
    assert.deepEqual(by.get('Données clients – Zürich ☃ 東京')!.ftpBindings[0], { bindingInformation: '10.0.1.13:990:ftp.example.com', ip: '10.0.1.13', port: 990, host: 'ftp.example.com' });
    const legacy = by.get('Legacy Explicit FTP')!;
    assert.equal(legacy.ftpBindings[0]!.port, 21);
    assert.equal(legacy.ssl.controlChannelPolicy?.value, 'SslAllow');
    assert.equal(legacy.ssl.dataChannelPolicy?.value, 'SslAllow');
    const both = by.get('Web And FTP')!;
    assert.deepEqual(both.ftpBindings.map((b) => b.bindingInformation), ['*:2121:']);
    assert.equal(both.ssl.controlChannelPolicy?.value, 'SslRequire');
    assert.equal(both.ssl.ssl128?.value, true);
  });

  /** The facts read from `file`, with its own path replaced, so two files' facts compare equal. */
  const strip = (file: string) => {
    const s = readIisConfig(file);
    return JSON.parse(JSON.stringify({ ...s, origin: undefined }).split(JSON.stringify(file).slice(1, -1)).join('F'));
  };

  test('crlf-bom, utf16le-bom and UTF-16 BE: the same facts as fixed-backend, at the same lines and columns', () => {
    const fixed = strip(fixture('fixed-backend', 'applicationHost.config'));
    assert.deepEqual(strip(fixture('crlf-bom', 'applicationHost.config')), fixed);
    assert.deepEqual(strip(fixture('utf16le-bom', 'applicationHost.config')), fixed);
    // UTF-16 big-endian: the same text with each code unit's bytes swapped, after an FE FF mark.
    const be = Buffer.from(readFileSync(fixture('utf16le-bom', 'applicationHost.config')));
    be.swap16();
    const dir = mkdtempSync(join(tmpdir(), 'iisbe-'));
    try {
      writeFileSync(join(dir, 'applicationHost.config'), be);
      assert.deepEqual(be.subarray(0, 2), Buffer.from([0xfe, 0xff]));
      assert.deepEqual(strip(join(dir, 'applicationHost.config')), fixed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(readFileSync(fixture('crlf-bom', 'applicationHost.config')).subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
    assert.ok(readFileSync(fixture('crlf-bom', 'applicationHost.config'), 'utf8').includes('\r\n'));
  });

  test('UTF-16 saved without a byte-order mark (LE and BE): detected from the NUL pattern, the same facts', () => {
    const fixed = strip(fixture('fixed-backend', 'applicationHost.config'));
    const le = Buffer.from(readFileSync(fixture('utf16le-bom', 'applicationHost.config'))).subarray(2);
    const be = Buffer.from(le);
    be.swap16();
    const dir = mkdtempSync(join(tmpdir(), 'iis16-'));
    try {
      for (const [name, bytes] of [['le.config', le], ['be.config', be]] as const) {
        assert.notEqual(bytes[0], 0xff);
        assert.notEqual(bytes[0], 0xfe);
        writeFileSync(join(dir, name), bytes);
        assert.deepEqual(strip(join(dir, name)), fixed, name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
