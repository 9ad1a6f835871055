/**
 * nginx (stream module) renderer: a `stream { }` block for the main context of
 * nginx.conf (include it next to `events { }`, after the stream module is loaded).
 *
 * Open-source nginx has no expiring stick table and no way to reuse one
 * upstream's choice for a connection on another port, so persistence is a
 * deterministic split of client addresses (`split_clients`) shared by the
 * control and the passive server blocks: the same client address always
 * reaches the same backend, for as long as the backend list is unchanged
 * (persistence with no expiry, which meets "at least 30 minutes"). The passive
 * block proxies to `$server_port`, forwarding the whole range one to one.
 * Health checks: open-source nginx only has passive ones inside upstream
 * groups, which a shared per-address choice cannot use, and active
 * `health_check` is NGINX Plus only; the header says so, and HAProxy's output
 * is the one with health checks on 990 (TLS handshake, 220 greeting).
 */
import type { LbTopology } from './lb-topology.js';
import { headerLines } from './header.js';

/**
 * nginx opens one listening socket per passive port and counts them against
 * worker_connections: the ephemeral range alone needs 16,385. Room for 2,048
 * proxied sessions (two connections each) comes on top.
 */
export function nginxMinWorkerConnections(t: LbTopology): number {
  return 1 + (t.passive.high - t.passive.low + 1) + 4096;
}

export function renderNginx(t: LbTopology): string {
  const idle = `${t.idleTimeoutMinutes}m`;
  const lines = [
    ...headerLines(t, 'nginx stream configuration (main context: include it from nginx.conf, outside http { })', false),
    `# nginx counts each of the ${t.passive.high - t.passive.low + 2} listening sockets as a connection: set`,
    `#   events { worker_connections ${nginxMinWorkerConnections(t)}; } (or more) in nginx.conf, and a matching worker_rlimit_nofile.`,
    '# Persistence: split_clients maps each client address to one backend for control and data alike (no expiry).',
    '# Health checks: open-source nginx cannot check these backends actively (health_check is NGINX Plus);',
    `#   use \`ftps-enforcer lb-config --format haproxy\` for health checks on 990 (TLS handshake, 220 greeting) every ${t.checkIntervalSeconds} s.`,
    '',
    'stream {',
    '    split_clients "${remote_addr}" $ftps_backend {',
    ...splitLines(t),
    '    }',
    '',
    '    server {',
    `        listen ${t.vip}:${t.controlPort};`,
    `        proxy_pass $ftps_backend:${t.controlPort};`,
    '        proxy_connect_timeout 5s;',
    // The control channel idles for the whole of a long transfer on the data channel.
    `        proxy_timeout ${idle};`,
    '        proxy_socket_keepalive on;',
    '    }',
    '',
    '    server {',
    `        listen ${t.vip}:${t.passive.low}-${t.passive.high};`,
    '        proxy_pass $ftps_backend:$server_port;',
    '        proxy_connect_timeout 5s;',
    `        proxy_timeout ${idle};`,
    '        proxy_socket_keepalive on;',
    '    }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** Equal shares in hundredths of a percent; the last backend takes the rest (`*`), so the shares always add up. */
function splitLines(t: LbTopology): string[] {
  const n = t.backends.length;
  const share = Math.floor(10000 / n) / 100;
  return t.backends.map((b, i) => {
    const key = i === n - 1 ? '*' : `${share.toFixed(2)}%`;
    return `        ${key.padEnd(7)} ${b.address};    # ${b.name}`;
  });
}
