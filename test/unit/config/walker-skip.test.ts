/**
 * The section walker passes over an element it does not follow by depth
 * (section-walker.ts): everything below it, however deep and whatever it
 * is named, is ignored, and the walk resumes exactly at the element's end
 * tag, so the siblings after it are read in their own context.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIisConfig } from '../../../src/config/read-config.js';

const dir = mkdtempSync(join(tmpdir(), 'iiswalk-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// FTP-shaped content where IIS does not read it: under <location path="Other Site"> and inside a
// site's <application> (several levels deep, with end tags at every level), next to content IIS reads;
// a followed element written self-closing (<ftpServer/>) has no end tag, and the walk goes on after it.
const CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <configSections><sectionGroup name="system.ftpServer"><section name="firewallSupport"/></sectionGroup></configSections>
  <location path="Other Site">
    <system.applicationHost>
      <sites>
        <site name="Hidden" id="9"><bindings><binding protocol="ftp" bindingInformation="*:21:"/></bindings></site>
      </sites>
    </system.applicationHost>
    <system.ftpServer><firewallSupport lowDataChannelPort="1" highDataChannelPort="2"/></system.ftpServer>
  </location>
  <system.applicationHost>
    <sites>
      <site name="A" id="1">
        <application path="/">
          <virtualDirectory path="/">
            <bindings><binding protocol="ftp" bindingInformation="*:2121:"/></bindings>
          </virtualDirectory>
          <ftpServer><security><ssl controlChannelPolicy="SslAllow"/></security></ftpServer>
        </application>
        <bindings><binding protocol="ftp" bindingInformation="*:990:"/></bindings>
        <ftpServer><security><ssl controlChannelPolicy="SslRequire"/></security></ftpServer>
      </site>
      <site name="B" id="2">
        <application path="/"><virtualDirectory path="/"/></application>
        <ftpServer/>
        <bindings><binding protocol="http" bindingInformation="*:80:"/><binding protocol="ftp" bindingInformation="*:21:"/></bindings>
      </site>
    </sites>
  </system.applicationHost>
  <system.ftpServer><firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099"/></system.ftpServer>
</configuration>
`;

describe('elements the walker does not follow', () => {
  const file = join(dir, 'applicationHost.config');
  writeFileSync(file, CONFIG);
  const state = readIisConfig(file);

  test('what is below them is not read, at any depth', () => {
    assert.deepEqual(state.allSiteNames, ['A', 'B']);
    assert.deepEqual(state.ftpSites.map((s) => s.name), ['A', 'B']);
    assert.deepEqual(state.ftpSites.map((s) => s.ftpBindings.map((b) => b.bindingInformation)), [['*:990:'], ['*:21:']]);
  });

  test('the siblings after them are read in their own context', () => {
    assert.equal(state.ftpSites[0]!.ssl.controlChannelPolicy?.value, 'SslRequire');
    assert.equal(state.ftpSites[0]!.ssl.controlChannelPolicy?.at.line, 22);
    assert.equal(state.firewallSupport.lowDataChannelPort?.value, 50000);
    assert.equal(state.firewallSupport.highDataChannelPort?.value, 50099);
  });
});

describe('attributes are found by their whole name', () => {
  test('a longer name that ends the same (sitename, xprotocol) is another attribute', () => {
    const file = join(dir, 'suffix.config');
    writeFileSync(file, `<configuration><configSections><sectionGroup name="system.ftpServer"/></configSections><system.applicationHost><sites>
<site sitename="Wrong" name="Right" xid="7" id="3"><bindings><binding xprotocol="http" protocol="ftp" xbindingInformation="*:1:" bindingInformation="*:990:"/></bindings></site>
</sites></system.applicationHost></configuration>`);
    const state = readIisConfig(file);
    assert.deepEqual(state.allSiteNames, ['Right']);
    assert.equal(state.ftpSites[0]!.id, 3);
    assert.deepEqual(state.ftpSites[0]!.ftpBindings.map((b) => b.bindingInformation), ['*:990:']);
  });
});
