/**
 * Clients transferring through the VIP while something happens to the
 * backends: each client has its own source address in the client namespace
 * (source persistence is per address), and runs lftp sessions one after
 * another, each one 1 MB download or upload at a limited rate so transfers
 * are in flight most of the time. Bounded in count and in time; lftp never
 * retries (`net:max-retries 1`), so a cut transfer is a failed transfer.
 */
import { mkdirSync, statSync, writeFileSync, chownSync } from 'node:fs';
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

export class TransferLoad {
  private stopping = false;
  private loops: Promise<void>[] = [];
  readonly tally: TransferTally = { transfers: 0, failed: 0, failures: [] };

  constructor(private readonly t: TransferTarget, private readonly o: { bytesPerSecond: number; maxPerClient: number; maxMs: number }) {}

  start(sources: readonly string[]): void {
    const deadline = Date.now() + this.o.maxMs;
    const upload = join(this.t.dir, 'upload-1mb.bin');
    writeFileSync(upload, Buffer.alloc(TRANSFER_BYTES, 0x33));
    this.loops = sources.map(async (src) => {
      const home = join(this.t.dir, `lftp-home-${src}`);
      mkdirSync(home, { recursive: true });
      for (let n = 1; n <= this.o.maxPerClient && !this.stopping && Date.now() < deadline; n++) {
        const what = n % 2 === 1 ? 'get' : 'put';
        const local = join(this.t.dir, `dl-${src}.bin`);
        const cmd = what === 'get' ? `get ${TRANSFER_FILE} -o ${local}` : `put ${upload} -o up-${src}.bin`;
        const r = await runAsync('ip', ['netns', 'exec', this.t.clientNs, 'lftp', '-c', `${this.settings(src)}; open --env-password -u ${this.t.user} ftps://${this.t.vip}; ${cmd}`], {
          env: { ...process.env, HOME: home, LFTP_PASSWORD: this.t.password },
          timeoutMs: 30_000,
        });
        let why = r.status === 0 ? '' : `lftp exit ${r.status}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`;
        if (!why && what === 'get' && statSync(local).size !== TRANSFER_BYTES) why = `downloaded ${statSync(local).size} bytes`;
        this.tally.transfers++;
        if (why) {
          this.tally.failed++;
          this.tally.failures.push({ client: src, n, what, why });
        }
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
      'set net:timeout 5',
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
