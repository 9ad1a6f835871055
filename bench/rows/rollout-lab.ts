/**
 * The rollout section of `npm run bench` (issue 18): in the end-to-end lab,
 * 6 clients transfer 1 MB files through the VIP while `ftps-enforcer rollout`
 * fixes both backends (drained one at a time through HAProxy's runtime API,
 * applied over PowerShell remoting over SSH), then the negative control:
 * `apply` on both at once under the same load. The same scenario as
 * test/e2e/rollout/rollout.test.ts, which asserts what this only measures.
 * Needs root (namespaces) and the lab's packages; says so instead of a number.
 */
import { performance } from 'node:perf_hooks';
import { RolloutLab, LOAD_CLIENTS } from '../../test/e2e/rollout/rollout-lab.js';
import type { TransferLoad, TransferTally } from '../../test/e2e/lab/transfer-load.js';

async function underLoad(r: RolloutLab, action: () => Promise<boolean>): Promise<{ tally: TransferTally; ms: number; ok: boolean }> {
  const load = r.load(600_000);
  load.start(LOAD_CLIENTS);
  await until(load, LOAD_CLIENTS.length);
  const t0 = performance.now();
  let ok = false;
  try {
    ok = await action();
    await until(load, load.tally.transfers + LOAD_CLIENTS.length);
  } finally {
    await load.stop();
  }
  return { tally: load.tally, ms: performance.now() - t0, ok };
}

async function until(load: TransferLoad, n: number): Promise<void> {
  for (let i = 0; i < 600 && load.tally.transfers < n; i++) await new Promise((res) => setTimeout(res, 100));
}

export async function runRolloutSection(): Promise<string> {
  const head = ['### Rolling a fix under load (lab)', '', '| scenario | transfers of 1 MB through the VIP | failed | seconds |', '|---|---:|---:|---:|'];
  if (process.getuid?.() !== 0) return [...head, '| (not measured: the lab needs root for network namespaces) | | | |'].join('\n');
  process.stderr.write('  rollout lab: rollout under load, then apply on both at once...\n');
  const r = await RolloutLab.create();
  try {
    const rollout = await underLoad(r, async () => (await r.rollout()).status === 0);
    await r.resetToDrift();
    const control = await underLoad(r, async () => (await r.applyAllAtOnce()).every((a) => a.status === 0));
    const row = (what: string, m: typeof rollout) => `| ${what}${m.ok ? '' : ' (**exited non-zero**)'} | ${m.tally.transfers} | ${m.tally.failed} | ${(m.ms / 1000).toFixed(0)} |`;
    return [...head, row('`rollout`: one backend at a time, HAProxy drain, SSH remoting', rollout), row('negative control: `apply` on both backends at once', control)].join('\n');
  } finally {
    await r.destroy();
  }
}
