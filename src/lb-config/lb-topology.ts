/**
 * The load balancer half of the fix, as data: which address and ports the VIP
 * serves, which backends it forwards to, and the timers that keep an FTPS
 * session's control and data connections together. Built (pure) from the same
 * desired-state file the backends are enforced with, so the two halves agree.
 */
import { UserError } from '../core/errors.js';
import type { DesiredState } from '../core/desired-state.js';
import { isIpv4, parseBackendList, parsePeerList, type LbBackend, type LbPeer } from './backends.js';

export type { LbBackend, LbPeer } from './backends.js';

/** HAProxy's `maxconn` by default: HAProxy refuses to start where the descriptor limit (ulimit -n) is lower than about twice this. */
export const DEFAULT_MAXCONN = 20000;

/** Windows' dynamic port range: what IIS uses for passive data when the range is 0–0. */
export const WINDOWS_EPHEMERAL_RANGE = { low: 49152, high: 65535 } as const;

/** The floor for persistence and idle timeouts: shorter ones drop long transfers and split a session's data connections across backends. */
export const MIN_SESSION_MINUTES = 30;

export interface LbTopology {
  /** The address the load balancer listens on: the VIP IIS advertises in PASV replies, unless --bind says otherwise. */
  vip: string;
  controlPort: 990;
  /** The passive range forwarded one to one; 0–0 in the desired state becomes Windows' ephemeral range. */
  passive: { low: number; high: number; fromEphemeralDefault: boolean };
  /** In the order given; server ids are 1-based positions, identical for control and data. */
  backends: LbBackend[];
  /** HAProxy pair sharing the stick table (empty: a single load balancer). */
  peers: LbPeer[];
  /** HAProxy's global maxconn. */
  maxconn: number;
  /** Health check on 990 (TLS handshake and the 220 greeting), every this many seconds. */
  checkIntervalSeconds: number;
  /** How long a client address stays tied to its backend after its last connection. */
  persistenceMinutes: number;
  /** Idle timeout of a forwarded connection: the control channel sits idle for a whole long transfer. */
  idleTimeoutMinutes: number;
  /** HAProxy's admin-level runtime API socket (for `ftps-enforcer rollout`), when asked for. */
  statsSocket?: string;
  /** Where the desired state came from, for the generated file's header. */
  source: { file: string; contentHash: string; toolVersion: string };
}

export interface LbOptions {
  backends: readonly string[];
  bind?: string;
  checkIntervalSeconds?: number;
  persistenceMinutes?: number;
  idleTimeoutMinutes?: number;
  statsSocket?: string;
  peers?: readonly string[];
  maxconn?: number;
}

export function buildLbTopology(
  desired: Pick<DesiredState, 'externalIp4Address' | 'lowDataChannelPort' | 'highDataChannelPort'>,
  opts: LbOptions,
  source: LbTopology['source'],
): LbTopology {
  const vip = opts.bind ?? desired.externalIp4Address;
  if (!isIpv4(vip)) {
    throw new UserError(`--bind "${vip}" is not an IPv4 address; give the VIP the load balancer listens on, e.g. --bind 203.0.113.10.`);
  }
  const backends = parseBackendList(opts.backends);
  // Forwarding the VIP to itself loops every connection back into the load balancer.
  const loop = backends.find((b) => b.address === vip);
  if (loop) {
    throw new UserError(`--backend ${loop.name}=${loop.address} is the VIP the load balancer listens on; give each IIS server's own address, e.g. ${loop.name}=10.0.1.11.`);
  }
  const ephemeral = desired.lowDataChannelPort === 0 && desired.highDataChannelPort === 0;
  const passive = ephemeral
    ? { ...WINDOWS_EPHEMERAL_RANGE, fromEphemeralDefault: true }
    : { low: desired.lowDataChannelPort, high: desired.highDataChannelPort, fromEphemeralDefault: false };
  const idleTimeoutMinutes = opts.idleTimeoutMinutes ?? 60;
  // A client's entry must outlive its idle control channel, or the next data connection may land elsewhere.
  const persistenceMinutes = opts.persistenceMinutes ?? Math.max(MIN_SESSION_MINUTES, idleTimeoutMinutes);
  const checkIntervalSeconds = opts.checkIntervalSeconds ?? 10;
  minutesAtLeast('--persistence', persistenceMinutes, 'source-address persistence shorter than 30 minutes sends a slow session\'s data connection to another backend');
  minutesAtLeast('--idle-timeout', idleTimeoutMinutes, 'the control channel is idle for the whole of a long transfer, and a shorter timeout cuts it');
  if (!Number.isInteger(checkIntervalSeconds) || checkIntervalSeconds < 1 || checkIntervalSeconds > 300) {
    throw new UserError(`--check-interval ${String(checkIntervalSeconds)} is out of range; give whole seconds from 1 to 300 (the guide suggests 10 to 30).`);
  }
  const maxconn = opts.maxconn ?? DEFAULT_MAXCONN;
  if (!Number.isInteger(maxconn) || maxconn < 1 || maxconn > 1_000_000) {
    throw new UserError(`--maxconn ${String(maxconn)} is out of range; give a whole number from 1 to 1000000 that the host's descriptor limit (ulimit -n) allows, about twice the number.`);
  }
  return {
    vip,
    peers: parsePeerList(opts.peers ?? []),
    maxconn,
    controlPort: 990,
    passive,
    backends,
    checkIntervalSeconds,
    persistenceMinutes,
    idleTimeoutMinutes,
    ...(opts.statsSocket !== undefined ? { statsSocket: checkSocketPath(opts.statsSocket) } : {}),
    source,
  };
}

/** An absolute path without blanks: HAProxy's configuration has no quoting that every version reads the same. */
function checkSocketPath(path: string): string {
  if (!/^\/[^\s"']+$/.test(path)) {
    throw new UserError(`--stats-socket "${path}" is not an absolute path without blanks; give e.g. --stats-socket /run/haproxy/admin.sock.`);
  }
  return path;
}

function minutesAtLeast(flag: string, value: number, why: string): void {
  if (!Number.isInteger(value) || value < MIN_SESSION_MINUTES || value > 24 * 60) {
    throw new UserError(`${flag} ${String(value)} is too short or not whole minutes: ${why}; give ${MIN_SESSION_MINUTES} to 1440 minutes.`);
  }
}
