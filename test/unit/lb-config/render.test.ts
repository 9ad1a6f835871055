import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildLbTopology } from '../../../src/lb-config/lb-topology.js';
import { renderHaproxy } from '../../../src/lb-config/haproxy.js';
import { renderNginx } from '../../../src/lb-config/nginx.js';

const desired = { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 };
const topology = buildLbTopology(desired, { backends: ['web1=10.0.1.11,web2=10.0.1.12,web3=10.0.1.13'], checkIntervalSeconds: 15 }, { file: 'desired.json', contentHash: 'f00d', toolVersion: '9.9.9' });
const lines = (text: string) => text.split('\n').map((l) => l.trim());

describe('haproxy', () => {
  const cfg = renderHaproxy(topology);
  const l = lines(cfg);

  test('binds the VIP on 990 and the whole passive range', () => {
    assert.ok(l.includes('bind 203.0.113.10:990'));
    assert.ok(l.includes('bind 203.0.113.10:50000-50099'));
  });

  test('control servers are checked on 990; passive servers are port-less and track them with the same ids', () => {
    assert.ok(l.includes('server web1 10.0.1.11:990 id 1 check check-ssl verify none inter 15s fall 3 rise 2'));
    assert.ok(l.includes('server web3 10.0.1.13:990 id 3 check check-ssl verify none inter 15s fall 3 rise 2'));
    assert.ok(l.includes('server web2 10.0.1.12 id 2 track ftps_control/web2'));
    assert.ok(!l.some((x) => /^server \S+ \S+ id \d+ .*\bcheck\b/.test(x) && !x.includes(':990')), 'a port-less server must not check');
  });

  test('the health check needs the TLS handshake and the 220 greeting, not just an open port', () => {
    const control = cfg.slice(cfg.indexOf('\nbackend ftps_control'), cfg.indexOf('\nbackend ftps_passive'));
    const c = lines(control);
    assert.deepEqual(c.filter((x) => x.startsWith('option tcp-check') || x.startsWith('tcp-check')), ['option tcp-check', 'tcp-check connect ssl', 'tcp-check expect rstring ^220', 'tcp-check send QUIT\\r\\n']);
  });

  test('maxconn: 20000 by default, --maxconn otherwise; out of range refused', () => {
    assert.ok(l.includes('maxconn 20000'));
    const t = buildLbTopology(desired, { backends: ['web1=10.0.1.11'], maxconn: 4000 }, { file: 'd', contentHash: 'x', toolVersion: '1' });
    assert.ok(lines(renderHaproxy(t)).includes('maxconn 4000'));
    assert.throws(() => buildLbTopology(desired, { backends: ['web1=10.0.1.11'], maxconn: 0 }, { file: 'd', contentHash: 'x', toolVersion: '1' }), /--maxconn 0 is out of range.*ulimit -n/);
  });

  test('--peer: a peers section, and the stick table shared through it; a single peer refused', () => {
    assert.ok(!l.some((x) => x.startsWith('peers ')), 'no peers section without --peer');
    const t = buildLbTopology(desired, { backends: ['web1=10.0.1.11'], peers: ['lb1=10.0.0.2', 'lb2=10.0.0.3:10001'] }, { file: 'd', contentHash: 'x', toolVersion: '1' });
    const p = lines(renderHaproxy(t));
    assert.ok(p.includes('peers ftps_peers'));
    assert.ok(p.includes('peer lb1 10.0.0.2:10000'));
    assert.ok(p.includes('peer lb2 10.0.0.3:10001'));
    assert.ok(p.includes('stick-table type ip size 100k expire 60m peers ftps_peers'));
    assert.throws(() => buildLbTopology(desired, { backends: ['web1=10.0.1.11'], peers: ['lb1=10.0.0.2'] }, { file: 'd', contentHash: 'x', toolVersion: '1' }), /Only one --peer \(lb1\)/);
    assert.throws(() => buildLbTopology(desired, { backends: ['web1=10.0.1.11'], peers: ['lb1=10.0.0.2:99999', 'lb2=10.0.0.3'] }, { file: 'd', contentHash: 'x', toolVersion: '1' }), /--peer "lb1=10.0.0.2:99999" is not NAME=IP\[:PORT\]/);
  });

  test('one source-address stick table of at least 30 minutes, shared by the passive backend', () => {
    assert.ok(l.includes('stick-table type ip size 100k expire 60m'));
    assert.equal(l.filter((x) => x.startsWith('stick-table')).length, 1);
    assert.ok(l.includes('stick on src'));
    assert.ok(l.includes('stick on src table ftps_control'));
  });

  test('idle timeouts are long enough for long transfers', () => {
    assert.ok(l.includes('timeout client 60m'));
    assert.ok(l.includes('timeout server 60m'));
  });

  test('header names the source and its hash; output is deterministic', () => {
    assert.match(cfg, /^# HAProxy configuration/);
    assert.match(cfg, /ftps-enforcer 9\.9\.9 lb-config from desired\.json\n#\s+\(sha256 f00d\)/);
    assert.equal(renderHaproxy(topology), cfg);
  });
});

describe('nginx', () => {
  const cfg = renderNginx(topology);
  const l = lines(cfg);

  test('listens on the VIP on 990 and the whole passive range, forwarding the port one to one', () => {
    assert.ok(l.includes('listen 203.0.113.10:990;'));
    assert.ok(l.includes('listen 203.0.113.10:50000-50099;'));
    assert.ok(l.includes('proxy_pass $ftps_backend:990;'));
    assert.ok(l.includes('proxy_pass $ftps_backend:$server_port;'));
  });

  test('one address split shared by control and data; the shares cover every backend', () => {
    assert.ok(l.includes('split_clients "${remote_addr}" $ftps_backend {'));
    assert.ok(l.includes('33.33%  10.0.1.11;    # web1'));
    assert.ok(l.includes('33.33%  10.0.1.12;    # web2'));
    assert.ok(l.includes('*       10.0.1.13;    # web3'));
  });

  test('idle timeout on both server blocks, and the missing active checks are said plainly', () => {
    assert.equal(l.filter((x) => x === 'proxy_timeout 60m;').length, 2);
    assert.match(cfg, /open-source nginx cannot check these backends actively/);
  });

  test('a single backend takes everything', () => {
    const one = renderNginx(buildLbTopology(desired, { backends: ['solo=10.0.1.11'] }, { file: 'd', contentHash: 'h', toolVersion: 'v' }));
    assert.ok(lines(one).includes('*       10.0.1.11;    # solo'));
  });
});

describe('haproxy admin stats socket (for ftps-enforcer rollout)', () => {
  test('rendered in global, level admin, only when asked for', () => {
    const withSocket = buildLbTopology(desired, { backends: ['web1=10.0.1.11'], statsSocket: '/run/haproxy/admin.sock' }, { file: 'd.json', contentHash: 'f00d', toolVersion: '9.9.9' });
    const cfg = renderHaproxy(withSocket);
    assert.match(cfg, /^global\n(?:    .*\n)*    stats socket \/run\/haproxy\/admin\.sock mode 660 level admin\n/m);
    assert.doesNotMatch(renderHaproxy(topology), /stats socket/);
  });
  test('a relative path or one with blanks is refused', () => {
    for (const bad of ['admin.sock', '/run/ha proxy/admin.sock']) {
      assert.throws(() => buildLbTopology(desired, { backends: ['web1=10.0.1.11'], statsSocket: bad }, { file: 'd.json', contentHash: 'f00d', toolVersion: '9.9.9' }), /--stats-socket .* is not an absolute path without blanks/);
    }
  });
});
