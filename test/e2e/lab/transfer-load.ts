/**
 * Clients transferring through the VIP while something happens to the
 * backends: each client has its own source address in the client namespace
 * (source persistence is per address), and runs lftp sessions one after
 * another, each one 1 MB download or upload at a limited rate so transfers
 * are in flight most of the time. Bounded in count and in time. A cut
 * transfer is a failed transfer: `net:max-retries 1` stops lftp retrying a
 * try that made no progress, and a session that needed a second connection
 * (lftp resuming a transfer cut part-way) counts as failed.
 */
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { must, runAsync } from './exec.js';

export const TRANSFER_BYTES = 1 << 20;
export const TRANSFER_FILE = 'transfer-1mb.bin';

export interface TransferTarget {
  clientNs: string;
  /** The link the client addresses are added to. */
  clientLink: string;
  vip: string;
  user: string;
  password: string;
  caCert: string;
  dir: string;
}

export interface TransferFailure {
  client: string;
  n: number;
  what: 'get' | 'put';
  why: string;
  /** When the session started and ended, for lining failures up with what the backends went through. */
  startedAt: string;
  endedAt: string;
}

export interface TransferTally {
  transfers: number;
  failed: number;
  failures: TransferFailure[];
}

/** Extra client addresses (additive to the lab topology), one per load client. */
export function addClientAddresses(t: Pick<TransferTarget, 'clientNs' | 'clientLink'>, addresses: readonly string[]): void {
  for (const a of addresses) must('ip', ['-n', t.clientNs, 'addr', 'add', `${a}/24`, 'dev', t.clientLink]);
}

/** The 1 MB file every backend serves, owned by the FTP user. */
export function placeTransferFile(filesDir: string, uid: number, gid: number): void {
  const file = join(filesDir, TRANSFER_FILE);
  writeFileSync(file, Buffer.alloc(TRANSFER_BYTES, 0x5a));
  chownSync(file, uid, gid);
}

/**
 * How often lftp opened a second control connection in one session, and the lines it logged just before the
 * first one (which say who ended the connection: a timeout, a reset, the server); undefined for one connection.
 * With `debug -t` each line starts with a date and time.
 */
export function lftpReconnects(debugLog: string): { times: number; before: string } | undefined {
  const log = debugLog.split('\n');
  const connects = log.flatMap((l, i) => (l.includes('---- Connecting to ') ? [i] : []));
  if (connects.length < 2) return undefined;
  return { times: connects.length - 1, before: log.slice(Math.max(0, connects[1]! - 8), connects[1]).map((l) => l.trim()).join(' | ') };
}

export class TransferLoad {
  private stopping = false;
  private loops: Promise<void>[] = [];
  readonly tally: TransferTally = { transfers: 0, failed: 0, failures: [] };

  /**
   * bytesPerSecond: lftp's own limit on each transfer, 0 for none (the server paces them instead).
   * pauseMs: each client's pause between two sessions, as a person or a script would have.
   * staggerMs: client i starts i × staggerMs after the first, so the clients' pauses do not line up.
   */
  constructor(private readonly t: TransferTarget, private readonly o: { bytesPerSecond: number; pauseMs: number; staggerMs: number; maxPerClient: number; maxMs: number; stallSeconds: number }) {}

  start(sources: readonly string[]): void {
    const deadline = Date.now() + this.o.maxMs;
    // The bound on a hung lftp: lftp's own net:timeout (stallSeconds) twice, with a minute to spare for the
    // 1 MB transfer's 8 s at the lab's rate and lftp's start.
    const hungMs = (2 * this.o.stallSeconds + 60) * 1000;
    const upload = join(this.t.dir, 'upload-1mb.bin');
    writeFileSync(upload, Buffer.alloc(TRANSFER_BYTES, 0x33));
    this.loops = sources.map(async (src, i) => {
      const home = join(this.t.dir, `lftp-home-${src}`);
      mkdirSync(home, { recursive: true });
      if (i > 0 && this.o.staggerMs > 0) await new Promise((r) => setTimeout(r, i * this.o.staggerMs));
      for (let n = 1; n <= this.o.maxPerClient && !this.stopping && Date.now() < deadline; n++) {
        const what = n % 2 === 1 ? 'get' : 'put';
        const local = join(this.t.dir, `dl-${src}.bin`);
        const cmd = what === 'get' ? `get ${TRANSFER_FILE} -o ${local}` : `put ${upload} -o up-${src}.bin`;
        const debugLog = join(home, 'debug.log');
        rmSync(debugLog, { force: true });
        const startedAt = new Date().toISOString();
        const r = await runAsync('ip', ['netns', 'exec', this.t.clientNs, 'lftp', '-c', `${this.settings(src)}; debug -t -o ${debugLog} 5; open --env-password -u ${this.t.user} ftps://${this.t.vip}; ${cmd}`], {
          env: { ...process.env, HOME: home, LFTP_PASSWORD: this.t.password },
          // Only a bound on a hung lftp, never what decides failure: net:timeout ends a stalled connection
          // by itself (an error exit), and a cut one shows as an error or a reconnect below. A whole transfer
          // on one connection that was merely slow (a 2-core CI machine starting pwsh over SSH) is not failed.
          timeoutMs: hungMs,
        });
        const tail = () => (existsSync(debugLog) ? readFileSync(debugLog, 'utf8').trim().split('\n').slice(-4).join(' | ') : 'no debug log');
        let why = r.status === 0 ? '' : r.status === null ? `lftp killed after ${hungMs / 1000} s; its debug log ends: ${tail()}` : `lftp exit ${r.status}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`;
        if (!why && what === 'get' && statSync(local).size !== TRANSFER_BYTES) why = `downloaded ${statSync(local).size} bytes`;
        // net:max-retries counts tries without progress: a transfer cut part-way made progress, so lftp
        // reconnects and resumes it, and would exit 0. One session, one control connection.
        const reconnect = lftpReconnects(existsSync(debugLog) ? readFileSync(debugLog, 'utf8') : '');
        if (!why && reconnect) why = `cut: lftp reconnected ${reconnect.times} time(s) and resumed; before that: ${reconnect.before}`;
        this.tally.transfers++;
        if (why) {
          this.tally.failed++;
          this.tally.failures.push({ client: src, n, what, why, startedAt, endedAt: new Date().toISOString() });
        }
        if (this.o.pauseMs > 0 && !this.stopping) await new Promise((r) => setTimeout(r, this.o.pauseMs));
      }
    });
  }

  private settings(src: string): string {
    return [
      'set ftp:prefer-epsv no',
      'set ftp:fix-pasv-address no',
      'set ftp:passive-mode yes',
      'set ftp:ssl-force yes',
      'set ftp:ssl-protect-data yes',
      `set ssl:ca-file ${this.t.caCert}`,
      'set ssl:verify-certificate yes',
      `set net:socket-bind-ipv4 ${src}`,
      `set net:limit-rate ${this.o.bytesPerSecond}`,
      // A server pacing a transfer may leave the data connection quiet for a while; a cut one ends at once.
      `set net:timeout ${this.o.stallSeconds}`,
      'set net:max-retries 1',
      'set net:persist-retries 0',
      'set dns:order inet',
      'set xfer:clobber yes',
      'set cmd:fail-exit yes',
    ].join('; ');
  }

  /** Lets every client finish the transfer it is in, then returns the tally. */
  async stop(): Promise<TransferTally> {
    this.stopping = true;
    await Promise.all(this.loops);
    return this.tally;
  }
}
