/**
 * The lab network: a client namespace, a load-balancer namespace holding the
 * VIP, and two backend namespaces behind a bridge. Addresses exist only inside
 * these namespaces. The LB does not route (ip_forward=0), so a client sent to a
 * backend address times out exactly as through a real VIP.
 *
 *   client 10.99.0.10 ── veth ── LB 10.99.0.1 + VIP 10.99.0.100 │ bridge 10.99.1.1 ── be1 10.99.1.11, be2 10.99.1.12
 */
import { readFileSync } from 'node:fs';
import { must, run } from './exec.js';
import { processIsAlive } from '../../../src/apply/powershell-stamp.js';
import { unmountStaleLabMounts } from './tmpfs.js';

export const VIP = '10.99.0.100';
export const CLIENT_ADDRESS = '10.99.0.10';
export const LB_BACKEND_SIDE = '10.99.1.1';

export interface BackendNode {
  name: 'be1' | 'be2';
  ns: string;
  address: string;
}

export interface Topology {
  prefix: string;
  client: string;
  lb: string;
  backends: [BackendNode, BackendNode];
}

const NAME = /^ftl(\d+)-/;
const LINK = /^ftl(\d+)[a-z]/;

/** Every name this run creates starts with ftl<pid>-, so a later run can tell leftovers of a dead run. */
export function topologyFor(pid: number): Topology {
  const prefix = `ftl${pid}`;
  return {
    prefix,
    client: `${prefix}-client`,
    lb: `${prefix}-lb`,
    backends: [
      { name: 'be1', ns: `${prefix}-be1`, address: '10.99.1.11' },
      { name: 'be2', ns: `${prefix}-be2`, address: '10.99.1.12' },
    ],
  };
}

/** Kills every process in the namespace (by the PIDs `ip netns pids` lists) and deletes it. */
export function deleteNamespace(ns: string): void {
  for (const pid of run('ip', ['netns', 'pids', ns]).stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  run('ip', ['netns', 'delete', ns]);
}

/** Removes namespaces and links left by lab runs whose process is gone (a killed run never reached `after`). */
export function removeStaleLabs(): string[] {
  const removed: string[] = [];
  for (const line of run('ip', ['netns', 'list']).stdout.split('\n')) {
    const ns = line.split(' ')[0] ?? '';
    const m = NAME.exec(ns);
    if (m && !processIsAlive(Number(m[1]))) {
      deleteNamespace(ns);
      removed.push(ns);
    }
  }
  for (const line of run('ip', ['-o', 'link', 'show']).stdout.split('\n')) {
    const link = (/^\d+:\s+([^:@]+)/.exec(line)?.[1] ?? '').trim();
    const m = LINK.exec(link);
    if (m && !processIsAlive(Number(m[1]))) {
      run('ip', ['link', 'delete', link]);
      removed.push(link);
    }
  }
  // A killed run's tmpfs mounts (tmpfs.ts) are left behind too.
  removed.push(...unmountStaleLabMounts().map((m) => `mount ${m}`));
  // Lab users are named like their run (lab.ts).
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const m = /^(ftl(\d+)):/.exec(line);
    if (m && !processIsAlive(Number(m[2]))) {
      run('userdel', [m[1]!]);
      removed.push(`user ${m[1]}`);
    }
  }
  return removed;
}

const ip = (ns: string, ...args: string[]) => must('ip', ['-n', ns, ...args]);

export function createTopology(t: Topology): void {
  for (const ns of [t.client, t.lb, ...t.backends.map((b) => b.ns)]) {
    must('ip', ['netns', 'add', ns]);
    ip(ns, 'link', 'set', 'lo', 'up');
  }
  // client <-> LB
  must('ip', ['link', 'add', `${t.prefix}c`, 'netns', t.client, 'type', 'veth', 'peer', 'name', `${t.prefix}l`, 'netns', t.lb]);
  ip(t.client, 'addr', 'add', `${CLIENT_ADDRESS}/24`, 'dev', `${t.prefix}c`);
  ip(t.client, 'addr', 'add', '10.99.0.11/24', 'dev', `${t.prefix}c`);
  ip(t.client, 'link', 'set', `${t.prefix}c`, 'up');
  ip(t.lb, 'addr', 'add', '10.99.0.1/24', 'dev', `${t.prefix}l`);
  ip(t.lb, 'addr', 'add', `${VIP}/24`, 'dev', `${t.prefix}l`);
  ip(t.lb, 'link', 'set', `${t.prefix}l`, 'up');
  // The client may try a backend address (that is the bug) and must then time out at the LB, not fail fast.
  ip(t.client, 'route', 'add', '10.99.1.0/24', 'via', '10.99.0.1');
  must('ip', ['netns', 'exec', t.lb, 'sysctl', '-qw', 'net.ipv4.ip_forward=0']);
  // LB bridge <-> backends
  ip(t.lb, 'link', 'add', `${t.prefix}br`, 'type', 'bridge');
  ip(t.lb, 'addr', 'add', `${LB_BACKEND_SIDE}/24`, 'dev', `${t.prefix}br`);
  ip(t.lb, 'link', 'set', `${t.prefix}br`, 'up');
  t.backends.forEach((b, i) => {
    must('ip', ['link', 'add', `${t.prefix}b${i + 1}`, 'netns', b.ns, 'type', 'veth', 'peer', 'name', `${t.prefix}p${i + 1}`, 'netns', t.lb]);
    ip(b.ns, 'addr', 'add', `${b.address}/24`, 'dev', `${t.prefix}b${i + 1}`);
    ip(b.ns, 'link', 'set', `${t.prefix}b${i + 1}`, 'up');
    ip(t.lb, 'link', 'set', `${t.prefix}p${i + 1}`, 'master', `${t.prefix}br`, 'up');
  });
}

export function destroyTopology(t: Topology): void {
  for (const ns of [t.client, t.lb, ...t.backends.map((b) => b.ns)]) deleteNamespace(ns);
}
