/**
 * The whole lab for one test run: namespaces, certificates, a local FTP user,
 * two vsftpd backends driven by their own applicationHost.config, HAProxy on
 * the VIP, and the commands the scenario runs (lftp, probe, apply) in the
 * right namespace. `destroy` removes everything and is safe to call twice.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { must, run, runAsync, type RunResult } from './exec.js';
import { createTopology, destroyTopology, removeStaleLabs, topologyFor, VIP, type Topology } from './topology.js';
import { makeCerts, type LabCerts } from './certs.js';
import { renderVsftpdConf, startVsftpd, stopVsftpd, type BackendSetup } from './vsftpd.js';
import { restartBackend } from './restart-backend.js';
import { HaproxyProcess } from './haproxy.js';
import { ensureUser } from './lab-user.js';
import { cliInvocation, hookEnv, labDesiredState, type LabBackend } from './lab-env.js';
import { repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';

export const VIP_NAME = 'ftp.lab.test';
export const PASSIVE = { low: 50000, high: 50099 };

export class Lab {
  readonly topology: Topology;
  readonly dir: string;
  readonly backends: LabBackend[] = [];
  private readonly extraServers: BackendSetup[] = [];
  readonly haproxy: HaproxyProcess;
  readonly desiredFile: string;
  certs!: LabCerts;
  readonly password = randomBytes(12).toString('base64url');
  /** A local account per run (named like the run's namespaces), so concurrent runs never share a password. */
  readonly user: string;

  /** Each backend's starting applicationHost.config text (the fixture, or the fixture as `startConfig` changed it). */
  private readonly startConfigs = new Map<string, string>();

  private constructor(
    readonly fixture: string,
    private readonly startConfig: (fixtureText: string, backend: BackendSetup) => string,
  ) {
    this.topology = topologyFor(process.pid);
    this.user = this.topology.prefix;
    this.dir = mkdtempSync(join(tmpdir(), `ftps-lab-${process.pid}-`));
    chmodSync(this.dir, 0o755); // vsftpd sessions run as the lab user and must reach their folders
    this.haproxy = new HaproxyProcess(this.topology.lb, this.dir);
    this.desiredFile = join(this.dir, 'desired.json');
  }

  /**
   * Builds the lab with every backend on `apphostFixture` (a copy each, changed per backend by `startConfig`
   * if given), started as IIS would start ftpsvc.
   */
  static async create(apphostFixture: string, startConfig: (fixtureText: string, backend: BackendSetup) => string = (t) => t): Promise<Lab> {
    removeStaleLabs();
    const lab = new Lab(apphostFixture, startConfig);
    try {
      createTopology(lab.topology);
      lab.certs = makeCerts(lab.dir, VIP_NAME, VIP);
      ensureUser(lab.user, lab.password);
      writeFileSync(lab.desiredFile, JSON.stringify(labDesiredState(VIP, PASSIVE), null, 2));
      for (const node of lab.topology.backends) lab.backends.push(await lab.addBackend(node));
    } catch (err) {
      await lab.destroy();
      throw err;
    }
    return lab;
  }

  private async addBackend(node: Topology['backends'][number]): Promise<LabBackend> {
    const dir = join(this.dir, node.name);
    const setup: BackendSetup = {
      name: node.name,
      ns: node.ns,
      address: node.address,
      dir,
      filesDir: join(dir, 'files'),
      emptyDir: join(dir, 'empty'),
      cert: this.certs.serverCert,
      key: this.certs.serverKey,
      user: this.user,
    };
    for (const d of [dir, setup.filesDir, setup.emptyDir, join(dir, 'double-state')]) mkdirSync(d, { recursive: true });
    chmodSync(dir, 0o755);
    const uid = Number(must('id', ['-u', this.user]).trim());
    const gid = Number(must('id', ['-g', this.user]).trim());
    chownSync(setup.filesDir, uid, gid);
    // A file per backend, so a listing shows which backend answered.
    writeFileSync(join(setup.filesDir, `served-by-${node.name}.txt`), `${node.name}\n`);
    chownSync(join(setup.filesDir, `served-by-${node.name}.txt`), uid, gid);
    const apphost = join(dir, 'applicationHost.config');
    const start = this.startConfig(readFileSync(this.fixture, 'utf8'), setup);
    this.startConfigs.set(setup.name, start);
    writeFileSync(apphost, start);
    writeFileSync(join(dir, 'backend.json'), JSON.stringify(setup, null, 2));
    // Boot: ftpsvc starts with whatever the configuration says (the restart hook's own code path).
    await restartBackend(apphost, dir);
    return { ...setup, apphost, stateDir: join(dir, 'double-state') };
  }

  /** lftp in the client namespace, PASV forced and its silent address fix-up off (LAB.md), bounded in time. */
  lftp(commands: string, timeoutMs = 30_000): RunResult {
    const home = join(this.dir, 'lftp-home');
    mkdirSync(home, { recursive: true });
    const settings = [
      'set ftp:prefer-epsv no',
      'set ftp:fix-pasv-address no',
      'set ftp:passive-mode yes',
      'set ftp:ssl-force yes',
      'set ftp:ssl-protect-data yes',
      `set ssl:ca-file ${this.certs.caCert}`,
      'set ssl:verify-certificate yes',
      'set net:timeout 3',
      'set net:max-retries 1',
      'set net:reconnect-interval-base 1',
      'set net:persist-retries 0',
      'set dns:order inet',
      'set xfer:clobber yes',
      'set cmd:fail-exit yes',
      'debug 4',
    ].join('; ');
    return run('ip', ['netns', 'exec', this.topology.client, 'lftp', '-c', `${settings}; open --env-password -u ${this.user} ftps://${VIP}; ${commands}`], {
      env: { ...process.env, HOME: home, LFTP_PASSWORD: this.password },
      cwd: this.dir,
      timeoutMs,
    });
  }

  /** `ftps-enforcer probe` against the VIP from the client namespace; the password travels in the environment. */
  probe(args: string[], o: { ca?: boolean; timeoutSeconds?: number } = {}): RunResult {
    const ca = o.ca === false ? [] : ['--ca', this.certs.caCert];
    const timeout = String(o.timeoutSeconds ?? 2);
    return run('ip', ['netns', 'exec', this.topology.client, ...cliInvocation(), 'probe', '--host', VIP, '--user', this.user, ...ca, '--timeout', timeout, ...args], {
      env: { ...process.env, FTPS_PROBE_PASSWORD: this.password, NO_COLOR: '1' },
      cwd: this.dir,
      timeoutMs: 120_000,
    });
  }

  /** Environment of everything that runs "on" a backend: real pwsh, the WebAdministration double first on PSModulePath, the restart hook. */
  backendEnv(b: LabBackend): NodeJS.ProcessEnv {
    const doubles = join(repoRoot, 'test', 'doubles');
    return pwshEnv({
      ...hookEnv(b),
      PSModulePath: [doubles, process.env.PSModulePath].filter(Boolean).join(':'),
      FTPS_ENFORCER_STATE_DIR: join(b.dir, 'enforcer-state'),
      NO_COLOR: '1',
    });
  }

  /** `ftps-enforcer apply` for one backend, run inside that backend's namespace as the scheduled task would be. */
  apply(b: LabBackend, extra: string[] = []): Promise<RunResult> {
    return runAsync('ip', ['netns', 'exec', b.ns, ...cliInvocation(), 'apply', '--desired', this.desiredFile, '--config', b.apphost, '--powershell', findPwsh(), ...extra], {
      env: this.backendEnv(b),
      cwd: b.dir,
      timeoutMs: 180_000,
    });
  }

  /** `ftps-enforcer audit` for one backend (exit 0 compliant, 2 drift), as the scheduled task's check would run. */
  audit(b: LabBackend): Promise<RunResult> {
    return runAsync('ip', ['netns', 'exec', b.ns, ...cliInvocation(), 'audit', '--desired', this.desiredFile, '--config', b.apphost], {
      env: this.backendEnv(b),
      cwd: b.dir,
      timeoutMs: 180_000,
    });
  }

  /**
   * Negative control, step 1: the troubleshooting guide's own PowerShell, which writes externalIp4Address
   * on system.ftpServer/firewallSupport (a scope IIS does not have), then the port range, then restarts ftpsvc.
   */
  applyGuideScript(b: LabBackend): Promise<RunResult> {
    return this.pwsh(b, [
      "$ErrorActionPreference = 'Stop'",
      'Import-Module WebAdministration',
      `Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.ftpServer/firewallSupport' -Name 'externalIp4Address' -Value '${VIP}'`,
      `Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.ftpServer/firewallSupport' -Name 'lowDataChannelPort' -Value ${PASSIVE.low}`,
      `Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Filter 'system.ftpServer/firewallSupport' -Name 'highDataChannelPort' -Value ${PASSIVE.high}`,
      'Restart-Service ftpsvc',
    ]);
  }

  /**
   * Negative control, step 2: an enforcer that writes the file the way the guide's XML sample shows (the
   * address on system.ftpServer/firewallSupport, beside a correct port range) and restarts ftpsvc.
   */
  async applyWrongScopeEdit(b: LabBackend): Promise<RunResult> {
    const text = readFileSync(b.apphost, 'utf8');
    const edited = text.replace(
      /(<system\.ftpServer>[\s\S]*?)<firewallSupport\s*\/>/,
      `$1<firewallSupport lowDataChannelPort="${PASSIVE.low}" highDataChannelPort="${PASSIVE.high}" externalIp4Address="${VIP}" />`,
    );
    if (edited === text) throw new Error(`no empty <firewallSupport /> under <system.ftpServer> in ${b.apphost}`);
    writeFileSync(b.apphost, edited);
    return this.pwsh(b, ["$ErrorActionPreference = 'Stop'", 'Import-Module WebAdministration', 'Restart-Service ftpsvc']);
  }

  /** Puts the backend's configuration back to the one it started from (the next apply restarts ftpsvc). */
  resetConfig(b: LabBackend): void {
    const start = this.startConfigs.get(b.name);
    if (start === undefined) throw new Error(`no starting configuration recorded for ${b.name}`);
    writeFileSync(b.apphost, start);
  }

  private pwsh(b: LabBackend, lines: string[]): Promise<RunResult> {
    return runAsync('ip', ['netns', 'exec', b.ns, findPwsh(), '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', lines.join('; ')], { env: this.backendEnv(b), cwd: b.dir, timeoutMs: 180_000 });
  }

  /**
   * A second server on a backend for explicit FTPS (AUTH TLS on 21), advertising its own address: the
   * guide's "direct connection works" case, probed from the LB namespace, which can reach the backend.
   */
  async startExplicit(b: LabBackend): Promise<void> {
    const dir = join(b.dir, 'explicit');
    mkdirSync(dir, { recursive: true });
    const setup: BackendSetup = { ...b, dir, name: `${b.name}-explicit` };
    writeFileSync(join(dir, 'vsftpd.conf'), renderVsftpdConf(setup, { pasvAddress: b.address, addressFrom: 'default', minPort: PASSIVE.low, maxPort: PASSIVE.high }, 'explicit'));
    await startVsftpd(setup, 21);
    this.extraServers.push(setup);
  }

  /** `probe` from the load balancer's namespace straight to a backend (no VIP in between). */
  probeDirect(b: LabBackend, args: string[]): RunResult {
    return run('ip', ['netns', 'exec', this.topology.lb, ...cliInvocation(), 'probe', '--host', b.address, '--user', this.user, '--ca', this.certs.caCert, '--timeout', '2', ...args], {
      env: { ...process.env, FTPS_PROBE_PASSWORD: this.password, NO_COLOR: '1' },
      cwd: this.dir,
      timeoutMs: 120_000,
    });
  }

  async destroy(): Promise<void> {
    await this.haproxy.stop();
    for (const b of [...this.backends, ...this.extraServers]) await stopVsftpd(b);
    destroyTopology(this.topology);
    run('userdel', [this.user]);
    if (!process.env.LAB_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }
}
