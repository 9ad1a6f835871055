import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEntities } from '../../../src/config/entities.js';
import { CONTROL_CHANNEL_POLICIES, DATA_CHANNEL_POLICIES, enumName, parseBindingInformation, parseBool, ValueProblem } from '../../../src/config/values.js';
import { resolveIisPath } from '../../../src/config/config-files.js';
import { readIisConfig } from '../../../src/config/read-config.js';

describe('entity decoding', () => {
  test('the five predefined entities and numeric references', () => {
    assert.deepEqual(decodeEntities('Tom &amp; Jerry&apos;s &quot;Files&quot; &lt;1&gt; &#36;(x) &#x60;y&#X60; &#x1F600;'),
      { ok: true, value: `Tom & Jerry's "Files" <1> $(x) \`y\` 😀` });
  });
  test('text without & is returned as is', () => {
    assert.deepEqual(decodeEntities('plain'), { ok: true, value: 'plain' });
  });
  test('a bare &, an unknown entity and a missing ; are errors at their offset', () => {
    assert.deepEqual(decodeEntities('a & b'), { ok: false, offset: 2, problem: '"& b" is not an XML entity (write a literal & as &amp;)' });
    assert.equal((decodeEntities('x&nbsp;') as { offset: number }).offset, 1);
    assert.equal(decodeEntities('x&amp').ok, false);
    assert.equal(decodeEntities('&#xZZ;').ok, false);
  });
});

describe('enum values: names in any case, or numbers (DOMAIN.md mapping)', () => {
  test('controlChannelPolicy', () => {
    assert.deepEqual(['0', '1', '2'].map((v) => enumName(v, CONTROL_CHANNEL_POLICIES)), ['SslAllow', 'SslRequire', 'SslRequireCredentialsOnly']);
    assert.equal(enumName('sslrequirecredentialsonly', CONTROL_CHANNEL_POLICIES), 'SslRequireCredentialsOnly');
  });
  test('dataChannelPolicy', () => {
    assert.deepEqual(['0', '1', '2'].map((v) => enumName(v, DATA_CHANNEL_POLICIES)), ['SslAllow', 'SslRequire', 'SslDeny']);
    assert.equal(enumName(' SSLDENY ', DATA_CHANNEL_POLICIES), 'SslDeny');
  });
  test('unknown values are kept verbatim for the planner to report', () => {
    assert.equal(enumName('7', DATA_CHANNEL_POLICIES), '7');
    assert.equal(enumName('SslMaybe', DATA_CHANNEL_POLICIES), 'SslMaybe');
  });
  test('booleans', () => {
    assert.equal(parseBool('True', 'ssl128'), true);
    assert.equal(parseBool('false', 'ssl128'), false);
    assert.throws(() => parseBool('yes', 'ssl128'), ValueProblem);
  });
});

describe('bindingInformation', () => {
  test('ip:port:host in its forms', () => {
    assert.deepEqual(parseBindingInformation('*:990:'), { bindingInformation: '*:990:', ip: '*', port: 990, host: '' });
    assert.deepEqual(parseBindingInformation('10.0.1.11:21:ftp.example.com'), { bindingInformation: '10.0.1.11:21:ftp.example.com', ip: '10.0.1.11', port: 21, host: 'ftp.example.com' });
    assert.deepEqual(parseBindingInformation('[::]:990:'), { bindingInformation: '[::]:990:', ip: '[::]', port: 990, host: '' });
    assert.deepEqual(parseBindingInformation('*:990'), { bindingInformation: '*:990', ip: '*', port: 990, host: '' });
  });
  test('no port, port 0 or above 65535 are problems', () => {
    for (const bad of ['*', '*::', '*:0:', '*:65536:', '*:99x:', '[::1:990:']) assert.throws(() => parseBindingInformation(bad), ValueProblem, bad);
  });
});

describe('IIS paths on this machine', () => {
  test('configSource with backslashes resolves next to the naming file', () => {
    assert.equal(resolveIisPath('config\\ftpFirewall.config', '/srv/iis/applicationHost.config', 'linux'), '/srv/iis/config/ftpFirewall.config');
    assert.equal(resolveIisPath('\\\\server\\share\\config', '/srv/iis/redirection.config', 'linux'), '\\\\server\\share\\config');
  });
  test('on Windows, drive and UNC paths stay as they are', () => {
    assert.equal(resolveIisPath('\\\\server\\share\\config', 'C:\\Windows\\System32\\inetsrv\\config\\redirection.config', 'win32'), '\\\\server\\share\\config');
    assert.equal(resolveIisPath('sites.config', 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config', 'win32'), 'C:\\Windows\\System32\\inetsrv\\config\\sites.config');
  });
});

describe('section structure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iisvalues-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const read = (xml: string) => {
    const f = join(dir, `${Math.random().toString(36).slice(2)}.config`);
    writeFileSync(f, xml);
    return readIisConfig(f);
  };

  test('firewallSupport inside <location path="."> and <location path=""> applies server-wide; other locations do not', () => {
    const s = read(`<configuration>
  <location path="."><system.ftpServer><firewallSupport lowDataChannelPort="50000" /></system.ftpServer></location>
  <location path=""><system.ftpServer><firewallSupport highDataChannelPort="50099" /></system.ftpServer></location>
  <location path="FTPS Site"><system.ftpServer><firewallSupport lowDataChannelPort="1" externalIp4Address="9.9.9.9" /></system.ftpServer></location>
</configuration>`);
    assert.equal(s.firewallSupport.lowDataChannelPort?.value, 50000);
    assert.equal(s.firewallSupport.highDataChannelPort?.value, 50099);
    assert.deepEqual(s.misplaced, []);
  });

  test('comments containing tags, CDATA and processing instructions are skipped', () => {
    const s = read(`<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <!-- <system.ftpServer><firewallSupport lowDataChannelPort="1"/></system.ftpServer> -->
  <![CDATA[ <sites><site name="ghost"/></sites> ]]>
  <?some-tool instruction?>
  <system.applicationHost><sites><site name="real" id="3"><bindings><binding protocol="FTP" bindingInformation="*:990:"/></bindings></site></sites></system.applicationHost>
</configuration>`);
    assert.deepEqual(s.firewallSupport, {});
    assert.deepEqual(s.allSiteNames, ['real']);
    assert.equal(s.ftpSites.length, 1, 'protocol names are matched without regard to case');
  });

  test('port range attributes on siteDefaults or a site are misplaced (the range is server-wide only)', () => {
    const s = read(`<configuration><system.applicationHost><sites>
<site name="A" id="1"><ftpServer><firewallSupport lowDataChannelPort="50000" /></ftpServer></site>
<siteDefaults><ftpServer><firewallSupport highDataChannelPort="50099" /></ftpServer></siteDefaults>
</sites></system.applicationHost></configuration>`);
    assert.deepEqual(s.misplaced.map((m) => [m.element, m.attribute, m.value, m.at.line]), [
      ["system.applicationHost/sites/site[@name='A']/ftpServer/firewallSupport", 'lowDataChannelPort', '50000', 2],
      ['system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport', 'highDataChannelPort', '50099', 3],
    ]);
  });

  test('single-quoted attributes and spaces around = are read', () => {
    const s = read(`<configuration><system.applicationHost><sites><site name = 'Say "hi"' id='4'><bindings><binding protocol='ftp' bindingInformation = '*:21:' /></bindings></site></sites></system.applicationHost></configuration>`);
    assert.equal(s.ftpSites[0]!.name, 'Say "hi"');
    assert.equal(s.ftpSites[0]!.id, 4);
  });

  test('a site without an id has id undefined; a site without a name is an error', () => {
    assert.equal(read('<configuration><system.applicationHost><sites><site name="n"/></sites></system.applicationHost><system.ftpServer /></configuration>').allSiteNames[0], 'n');
    assert.throws(() => read('<configuration><system.applicationHost><sites><site id="1"/></sites></system.applicationHost></configuration>'), /:1:47: a <site> has no name attribute/);
  });
});
