/**
 * Any load balancer through a hook command (F5, NetScaler, Azure Load
 * Balancer...): `<hook> drain|ready|sessions <server> <address>`, the same in
 * FTPS_ROLLOUT_ACTION / _SERVER / _ADDRESS. Exit 0 done (`sessions` prints the
 * count on its first stdout line); exit 3 from `sessions`: this load balancer
 * cannot tell (the rollout then waits the whole drain timeout); anything else
 * is a failure and stops the rollout. docs/rollout.md has the contract and
 * examples.
 */
import { spawn } from 'node:child_process';
import { LoadBalancerError, type LoadBalancerDriver, type SessionCount } from './load-balancer.js';

export const HOOK_EXIT = { ok: 0, cannotTell: 3 } as const;
export type HookAction = 'drain' | 'ready' | 'sessions';

export interface HookResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export type HookRunner = (argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number) => Promise<HookResult>;

/** Splits a command line on blanks; double or single quotes keep a part together (no shell is involved). */
export function splitCommandLine(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

export const spawnHook: HookRunner = (argv, env, timeoutMs) =>
  new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${err.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });

export class HookDriver implements LoadBalancerDriver {
  readonly description: string;
  constructor(
    private readonly command: string[],
    private readonly addressOf: (server: string) => string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs: number,
    private readonly runner: HookRunner = spawnHook,
  ) {
    this.description = `hook ${command.join(' ')}`;
  }

  private async call(action: HookAction, server: string): Promise<HookResult> {
    const address = this.addressOf(server);
    const r = await this.runner([...this.command, action, server, address], { ...this.env, FTPS_ROLLOUT_ACTION: action, FTPS_ROLLOUT_SERVER: server, FTPS_ROLLOUT_ADDRESS: address }, this.timeoutMs);
    const said = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | ');
    if (r.timedOut) throw new LoadBalancerError(`The load-balancer hook did not finish "${action} ${server}" within ${this.timeoutMs / 1000} s (killed)${said ? `: ${said}` : ''}.`);
    if (r.code === null) throw new LoadBalancerError(`The load-balancer hook could not be run for "${action} ${server}": ${said}; check --lb-hook.`);
    if (r.code !== HOOK_EXIT.ok && !(action === 'sessions' && r.code === HOOK_EXIT.cannotTell)) {
      throw new LoadBalancerError(`The load-balancer hook failed "${action} ${server}" (exit ${r.code})${said ? `: ${said}` : ''}.`);
    }
    return r;
  }

  async drain(server: string): Promise<void> {
    await this.call('drain', server);
  }

  async ready(server: string): Promise<void> {
    await this.call('ready', server);
  }

  async sessions(server: string): Promise<SessionCount | null> {
    const r = await this.call('sessions', server);
    if (r.code === HOOK_EXIT.cannotTell) return null;
    const first = r.stdout.trim().split('\n')[0]?.trim() ?? '';
    if (!/^\d+$/.test(first)) throw new LoadBalancerError(`The load-balancer hook's "sessions ${server}" printed "${first.slice(0, 80)}", not a number of sessions; print the count on the first line, or exit 3 when the load balancer cannot tell.`);
    return { total: Number(first), detail: `hook: ${first} session(s)` };
  }
}
