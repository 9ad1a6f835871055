/** Running lab commands: bounded in time, output captured, failures that say what ran. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

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
