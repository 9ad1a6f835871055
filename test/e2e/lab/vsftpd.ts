/**
 * vsftpd standing in for IIS FTP on a backend: Implicit TLS on 990, and the
 * passive address and port range IIS would use given the backend's
 * applicationHost.config (rendered by render-vsftpd.ts on every ftpsvc restart).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNs, processGone, run } from './exec.js';

/** What stays fixed for a backend across restarts; saved as backend.json in its folder for the restart hook. */
export interface BackendSetup {
  name: string;
  ns: string;
  address: string;
  dir: string;
  filesDir: string;
  emptyDir: string;
  cert: string;
  key: string;
  user: string;
  /**
   * vsftpd's own pace for every data transfer (local_max_rate), bytes per second; unset: no limit. The
   * rollout lab sets it so a transfer keeps its session busy for seconds on the server's side: a client-side
   * limit alone lets vsftpd hand a whole 1 MB download to the kernel's socket buffers at once and finish,
   * so a restart finds few sessions still transferring.
   */
  maxRateBytesPerSecond?: number;
  /**
   * vsftpd's data_connection_timeout, seconds (default 15): how long a transfer may make no progress before
   * vsftpd ends it. The rollout lab allows more, so a client that a busy machine holds up for a while is
   * not cut by the server (that would count as a failed transfer the rollout never caused).
   */
  dataConnectionTimeoutSeconds?: number;
}

/** What IIS would advertise, from the effective settings of the configuration. */
export interface PassiveSettings {
  pasvAddress: string;
  /** Where the address came from: the site, siteDefaults, or none set (the backend's own address). */
  addressFrom: 'site' | 'siteDefaults' | 'default';
  minPort: number;
  maxPort: number;
}

/** IIS uses Windows' dynamic range when both ports are 0 (DOMAIN.md). */
export const WINDOWS_DYNAMIC_RANGE = { low: 49152, high: 65535 };

/** implicit: TLS from the first byte on 990 (the IIS site under test); explicit: AUTH TLS required on 21. */
export type FtpsMode = 'implicit' | 'explicit';

export function renderVsftpdConf(b: BackendSetup, p: PassiveSettings, mode: FtpsMode = 'implicit'): string {
  return [
    `# rendered for ${b.name} from its applicationHost.config (external address from ${p.addressFrom})`,
    'listen=YES',
    'listen_ipv6=NO',
    `listen_address=${b.address}`,
    `listen_port=${mode === 'implicit' ? 990 : 21}`,
    'background=NO',
    // The default seccomp sandbox kills every session on this kernel ("500 OOPS: child died").
    'seccomp_sandbox=NO',
    'anonymous_enable=NO',
    'local_enable=YES',
    'write_enable=YES',
    'local_umask=022',
    `local_root=${b.filesDir}`,
    `secure_chroot_dir=${b.emptyDir}`,
    'pam_service_name=vsftpd',
    `ftpd_banner=lab backend ${b.name}`,
    'ssl_enable=YES',
    `implicit_ssl=${mode === 'implicit' ? 'YES' : 'NO'}`,
    `rsa_cert_file=${b.cert}`,
    `rsa_private_key_file=${b.key}`,
    'ssl_ciphers=HIGH',
    'force_local_logins_ssl=YES',
    'force_local_data_ssl=YES',
    'require_ssl_reuse=YES',
    'pasv_enable=YES',
    `pasv_address=${p.pasvAddress}`,
    `pasv_min_port=${p.minPort}`,
    `pasv_max_port=${p.maxPort}`,
    // Bounded waits so a client sent elsewhere does not hold a session for a minute.
    'accept_timeout=5',
    'connect_timeout=5',
    `data_connection_timeout=${b.dataConnectionTimeoutSeconds ?? 15}`,
    'idle_session_timeout=30',
    ...(b.maxRateBytesPerSecond ? [`local_max_rate=${b.maxRateBytesPerSecond}`] : []),
    'xferlog_enable=YES',
    'xferlog_std_format=NO',
    'log_ftp_protocol=YES',
    `vsftpd_log_file=${join(b.dir, 'vsftpd.log')}`,
    '',
  ].join('\n');
}

const pidFile = (b: BackendSetup) => join(b.dir, 'vsftpd.pid');

/**
 * Stops the backend's vsftpd and its sessions, as stopping ftpsvc ends IIS's: the listener was started
 * detached, so its PID is its process group; each session, though, is forked into a session of its own
 * (setsid), so the sessions are found by their command line (this backend's vsftpd.conf) among the
 * namespace's processes. Waits until they are gone.
 */
export async function stopVsftpd(b: BackendSetup): Promise<void> {
  if (!existsSync(pidFile(b))) return;
  const pid = Number(readFileSync(pidFile(b), 'utf8'));
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone; its sessions may not be
  }
  const sessions = sessionPids(b);
  for (const p of sessions) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // ended on its own
    }
  }
  for (const p of [pid, ...sessions]) for (let i = 0; i < 200 && !processGone(p); i++) await new Promise((r) => setTimeout(r, 10));
}

/** vsftpd processes in the backend's namespace started with this backend's vsftpd.conf (the listener's forks). */
function sessionPids(b: BackendSetup): number[] {
  const conf = join(b.dir, 'vsftpd.conf');
  return run('ip', ['netns', 'pids', b.ns])
    .stdout.split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes(conf);
      } catch {
        return false;
      }
    });
}

/** Starts vsftpd inside the backend's namespace and waits until it accepts connections on its port. */
export async function startVsftpd(b: BackendSetup, port = 990): Promise<number> {
  const conf = join(b.dir, 'vsftpd.conf');
  // `ip netns exec` execs the command, so the child PID is vsftpd's (background=NO).
  const child = spawn('ip', ['netns', 'exec', b.ns, 'vsftpd', conf], { detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error(`could not start vsftpd for ${b.name}`);
  writeFileSync(pidFile(b), String(pid));
  await waitListening(b, port);
  return pid;
}

async function waitListening(b: BackendSetup, port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const r = inNs(b.ns, 'ss', ['-Hltn', `sport = :${port}`]);
    if (r.stdout.includes(`:${port}`)) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  const log = existsSync(join(b.dir, 'vsftpd.log')) ? readFileSync(join(b.dir, 'vsftpd.log'), 'utf8').slice(-500) : '';
  throw new Error(`vsftpd for ${b.name} did not listen on ${b.address}:${port} within 10 s ${log}`);
}
