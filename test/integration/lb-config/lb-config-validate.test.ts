import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildLbTopology } from '../../../src/lb-config/lb-topology.js';
import { renderHaproxy } from '../../../src/lb-config/haproxy.js';
import { renderNginx, nginxMinWorkerConnections } from '../../../src/lb-config/nginx.js';
import { haproxyCheck, nginxCheck } from './lb-tools.js';

const source = { file: 'desired.json', contentHash: 'ab12', toolVersion: '0.1.0' };
const cases: Array<{ name: string; desired: { externalIp4Address: string; lowDataChannelPort: number; highDataChannelPort: number }; backends: string[]; peers?: string[]; maxconn?: number; statsSocket?: string; idleTimeoutMinutes?: number; checkIntervalSeconds?: number }> = [
  { name: 'two backends, 50000-50099', desired: { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 }, backends: ['web1=10.0.1.11,web2=10.0.1.12'] },
  { name: 'one backend, the 0-0 ephemeral range', desired: { externalIp4Address: '10.99.0.100', lowDataChannelPort: 0, highDataChannelPort: 0 }, backends: ['be1=10.99.1.11'] },
  { name: 'an HAProxy pair (peers) with a lower maxconn and the admin stats socket', desired: { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 }, backends: ['web1=10.0.1.11,web2=10.0.1.12'], peers: ['lb1=10.0.0.2', 'lb2=10.0.0.3:10001'], maxconn: 4000, statsSocket: '/run/haproxy/admin.sock' },
  { name: 'five backends, a one-port range, long timers', desired: { externalIp4Address: '198.51.100.7', lowDataChannelPort: 60000, highDataChannelPort: 60000 }, backends: ['a=10.0.0.1', 'b=10.0.0.2', 'c-1=10.0.0.3', 'd.x=10.0.0.4', 'e_5=10.0.0.5'], idleTimeoutMinutes: 240, checkIntervalSeconds: 30 },
];

describe('generated configurations pass the real tools', () => {
  for (const c of cases) {
    const t = buildLbTopology(c.desired, { backends: c.backends, idleTimeoutMinutes: c.idleTimeoutMinutes, checkIntervalSeconds: c.checkIntervalSeconds, peers: c.peers, maxconn: c.maxconn, ...(c.statsSocket ? { statsSocket: c.statsSocket } : {}) }, source);
    test(`haproxy -c: ${c.name}`, () => {
      const r = haproxyCheck(renderHaproxy(t), t.peers[0]?.name);
      assert.ok(r.ok, r.output);
      assert.doesNotMatch(r.output, /\[WARNING\]/, 'no warnings either');
    });
    test(`nginx -t: ${c.name}`, () => {
      const r = nginxCheck(renderNginx(t), t.vip, nginxMinWorkerConnections(t));
      assert.ok(r.ok, r.output);
      assert.match(r.output, /syntax is ok/);
    });
  }
});

describe('the validators really validate', () => {
  const t = buildLbTopology(cases[0]!.desired, { backends: cases[0]!.backends }, source);
  test('haproxy -c rejects a port-less data server that checks (LAB.md: fatal)', () => {
    const broken = renderHaproxy(t).replace('track ftps_control/web1', 'check');
    const r = haproxyCheck(broken);
    assert.equal(r.ok, false, r.output);
  });
  test('haproxy -c rejects an SSL health check without verify none or a CA (why the server line says verify none)', () => {
    const r = haproxyCheck(renderHaproxy(t).replaceAll(' verify none', ''));
    assert.equal(r.ok, false, r.output);
  });
  test('nginx -t rejects an upstream address without a port', () => {
    const r = nginxCheck(renderNginx(t).replace('proxy_pass $ftps_backend:990;', 'proxy_pas $ftps_backend:990;'), t.vip, nginxMinWorkerConnections(t));
    assert.equal(r.ok, false, r.output);
  });
});
