/**
 * The lab's pure pieces, without namespaces or root: what the stand-in server
 * is told to advertise for a given applicationHost.config, and how the load
 * balancer's configuration is broken for the failure scenarios.
 */
import { after, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../support/paths.js';
import { passiveSettingsFromConfig } from './lab/passive-from-config.js';
import { readLabFtpModel, withStaleSiteAddress } from './lab/lab-iis-model.js';
import { readIisConfig } from '../../src/config/read-config.js';
import { effectiveExternalAddress, effectivePortRange } from '../../src/core/effective.js';
import { renderVsftpdConf, type BackendSetup } from './lab/vsftpd.js';
import { breakLbConfig, fitMaxconn } from './lab/haproxy.js';

const BACKEND = '10.99.1.11';
const config = (name: string) => fixture(name, 'applicationHost.config');

describe('what the stand-in server advertises, from the configuration (the lab\'s own model of IIS)', () => {
  test('broken backend: no external address → its own address; 0-0 → Windows\' dynamic range', () => {
    assert.deepEqual(passiveSettingsFromConfig(config('broken-backend'), BACKEND), { pasvAddress: BACKEND, addressFrom: 'default', minPort: 49152, maxPort: 65535 });
  });
  test('fixed backend: the siteDefaults address and the range', () => {
    assert.deepEqual(passiveSettingsFromConfig(config('fixed-backend'), BACKEND), { pasvAddress: '203.0.113.10', addressFrom: 'siteDefaults', minPort: 50000, maxPort: 50099 });
  });
  test('a stale per-site value wins over siteDefaults, as in IIS', () => {
    assert.deepEqual(passiveSettingsFromConfig(config('site-override-backend-address'), BACKEND), { pasvAddress: '10.0.1.11', addressFrom: 'site', minPort: 50000, maxPort: 50099 });
  });
  test('the address on system.ftpServer/firewallSupport (wrong scope) is not used', () => {
    assert.equal(passiveSettingsFromConfig(config('misplaced-attribute'), BACKEND).pasvAddress, BACKEND);
  });
  test('a stale per-site value written by the lab wins over siteDefaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-model-'));
    try {
      const file = join(dir, 'applicationHost.config');
      writeFileSync(file, withStaleSiteAddress(readFileSync(config('fixed-backend'), 'utf8'), BACKEND));
      assert.deepEqual(passiveSettingsFromConfig(file, '10.99.1.99'), { pasvAddress: BACKEND, addressFrom: 'site', minPort: 50000, maxPort: 50099 });
      assert.throws(() => withStaleSiteAddress('<configuration/>', BACKEND), /no <ftpServer> in an FTP site bound to 990/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('vsftpd.conf carries it', () => {
    const b: BackendSetup = { name: 'be1', ns: 'x', address: BACKEND, dir: '/d', filesDir: '/d/f', emptyDir: '/d/e', cert: '/c', key: '/k', user: 'u' };
    const conf = renderVsftpdConf(b, { pasvAddress: '203.0.113.10', addressFrom: 'siteDefaults', minPort: 50000, maxPort: 50099 });
    for (const line of ['pasv_address=203.0.113.10', 'pasv_min_port=50000', 'pasv_max_port=50099', 'implicit_ssl=YES', 'listen_port=990', 'require_ssl_reuse=YES', 'seccomp_sandbox=NO']) {
      assert.ok(conf.split('\n').includes(line), line);
    }
    assert.match(renderVsftpdConf(b, { pasvAddress: BACKEND, addressFrom: 'default', minPort: 1, maxPort: 2 }, 'explicit'), /^implicit_ssl=NO$/m);
    // Unlimited unless a lab asks (the rollout lab paces transfers on the server's side).
    assert.doesNotMatch(conf, /local_max_rate/);
    assert.match(renderVsftpdConf({ ...b, maxRateBytesPerSecond: 131072 }, { pasvAddress: BACKEND, addressFrom: 'default', minPort: 1, maxPort: 2 }), /^local_max_rate=131072$/m);
  });
});

/** A minimal applicationHost.config for the lab model's own rules. */
function apphost(o: { site?: string; defaults?: string; server?: string; location?: string; protocol?: string }): string {
  const fw = (a: string | undefined) => (a === undefined ? '' : `<ftpServer><firewallSupport ${a} /></ftpServer>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Web" id="1"><bindings><binding protocol="http" bindingInformation="*:80:" /></bindings></site>
      <site name="Plain FTP" id="2"><bindings><binding protocol="ftp" bindingInformation="*:21:" /></bindings></site>
      <site name="Implicit" id="3"><bindings><binding protocol="${o.protocol ?? 'ftp'}" bindingInformation="*:990:" /></bindings>${fw(o.site)}</site>
      <siteDefaults>${fw(o.defaults)}</siteDefaults>
    </sites>
  </system.applicationHost>
  ${o.server === undefined ? '' : `<system.ftpServer><firewallSupport ${o.server} /></system.ftpServer>`}
  ${o.location === undefined ? '' : `<location path="" overrideMode="Allow"><system.ftpServer><firewallSupport ${o.location} /></system.ftpServer></location>`}
  <location path="Implicit"><system.ftpServer><security /></system.ftpServer></location>
</configuration>
`;
}

describe('the lab\'s model of IIS (independent of src/)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-model-'));
  let n = 0;
  const model = (text: string) => {
    const file = join(dir, `${n++}.config`);
    writeFileSync(file, text);
    return readLabFtpModel(file);
  };

  test('the site bound to 990 is the one played; protocol names are case-insensitive', () => {
    assert.equal(model(apphost({})).site, 'Implicit');
    assert.equal(model(apphost({ protocol: 'FTP' })).site, 'Implicit');
    assert.equal(model(apphost({ protocol: 'http' })).site, 'Plain FTP', 'no FTP site on 990: the first FTP site');
  });
  test('site value, else siteDefaults, else none; a site value of "" means none and still hides siteDefaults', () => {
    const vip = 'externalIp4Address="203.0.113.10"';
    assert.deepEqual(model(apphost({})).externalAddress, { value: null, from: 'default' });
    assert.deepEqual(model(apphost({ defaults: vip })).externalAddress, { value: '203.0.113.10', from: 'siteDefaults' });
    assert.deepEqual(model(apphost({ defaults: vip, site: 'externalIp4Address="10.0.0.5"' })).externalAddress, { value: '10.0.0.5', from: 'site' });
    assert.deepEqual(model(apphost({ defaults: vip, site: 'externalIp4Address=""' })).externalAddress, { value: null, from: 'site' });
  });
  test('the passive range is global: the root or <location path="">; an address on that section is ignored', () => {
    const range = 'lowDataChannelPort="5000" highDataChannelPort="6000"';
    assert.deepEqual(model(apphost({})).passiveRange, { low: 0, high: 0 });
    assert.deepEqual(model(apphost({ server: range })).passiveRange, { low: 5000, high: 6000 });
    assert.deepEqual(model(apphost({ location: range })).passiveRange, { low: 5000, high: 6000 });
    assert.deepEqual(model(apphost({ server: `${range} externalIp4Address="203.0.113.10"` })).externalAddress, { value: null, from: 'default' });
  });
  test('what it does not model is refused, not guessed', () => {
    assert.throws(() => model(apphost({ server: 'lowDataChannelPort="1"', location: 'lowDataChannelPort="2"' })), /defined twice/);
    assert.throws(() => model(apphost({ server: 'configSource="fw.config"' })), /configSource/);
    assert.throws(() => model(apphost({ server: 'lowDataChannelPort="70000"' })), /not a port/);
    assert.throws(() => model('<configuration><system.applicationHost><sites /></system.applicationHost></configuration>'), /no FTP site/);
  });
  test('differential: the product\'s reader and inheritance agree with the model on every plain fixture', () => {
    // Plain files only: the model follows neither redirection.config nor configSource (the lab uses neither).
    const plain = ['broken-backend', 'crlf-bom', 'ephemeral-range', 'fixed-backend', 'fqdn-instead-of-address', 'misplaced-attribute', 'misplaced-child-elements', 'multi-site', 'site-override-backend-address'];
    for (const name of plain) {
      const lab = readLabFtpModel(config(name));
      const state = readIisConfig(config(name));
      const site = state.ftpSites.find((s) => s.name === lab.site);
      assert.ok(site, `${name}: the product found no site ${lab.site}`);
      const address = effectiveExternalAddress(site, state);
      assert.deepEqual({ value: address.value || null, from: address.value ? address.from : 'default' }, lab.externalAddress.value === null ? { value: null, from: 'default' } : lab.externalAddress, name);
      assert.deepEqual(effectivePortRange(state), lab.passiveRange, name);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
});

const GENERATED = `global
    maxconn 20000

frontend ftps_control_in
    bind 10.99.0.100:990
    default_backend ftps_control

frontend ftps_passive_in
    bind 10.99.0.100:50000-50099
    default_backend ftps_passive

backend ftps_control
    balance leastconn
    stick-table type ip size 100k expire 60m
    stick on src
    server be1 10.99.1.11:990 id 1 check

backend ftps_passive
    balance source
    stick on src table ftps_control
    server be1 10.99.1.11 id 1 track ftps_control/be1
`;

describe('staging the load balancer\'s mistakes', () => {
  test('healthy is the generated file as is', () => assert.equal(breakLbConfig(GENERATED, 'healthy'), GENERATED));
  test('no passive range: the frontend binding a port range is gone, the control frontend stays', () => {
    const c = breakLbConfig(GENERATED, 'no-passive-range');
    assert.doesNotMatch(c, /50000-50099/);
    assert.match(c, /bind 10\.99\.0\.100:990/);
  });
  test('no persistence: no stick rules, round robin everywhere', () => {
    const c = breakLbConfig(GENERATED, 'no-persistence');
    assert.doesNotMatch(c, /stick/);
    assert.equal(c.match(/balance roundrobin/g)?.length, 2);
  });
  test('a generated file without the piece is an error, not a silent no-op', () => {
    assert.throws(() => breakLbConfig('frontend x\n    bind 1.2.3.4:990\n', 'no-passive-range'), /no frontend binding a port range/);
    assert.throws(() => breakLbConfig('backend x\n', 'no-persistence'), /no stick rules/);
  });
  test('maxconn is lowered only when the descriptor limit cannot hold it', () => {
    assert.match(fitMaxconn(GENERATED, 20_000), /maxconn 9900/);
    assert.match(fitMaxconn(GENERATED, 1_048_576), /maxconn 20000/);
  });
});
