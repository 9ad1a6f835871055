/**
 * HAProxy through its runtime API on the stats socket (`stats socket PATH
 * level admin`, which `lb-config --stats-socket` renders). One command per
 * connection, as `socat` does it. The parsers are pure and tested on recorded
 * output of HAProxy 2.6.
 */
import { connect } from 'node:net';
import { LoadBalancerError, type LoadBalancerDriver, type ProbePin, type SessionCount } from './load-balancer.js';
import { HAPROXY_CONTROL_BACKEND, HAPROXY_PASSIVE_BACKEND } from '../lb-config/haproxy.js';

/** Sends one command, returns everything HAProxy answered (it closes the connection after a non-interactive command). */
export function haproxyCommand(socketPath: string, command: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new LoadBalancerError(`HAProxy's stats socket ${socketPath} did not answer "${command}" within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (out += d));
    sock.on('end', () => {
      clearTimeout(timer);
      resolve(out);
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new LoadBalancerError(`Cannot use HAProxy's stats socket ${socketPath} (${err.code ?? err.message}): check --haproxy-socket and that haproxy.cfg has \`stats socket ${socketPath} mode 660 level admin\`.`));
    });
    sock.write(`${command}\n`);
  });
}

export interface StatRow {
  proxy: string;
  server: string;
  /** Current sessions. */
  scur: number;
  /** Sessions since start. */
  stot: number;
  status: string;
  /** Server id (`id` on the server line). */
  sid: number;
}

/** `show stat` CSV → one row per server (FRONTEND/BACKEND rows left out). */
export function parseShowStat(text: string): StatRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.find((l) => l.startsWith('# '));
  if (!header) throw new LoadBalancerError(`HAProxy answered "show stat" without its CSV header: ${text.trim().slice(0, 200) || '(nothing)'}`);
  const cols = header.slice(2).split(',');
  const at = (name: string) => {
    const i = cols.indexOf(name);
    if (i < 0) throw new LoadBalancerError(`HAProxy's "show stat" has no ${name} column.`);
    return i;
  };
  const [px, sv, scur, stot, status, sid] = ['pxname', 'svname', 'scur', 'stot', 'status', 'sid'].map(at) as [number, number, number, number, number, number];
  return lines
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.split(','))
    .filter((f) => f[sv] !== 'FRONTEND' && f[sv] !== 'BACKEND')
    .map((f) => ({ proxy: f[px]!, server: f[sv]!, scur: Number(f[scur] || 0), stot: Number(f[stot] || 0), status: f[status]!, sid: Number(f[sid] || 0) }));
}

export interface StickEntry {
  key: string;
  serverId: number | null;
}

/** `show table NAME` → its entries (key and server_id). */
export function parseShowTable(text: string): StickEntry[] {
  const out: StickEntry[] = [];
  for (const line of text.split('\n')) {
    const key = /\bkey=(\S+)/.exec(line)?.[1];
    if (!key) continue;
    const id = /\bserver_id=(\d+)/.exec(line)?.[1];
    out.push({ key, serverId: id === undefined ? null : Number(id) });
  }
  return out;
}

export interface LiveSession {
  source: string;
  backend: string;
  server: string;
}

/** `show sess` → the sessions forwarded to a server, with their client address (port dropped). */
export function parseShowSess(text: string): LiveSession[] {
  const out: LiveSession[] = [];
  for (const line of text.split('\n')) {
    const m = /\bsrc=(\S+)\s+fe=\S+\s+be=(\S+)\s+srv=(\S+)/.exec(line);
    if (!m || m[1]!.startsWith('unix:')) continue;
    const src = m[1]!;
    const colon = src.lastIndexOf(':');
    out.push({ source: colon > 0 ? src.slice(0, colon) : src, backend: m[2]!, server: m[3]! });
  }
  return out;
}

export interface HaproxyDriverOptions {
  socketPath: string;
  controlBackend?: string;
  passiveBackend?: string;
  /** The stick table the data connections follow (default: the control backend's own). */
  stickTable?: string;
}

export class HaproxyRuntimeDriver implements LoadBalancerDriver {
  readonly description: string;
  private readonly control: string;
  private readonly passive: string;
  private readonly table: string;

  constructor(private readonly opts: HaproxyDriverOptions) {
    this.control = opts.controlBackend ?? HAPROXY_CONTROL_BACKEND;
    this.passive = opts.passiveBackend ?? HAPROXY_PASSIVE_BACKEND;
    this.table = opts.stickTable ?? this.control;
    this.description = `HAProxy runtime API on ${opts.socketPath} (backends ${this.control}, ${this.passive}; stick table ${this.table})`;
  }

  private send(command: string): Promise<string> {
    return haproxyCommand(this.opts.socketPath, command);
  }

  /** A set/clear command answers nothing on success, and one line saying why otherwise. */
  private async act(command: string): Promise<void> {
    const answer = (await this.send(command)).trim();
    if (answer !== '') throw new LoadBalancerError(`HAProxy refused "${command}": ${answer}`);
  }

  private async stats(server: string): Promise<{ control: StatRow; passive: StatRow }> {
    const rows = parseShowStat(await this.send('show stat'));
    const find = (proxy: string) => {
      const row = rows.find((r) => r.proxy === proxy && r.server === server);
      if (!row) throw new LoadBalancerError(`HAProxy has no server ${proxy}/${server}: check the backend names (--backend, --haproxy-control-backend, --haproxy-passive-backend) against haproxy.cfg.`);
      return row;
    };
    return { control: find(this.control), passive: find(this.passive) };
  }

  async drain(server: string): Promise<void> {
    await this.stats(server); // both servers must exist before either is touched
    await this.act(`set server ${this.control}/${server} state drain`);
    await this.act(`set server ${this.passive}/${server} state drain`);
  }

  async ready(server: string): Promise<void> {
    await this.act(`set server ${this.passive}/${server} state ready`);
    await this.act(`set server ${this.control}/${server} state ready`);
  }

  async sessions(server: string): Promise<SessionCount> {
    const { control, passive } = await this.stats(server);
    return { total: control.scur + passive.scur, detail: `${this.control}/${server} scur ${control.scur}, ${this.passive}/${server} scur ${passive.scur}` };
  }

  /**
   * Drain keeps sending "persistent" connections, and with `stick on src` every client seen in the last
   * persistence period is one: a client that keeps opening sessions would keep the server busy forever.
   * A client whose sessions on the server have all ended can safely start its next one elsewhere, so its
   * stick entry is cleared. A session that started between the look and the clearing gets its entry back
   * at once (its data connections only come after the TLS handshake and the login).
   */
  async releaseIdleClients(server: string): Promise<{ released: number; remaining: number }> {
    const { control } = await this.stats(server);
    const onServer = (sessions: LiveSession[]) =>
      new Set(sessions.filter((s) => s.server === server && (s.backend === this.control || s.backend === this.passive)).map((s) => s.source));
    const live = onServer(parseShowSess(await this.send('show sess')));
    const pointing = parseShowTable(await this.send(`show table ${this.table}`)).filter((e) => e.serverId === control.sid);
    const idle = pointing.filter((e) => !live.has(e.key));
    for (const e of idle) await this.act(`clear table ${this.table} key ${e.key}`);
    if (idle.length === 0) return { released: 0, remaining: pointing.length };
    const nowLive = onServer(parseShowSess(await this.send('show sess')));
    const repinned = idle.filter((e) => nowLive.has(e.key));
    for (const e of repinned) await this.act(`set table ${this.table} key ${e.key} data.server_id ${control.sid}`);
    return { released: idle.length - repinned.length, remaining: pointing.length - idle.length + repinned.length };
  }

  async pinProbe(server: string, source: string): Promise<ProbePin> {
    const { control } = await this.stats(server);
    // Cleared first: an older entry may name another server by name (server_key), which wins over the id.
    await this.act(`clear table ${this.table} key ${source}`);
    await this.act(`set table ${this.table} key ${source} data.server_id ${control.sid}`);
    return {
      servedBefore: control.stot,
      served: async () => (await this.stats(server)).control.stot,
      release: () => this.act(`clear table ${this.table} key ${source}`),
    };
  }
}
