/**
 * Running the agent on a backend through PowerShell remoting: a local
 * PowerShell runs scripts/Invoke-FtpsEnforcerRemote.ps1, which calls
 * Invoke-Command -HostName (SSH, PowerShell 7, any platform) or -ComputerName
 * (WinRM, Windows). What to run goes over as JSON data; the remote side runs
 * the agent with exactly those arguments.
 */
import { spawn } from 'node:child_process';
import { packageFile } from '../package-file.js';
import type { BackendAction, RolloutBackend } from './rollout-plan.js';

export type Transport = 'ssh' | 'winrm';

export interface RemotingOptions {
  transport: Transport;
  /** Local PowerShell (7 for ssh). */
  powershell: string;
  /** How ftps-enforcer is started on the backends: the command and any leading arguments. */
  agentCommand: string[];
  /** The desired-state file as a path ON the backends. */
  desiredPath: string;
  /** applicationHost.config on the backends (default: IIS's own). */
  configPath?: string;
  userName?: string;
  keyFilePath?: string;
  port?: number;
  sshOptions?: Record<string, string>;
  useSsl?: boolean;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
}

/** What came back from the backend. `reached: false`: remoting or the agent could not be started there. */
export type RemoteResult =
  | { reached: true; exitCode: number | null; stdout: string; stderr: string }
  | { reached: false; error: string };

/**
 * The FTP service's own count of its sessions on a backend (IIS's ftpServer/sessions runtime collection,
 * scripts/Get-FtpServiceSessions.ps1): it also sees clients that bypass the load balancer.
 * `readable: false` where it cannot be asked (not Windows, no IIS management assembly, service not answering).
 */
export type FtpServiceSessions =
  | { readable: true; total: number; sites: Array<{ name: string; sessions: number }> }
  | { readable: false; why: string };

export interface RemoteInvoker {
  readonly description: string;
  run(backend: RolloutBackend, action: BackendAction): Promise<RemoteResult>;
  /** Absent: this remoting cannot ask the FTP service, and the load balancer's count alone decides. */
  ftpSessions?(backend: RolloutBackend): Promise<FtpServiceSessions>;
}

/** The agent's arguments for an action (pure). restart: the shared configuration is already right; `--restart always` restarts ftpsvc and verifies. */
export function agentArguments(action: BackendAction, o: Pick<RemotingOptions, 'desiredPath' | 'configPath'>): string[] {
  return ['apply', '--desired', o.desiredPath, '--format', 'json', ...(action === 'restart' ? ['--restart', 'always'] : []), ...(o.configPath ? ['--config', o.configPath] : [])];
}

export class PowerShellRemoting implements RemoteInvoker {
  readonly description: string;
  constructor(private readonly o: RemotingOptions) {
    this.description = o.transport === 'ssh' ? 'PowerShell remoting over SSH (Invoke-Command -HostName)' : `PowerShell remoting over WinRM (Invoke-Command -ComputerName${o.useSsl ? ' -UseSSL' : ''})`;
  }

  async run(backend: RolloutBackend, action: BackendAction): Promise<RemoteResult> {
    const out = await this.invoke(backend, { agentCommand: this.o.agentCommand, arguments: agentArguments(action, this.o) });
    return 'error' in out ? { reached: false, error: out.error } : parseRemoteOutput(out.stdout, out.stderr, out.code);
  }

  async ftpSessions(backend: RolloutBackend): Promise<FtpServiceSessions> {
    const out = await this.invoke(backend, { action: 'ftp-sessions' });
    if ('error' in out) return { readable: false, why: out.error };
    return parseSessionsOutput(out.stdout, out.stderr, out.code);
  }

  /** Runs the remoting script once with this request; `error` when PowerShell could not be started or did not answer in time. */
  private invoke(backend: RolloutBackend, what: Record<string, unknown>): Promise<{ stdout: string; stderr: string; code: number | null } | { error: string }> {
    const request = {
      transport: this.o.transport,
      host: backend.remoteHost,
      ...what,
      ...(this.o.userName ? { userName: this.o.userName } : {}),
      ...(this.o.keyFilePath ? { keyFilePath: this.o.keyFilePath } : {}),
      ...(this.o.port ? { port: this.o.port } : {}),
      ...(this.o.sshOptions ? { sshOptions: this.o.sshOptions } : {}),
      ...(this.o.useSsl ? { useSsl: true } : {}),
    };
    const script = packageFile('scripts', 'Invoke-FtpsEnforcerRemote.ps1');
    const args = ['-NoLogo', '-NoProfile', '-NonInteractive', ...(process.platform === 'win32' ? ['-ExecutionPolicy', 'Bypass'] : []), '-File', script, '-RequestJson', JSON.stringify(request)];
    return new Promise((resolve) => {
      const child = spawn(this.o.powershell, args, { env: this.o.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), this.o.timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        resolve({ error: `PowerShell "${this.o.powershell}" could not be started (${err.message}); install PowerShell 7 or give --powershell.` });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL') return resolve({ error: `no answer from ${backend.remoteHost} within ${this.o.timeoutMs / 1000} s (--remote-timeout); the remote command was cut off` });
        resolve({ stdout, stderr, code });
      });
    });
  }
}

/** The script's one JSON line (the last line of stdout); anything else is reported with PowerShell's own words. */
export function parseRemoteOutput(stdout: string, stderr: string, code: number | null): RemoteResult {
  const line = stdout.trim().split('\n').pop() ?? '';
  let doc: { reached?: boolean; started?: boolean; error?: string; exitCode?: number | null; stdout?: string; stderr?: string };
  try {
    doc = JSON.parse(line) as typeof doc;
  } catch {
    return { reached: false, error: `the remoting script answered no result (exit ${code}): ${(stderr.trim() || stdout.trim()).slice(-400) || '(nothing)'}` };
  }
  if (!doc.reached) return { reached: false, error: doc.error ?? 'not reached' };
  if (doc.started === false) return { reached: false, error: doc.stderr || doc.error || 'the agent could not be started' };
  return { reached: true, exitCode: doc.exitCode ?? null, stdout: doc.stdout ?? '', stderr: doc.stderr ?? '' };
}

/** The script's one JSON line for an ftp-sessions request. */
export function parseSessionsOutput(stdout: string, stderr: string, code: number | null): FtpServiceSessions {
  const line = stdout.trim().split('\n').pop() ?? '';
  let doc: { reached?: boolean; error?: string; sessions?: { readable?: boolean; total?: unknown; sites?: unknown; why?: string } };
  try {
    doc = JSON.parse(line) as typeof doc;
  } catch {
    return { readable: false, why: `the remoting script answered no result (exit ${code}): ${(stderr.trim() || stdout.trim()).slice(-400) || '(nothing)'}` };
  }
  if (!doc.reached) return { readable: false, why: doc.error ?? 'not reached' };
  const s = doc.sessions;
  if (!s?.readable) return { readable: false, why: s?.why ?? 'no answer from the FTP service' };
  if (typeof s.total !== 'number' || !Number.isInteger(s.total) || s.total < 0) return { readable: false, why: `the backend answered a session count that is not a count (${JSON.stringify(s.total)})` };
  // ConvertTo-Json writes a one-element array as the element itself.
  const sites = (Array.isArray(s.sites) ? s.sites : s.sites ? [s.sites] : []) as Array<{ name: string; sessions: number }>;
  return { readable: true, total: s.total, sites: sites.map((x) => ({ name: String(x.name), sessions: Number(x.sessions) })) };
}
