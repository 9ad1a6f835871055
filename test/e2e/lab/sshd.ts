/**
 * PowerShell remoting over SSH into a lab backend: an sshd of its own in the
 * backend's namespace, on the backend's address, with PowerShell's SSH
 * subsystem (`pwsh -sshs`). What a Windows backend has installed (the
 * WebAdministration module, the agent, its applicationHost.config) comes in
 * through `SetEnv`: the WebAdministration double first on PSModulePath, the
 * restart hook, and the agent wrapper (test/e2e/lab/backend-agent.sh).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNs, must, processGone } from './exec.js';

export interface SshdSetup {
  ns: string;
  address: string;
  dir: string;
  pwsh: string;
  authorizedKeys: string;
  /** Environment of every session (sshd_config SetEnv). */
  env: Record<string, string>;
}

/** The lab's client key pair (one per run): PowerShell's ssh client logs in as root with it. */
export function makeClientKey(dir: string): { privateKey: string; authorizedKeys: string } {
  const privateKey = join(dir, 'rollout_ed25519');
  if (!existsSync(privateKey)) must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ftps-enforcer lab', '-f', privateKey]);
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${privateKey}.pub`));
  return { privateKey, authorizedKeys };
}

/** sshd_config for one backend (pure). SetEnv values may not contain blanks or quotes. */
export function renderSshdConfig(s: SshdSetup): string {
  for (const [k, v] of Object.entries(s.env)) if (/[\s"']/.test(v)) throw new Error(`SetEnv ${k}=${v}: blanks and quotes are not supported`);
  return [
    `ListenAddress ${s.address}`,
    'Port 22',
    `HostKey ${join(s.dir, 'ssh_host_ed25519_key')}`,
    `PidFile ${join(s.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${s.authorizedKeys}`,
    // The lab's folders are not root-only; nothing else logs in here.
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'LogLevel ERROR',
    `Subsystem powershell ${s.pwsh} -sshs -NoLogo -NoProfile`,
    `SetEnv ${Object.entries(s.env).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    '',
  ].join('\n');
}

export class LabSshd {
  private pid: number | undefined;
  constructor(readonly setup: SshdSetup) {}

  async start(): Promise<void> {
    mkdirSync(this.setup.dir, { recursive: true });
    mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory
    const hostKey = join(this.setup.dir, 'ssh_host_ed25519_key');
    if (!existsSync(hostKey)) must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    const conf = join(this.setup.dir, 'sshd_config');
    writeFileSync(conf, renderSshdConfig(this.setup));
    const check = inNs(this.setup.ns, '/usr/sbin/sshd', ['-t', '-f', conf]);
    if (check.status !== 0) throw new Error(`sshd rejects ${conf}: ${check.stderr.trim()}`);
    // -D: stays in the foreground, so this PID is sshd's; -e: errors to stderr (kept in sshd.log).
    const child = spawn('ip', ['netns', 'exec', this.setup.ns, '/usr/sbin/sshd', '-D', '-e', '-f', conf, '-E', join(this.setup.dir, 'sshd.log')], { detached: true, stdio: 'ignore' });
    child.unref();
    this.pid = child.pid;
    for (let i = 0; i < 300; i++) {
      if (inNs(this.setup.ns, 'ss', ['-Hltn', 'sport = :22']).stdout.includes(':22')) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`sshd in ${this.setup.ns} did not listen on ${this.setup.address}:22 within 10 s`);
  }

  async stop(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    this.pid = undefined;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 200 && !processGone(pid); i++) await new Promise((r) => setTimeout(r, 10));
  }
}
