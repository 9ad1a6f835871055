/**
 * The rollout plan (pure): which backends go out of service together, in what
 * order, and what happens on each. A backend is drained, emptied, changed
 * (`apply`, or only `restart` for a shared-configuration farm's readers),
 * checked, and put back; waves never take every backend out at once.
 */
import { UserError } from '../core/errors.js';

export interface RolloutBackend {
  /** The server's name at the load balancer (HAProxy `server` line, hook argument). */
  name: string;
  /** The backend's own IPv4 address (hook argument; direct probe). */
  address: string;
  /** How PowerShell remoting reaches it (-HostName / -ComputerName); default: the address. */
  remoteHost: string;
}

/** apply: run the agent there (it writes and restarts ftpsvc); restart: the configuration is already written (shared configuration), restart ftpsvc only. */
export type BackendAction = 'apply' | 'restart';

export const STEP_KINDS = ['drain', 'wait-sessions', 'apply', 'restart', 'check', 'ready', 'check-vip'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface BackendPlan {
  backend: RolloutBackend;
  action: BackendAction;
  steps: StepKind[];
}

/**
 * pinned-vip: the load balancer sends the check's connections to the drained backend (HAProxy's stick table), so
 * it is checked through the VIP before clients return. direct-then-vip: checked at its own address, put back,
 * then checked through the VIP (landing anywhere), and taken out again if that fails.
 */
export type CheckRoute = 'pinned-vip' | 'direct-then-vip';

export interface RolloutPlan {
  checkRoute: CheckRoute;
  /** per-backend: every backend applies its own configuration; shared-config: the first writes, the rest restart. */
  mode: 'per-backend' | 'shared-config';
  /** Backends out of service at once. */
  parallel: number;
  /** Waves run one after another; the backends of a wave run side by side. */
  waves: BackendPlan[][];
}

export interface PlanInput {
  backends: readonly RolloutBackend[];
  parallel: number;
  sharedConfig: boolean;
  checkRoute: CheckRoute;
  /** With sharedConfig: the backend that writes (default: the first). */
  writer?: string;
}

export function planRollout(input: PlanInput): RolloutPlan {
  const { backends, parallel } = input;
  if (backends.length === 0) throw new UserError('No backend to roll out to: give --backend NAME=IP for every IIS server behind the VIP.');
  if (!Number.isInteger(parallel) || parallel < 1) throw new UserError(`--parallel ${String(parallel)} is not a number of backends: give 1 or more (default 1).`);
  if (backends.length > 1 && parallel >= backends.length) {
    throw new UserError(`--parallel ${parallel} would take all ${backends.length} backends out of service at once and drop every transfer; give at most ${backends.length - 1}.`);
  }
  const steps = (action: BackendAction): StepKind[] =>
    input.checkRoute === 'pinned-vip' ? ['drain', 'wait-sessions', action, 'check', 'ready'] : ['drain', 'wait-sessions', action, 'check', 'ready', 'check-vip'];
  if (!input.sharedConfig) {
    return { checkRoute: input.checkRoute, mode: 'per-backend', parallel, waves: chunk(backends.map((b) => ({ backend: b, action: 'apply' as const, steps: steps('apply') })), parallel) };
  }
  const writer = input.writer === undefined ? backends[0]! : backends.find((b) => b.name.toLowerCase() === input.writer!.toLowerCase());
  if (!writer) throw new UserError(`--writer ${input.writer} is not one of the backends (${backends.map((b) => b.name).join(', ')}); name the backend that writes the shared configuration.`);
  const readers = backends.filter((b) => b !== writer);
  // The writer goes alone: if its apply fails, no other backend has been touched.
  return {
    checkRoute: input.checkRoute,
    mode: 'shared-config',
    parallel,
    waves: [[{ backend: writer, action: 'apply', steps: steps('apply') }], ...chunk(readers.map((b) => ({ backend: b, action: 'restart' as const, steps: steps('restart') })), parallel)],
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `--remote NAME=HOST` overrides, checked against the backend names. */
export function withRemoteHosts(backends: ReadonlyArray<{ name: string; address: string }>, remotes: readonly string[]): RolloutBackend[] {
  const map = new Map<string, string>();
  for (const item of remotes.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    const host = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (!name || !host) throw new UserError(`--remote "${item}" is not NAME=HOST; write e.g. --remote web1=web1.corp.example (the name as in --backend).`);
    if (!backends.some((b) => b.name.toLowerCase() === name.toLowerCase())) {
      throw new UserError(`--remote ${name}=${host} names no backend; the backends are ${backends.map((b) => b.name).join(', ')}.`);
    }
    map.set(name.toLowerCase(), host);
  }
  return backends.map((b) => ({ name: b.name, address: b.address, remoteHost: map.get(b.name.toLowerCase()) ?? b.address }));
}
