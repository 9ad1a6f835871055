/**
 * The lab's pure pieces, without namespaces or root: what the stand-in server
 * is told to advertise for a given applicationHost.config, and how the load
 * balancer's configuration is broken for the failure scenarios.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../support/paths.js';
import { passiveSettingsFromConfig } from './lab/passive-from-config.js';
import { renderVsftpdConf, type BackendSetup } from './lab/vsftpd.js';
import { breakLbConfig, fitMaxconn } from './lab/haproxy.js';

const BACKEND = '10.99.1.11';
const config = (name: string) => fixture(name, 'applicationHost.config');

describe('what the stand-in server advertises, from the configuration (the product\'s reader and inheritance)', () => {
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
