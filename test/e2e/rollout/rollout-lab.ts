/**
 * The rollout scenario on top of the end-to-end lab (docs/rollout.md, "The
 * lab"): both backends already advertise the VIP, but their passive range is
 * 50000-50049 where the desired state (and the load balancer) say
 * 50000-50099. Clients work before and after, and the fix needs an ftpsvc
 * restart: exactly the change that must go out without cutting transfers.
 * HAProxy runs lb-config's output with the admin stats socket; each backend
 * runs sshd with PowerShell's SSH subsystem; `ftps-enforcer rollout` runs in
 * the load balancer's namespace (it reaches the stats socket, the backends'
 * sshd and the VIP from there).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixture, cliPath, repoRoot } from '../../support/paths.js';
import { findPwsh } from '../../support/pwsh.js';
import { must, runAsync, type RunResult } from '../lab/exec.js';
import { Lab, PASSIVE, VIP_NAME } from '../lab/lab.js';
import { generateHaproxyConfig } from '../lab/lb-setup.js';
import { cliInvocation, fromDist, hookEnv, type LabBackend } from '../lab/lab-env.js';
import { restartBackend } from '../lab/restart-backend.js';
import type { BackendSetup } from '../lab/vsftpd.js';
import { LabSshd, makeClientKey } from '../lab/sshd.js';
import { addClientAddresses, placeTransferFile, TransferLoad, type TransferTally } from '../lab/transfer-load.js';
import { VIP } from '../lab/topology.js';
import { mountTmpfs, unmountTmpfs } from '../lab/tmpfs.js';

/** The range the backends start with: inside what the load balancer forwards, narrower than desired. */
export const DRIFTED_HIGH_PORT = 50049;
export const LOAD_CLIENTS = ['10.99.0.21', '10.99.0.22', '10.99.0.23', '10.99.0.24', '10.99.0.25', '10.99.0.26'];
/**
 * Transfers are paced at both ends. lftp sends and reads at TRANSFER_RATE; vsftpd (local_max_rate) writes
 * at most SERVER_RATE, so a download keeps the server's session busy for seconds instead of handing the
 * whole 1 MB to the kernel's socket buffers at once (with a client limit alone a restart cut only the few
 * uploads in flight: 1 to 4 a run). The server's limit is above the client's so it never paces an upload's
 * reads: at one rate on both ends uploads stalled until lftp's timeout, and lftp reconnected. A cycle is
 * about 8 s of transfer plus about 1.5 s between one client's sessions (CLIENT_PAUSE_MS and lftp's start).
 * The clients start CLIENT_STAGGER_MS apart, a sixth of a cycle, so their gaps follow one another instead
 * of lining up (in step, one run's restarts fell in their common gap and cut none): at any moment most of
 * the 6 have a session open, and restarting both backends at once cannot miss them all. The pause is what
 * lets a drain empty a backend: the rollout clears a client's stick entry only while that client has no
 * session open, and back-to-back sessions leave no such moment.
 */
export const TRANSFER_RATE = 128 * 1024;
export const SERVER_RATE = 2 * TRANSFER_RATE;
export const CLIENT_PAUSE_MS = 1000;
export const CLIENT_STAGGER_MS = 1500;
/**
 * How long either end lets a transfer make no progress before it gives up on the connection (lftp's
 * net:timeout, vsftpd's data_connection_timeout). A restart's cut is never silent: the backend's kernel
 * closes the killed session's sockets and HAProxy passes that on at once, so the client sees an error within
 * a second (the negative control shows it). A silent connection is a busy machine, which the lab waits out
 * rather than counting: at 15 s, a CI machine starting PowerShell over SSH for an apply held uploads long
 * enough that lftp reconnected.
 */
export const STALL_SECONDS = 45;

/** fixtures/fixed-backend with the lab's VIP and the narrower range: written next to the lab, never over the fixture. */
export function driftedConfig(dir: string): string {
  const text = readFileSync(fixture('fixed-backend', 'applicationHost.config'), 'utf8');
  const out = text.replace('externalIp4Address="203.0.113.10"', `externalIp4Address="${VIP}"`).replace(`highDataChannelPort="${PASSIVE.high}"`, `highDataChannelPort="${DRIFTED_HIGH_PORT}"`);
  if (out === text || !out.includes(VIP) || !out.includes(String(DRIFTED_HIGH_PORT))) throw new Error('fixtures/fixed-backend no longer has the VIP or the range the rollout scenario rewrites');
  const file = join(dir, 'drifted-applicationHost.config');
  writeFileSync(file, out);
  return file;
}

export class RolloutLab {
  readonly socket: string;
  /** Where the clients keep their files and lftp's logs (tmpfs, as the backends' FTP roots: tmpfs.ts). */
  readonly transfersDir: string;
  private readonly sshds: LabSshd[] = [];
  private readonly mounts: string[] = [];
  private key!: string;

  private constructor(readonly lab: Lab, readonly seed: string) {
    this.socket = join(lab.dir, 'haproxy-admin.sock');
    this.transfersDir = join(lab.dir, 'transfers');
  }

  static async create(): Promise<RolloutLab> {
    const seed = driftedConfig(mkdtempSync(join(tmpdir(), 'ftps-rollout-seed-')));
    let lab: Lab;
    try {
      lab = await Lab.create(seed);
    } catch (err) {
      rmSync(dirname(seed), { recursive: true, force: true });
      throw err;
    }
    const r = new RolloutLab(lab, seed);
    try {
      const uid = Number(must('id', ['-u', lab.user]).trim());
      const gid = Number(must('id', ['-g', lab.user]).trim());
      // The backends' FTP roots belong to the FTP user; the clients' folder to root, who runs lftp.
      for (const [dir, owner] of [...lab.backends.map((b) => [b.filesDir, { uid, gid }] as const), [r.transfersDir, { uid: 0, gid: 0 }] as const]) {
        mountTmpfs(dir, { ...owner, sizeMb: 64 });
        r.mounts.push(dir);
      }
      // Pace transfers on the server's side from now on (every later restart renders it from backend.json).
      for (const b of lab.backends) {
        const file = join(b.dir, 'backend.json');
        const setup: BackendSetup = { ...(JSON.parse(readFileSync(file, 'utf8')) as BackendSetup), maxRateBytesPerSecond: SERVER_RATE, dataConnectionTimeoutSeconds: STALL_SECONDS };
        writeFileSync(file, JSON.stringify(setup, null, 2));
        await restartBackend(b.apphost, b.dir);
      }
      const config = generateHaproxyConfig(lab.dir, lab.desiredFile, lab.backends, ['--stats-socket', r.socket]);
      await lab.haproxy.start(config, '990');
      addClientAddresses({ clientNs: lab.topology.client, clientLink: `${lab.topology.prefix}c` }, LOAD_CLIENTS);
      for (const b of lab.backends) placeTransferFile(b.filesDir, uid, gid);
      const { privateKey, authorizedKeys } = makeClientKey(lab.dir);
      r.key = privateKey;
      for (const b of lab.backends) {
        const sshd = new LabSshd({ ns: b.ns, address: b.address, dir: join(b.dir, 'sshd'), pwsh: findPwsh(), authorizedKeys, env: r.remoteEnv(b) });
        await sshd.start();
        r.sshds.push(sshd);
      }
    } catch (err) {
      await r.destroy();
      throw err;
    }
    return r;
  }

  /** What a session on the backend sees: the "installed" WebAdministration (the double), the agent, this backend's files. */
  private remoteEnv(b: LabBackend): Record<string, string> {
    const pwsh = findPwsh();
    return {
      ...hookEnv(b),
      DOTNET_ROLL_FORWARD: 'Major',
      PSModulePath: join(repoRoot, 'test', 'doubles'),
      FTPS_ENFORCER_STATE_DIR: join(b.dir, 'enforcer-state'),
      LAB_CLI: fromDist ? cliPath : join(repoRoot, 'src', 'cli', 'main.ts'),
      LAB_PWSH: pwsh,
      PATH: [dirname(process.execPath), dirname(pwsh), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':'),
      NO_COLOR: '1',
    };
  }

  /** `ftps-enforcer rollout` from the load balancer's namespace, over real SSH remoting. */
  rollout(extra: string[] = [], agentCommand = join(repoRoot, 'test', 'e2e', 'lab', 'backend-agent.sh')): Promise<RunResult> {
    const pwsh = findPwsh();
    return runAsync('ip', [
      'netns', 'exec', this.lab.topology.lb, ...cliInvocation(), 'rollout',
      '--backend', this.lab.backends.map((b) => `${b.name}=${b.address}`).join(','),
      '--desired', this.lab.desiredFile,
      '--haproxy-socket', this.socket,
      '--transport', 'ssh', '--powershell', pwsh,
      '--agent-command', agentCommand,
      '--ssh-user', 'root', '--ssh-key', this.key,
      '--ssh-option', 'StrictHostKeyChecking=no', '--ssh-option', 'UserKnownHostsFile=/dev/null', '--ssh-option', 'LogLevel=ERROR',
      '--probe-user', this.lab.user, '--probe-ca', this.lab.certs.caCert, '--probe-servername', VIP_NAME, '--probe-timeout', '5',
      '--drain-timeout', '60', '--poll-interval', '0.2',
      ...extra,
    ], { env: { ...process.env, FTPS_PROBE_PASSWORD: this.lab.password, DOTNET_ROLL_FORWARD: 'Major', NO_COLOR: '1' }, cwd: this.lab.dir, timeoutMs: 300_000 });
  }

  /** The negative control: apply on both backends at once, as two scheduled tasks would after one desired-state change. */
  async applyAllAtOnce(): Promise<RunResult[]> {
    // The lab's own apply() allows 60 s; under load on a busy machine an apply takes longer.
    return Promise.all(
      this.lab.backends.map((b) =>
        runAsync('ip', ['netns', 'exec', b.ns, ...cliInvocation(), 'apply', '--desired', this.lab.desiredFile, '--config', b.apphost, '--powershell', findPwsh()], { env: this.lab.backendEnv(b), cwd: b.dir, timeoutMs: 300_000 }),
      ),
    );
  }

  /** Puts both backends back to the drifted configuration and restarts them (the state before a rollout). */
  async resetToDrift(): Promise<void> {
    for (const b of this.lab.backends) writeFileSync(b.apphost, readFileSync(this.seed));
    for (const b of this.lab.backends) await restartBackend(b.apphost, b.dir);
  }

  /** What each backend advertises now (written by the restart hook from its configuration). */
  passive(b: LabBackend): { pasvAddress: string; minPort: number; maxPort: number } {
    return JSON.parse(readFileSync(join(b.dir, 'passive.json'), 'utf8'));
  }

  load(maxMs: number): TransferLoad {
    return new TransferLoad(
      { clientNs: this.lab.topology.client, clientLink: `${this.lab.topology.prefix}c`, vip: VIP, user: this.lab.user, password: this.lab.password, caCert: this.lab.certs.caCert, dir: this.transfersDir },
      { bytesPerSecond: TRANSFER_RATE, pauseMs: CLIENT_PAUSE_MS, staggerMs: CLIENT_STAGGER_MS, maxPerClient: 500, maxMs, stallSeconds: STALL_SECONDS },
    );
  }

  async destroy(): Promise<void> {
    for (const s of this.sshds) await s.stop();
    for (const m of this.mounts) unmountTmpfs(m);
    await this.lab.destroy();
    rmSync(dirname(this.seed), { recursive: true, force: true });
  }
}

export function describeTally(what: string, t: TransferTally): string {
  const sample = t.failures.slice(0, 6).map((f) => `    ${f.client} #${f.n} ${f.what} (${f.startedAt.slice(11, 23)}-${f.endedAt.slice(11, 23)}): ${f.why}`);
  return [`${what}: ${t.transfers} transfers of 1 MB through the VIP, ${t.failed} failed`, ...sample].join('\n');
}
