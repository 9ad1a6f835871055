/**
 * HAProxy (TCP mode) renderer. The control backend owns the stick table and
 * the health checks; the passive backend's servers have no port (HAProxy then
 * keeps the client's destination port, so 50000-50099 is forwarded one to
 * one), may not `check` (fatal for port-less servers), and so `track` the
 * control servers; it sticks on the control backend's table, which is why the
 * server names and ids are identical in both.
 */
import type { LbTopology } from './lb-topology.js';
import { headerLines } from './header.js';

export const HAPROXY_CONTROL_BACKEND = 'ftps_control';
export const HAPROXY_PASSIVE_BACKEND = 'ftps_passive';
export const HAPROXY_PEERS = 'ftps_peers';

export function renderHaproxy(t: LbTopology): string {
  const idle = `${t.idleTimeoutMinutes}m`;
  const lines = [
    ...headerLines(t, 'HAProxy configuration', true),
    '',
    'global',
    '    log /dev/log local0',
    `    maxconn ${t.maxconn}`,
    // The runtime API `ftps-enforcer rollout` drains and readies servers through (level admin is required for that).
    ...(t.statsSocket ? [`    stats socket ${t.statsSocket} mode 660 level admin`] : []),
    '',
    // An HAProxy pair shares the stick table, so a client keeps its backend when the VIP moves.
    ...(t.peers.length ? [`peers ${HAPROXY_PEERS}`, ...t.peers.map((p) => `    peer ${p.name} ${p.address}:${p.port}`), ''] : []),
    'defaults',
    '    log global',
    '    mode tcp',
    '    option tcplog',
    // Keepalives stop firewalls in the path from dropping a control channel that idles during a transfer.
    '    option tcpka',
    '    timeout connect 5s',
    `    timeout client ${idle}`,
    `    timeout server ${idle}`,
    '    timeout client-fin 30s',
    '    timeout server-fin 30s',
    '',
    `frontend ${HAPROXY_CONTROL_BACKEND}_in`,
    `    bind ${t.vip}:${t.controlPort}`,
    `    default_backend ${HAPROXY_CONTROL_BACKEND}`,
    '',
    `frontend ${HAPROXY_PASSIVE_BACKEND}_in`,
    `    bind ${t.vip}:${t.passive.low}-${t.passive.high}`,
    `    default_backend ${HAPROXY_PASSIVE_BACKEND}`,
    '',
    `backend ${HAPROXY_CONTROL_BACKEND}`,
    '    balance leastconn',
    `    stick-table type ip size 100k expire ${t.persistenceMinutes}m${t.peers.length ? ` peers ${HAPROXY_PEERS}` : ''}`,
    '    stick on src',
    // Implicit FTPS: a listening port is not enough; the backend must finish the TLS handshake and greet with 220.
    // verify none: the check proves the FTP service answers; the certificate is audit's business (--host-checks).
    '    option tcp-check',
    '    tcp-check connect ssl',
    '    tcp-check expect rstring ^220',
    '    tcp-check send QUIT\\r\\n',
    ...t.backends.map(
      (b, i) => `    server ${b.name} ${b.address}:${t.controlPort} id ${i + 1} check check-ssl verify none inter ${t.checkIntervalSeconds}s fall 3 rise 2`,
    ),
    '',
    `backend ${HAPROXY_PASSIVE_BACKEND}`,
    // Only a data connection without a control session falls through to this; keep it deterministic.
    '    balance source',
    `    stick on src table ${HAPROXY_CONTROL_BACKEND}`,
    ...t.backends.map((b, i) => `    server ${b.name} ${b.address} id ${i + 1} track ${HAPROXY_CONTROL_BACKEND}/${b.name}`),
  ];
  return `${lines.join('\n')}\n`;
}
