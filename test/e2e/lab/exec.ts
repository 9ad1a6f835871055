/** Running lab commands: bounded in time, output captured, failures that say what ran. */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

type Opts = SpawnSyncOptions & { timeoutMs?: number };

/** Runs a command to completion (default 20 s, then SIGKILL); never throws on a non-zero exit. */
export function run(cmd: string, args: string[], opts: Opts = {}): RunResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 20_000, killSignal: 'SIGKILL', ...opts });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** Runs a command that must succeed; throws with its stderr otherwise. */
export function must(cmd: string, args: string[], opts: Opts = {}): string {
  const r = run(cmd, args, opts);
  if (r.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` exited ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** `ip netns exec NS cmd args`. */
export function inNs(ns: string, cmd: string, args: string[], opts: Opts = {}): RunResult {
  return run('ip', ['netns', 'exec', ns, cmd, ...args], opts);
}

/** Like run, without blocking the event loop: for work that runs on several backends at once. */
export function runAsync(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(' ')}: ${e.message}`));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** True once the process is gone, or is a zombie nobody reaped yet (in containers PID 1 may never reap). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}
