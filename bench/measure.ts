/**
 * Child process of the benchmark: runs one in-process row over one file and
 * prints JSON. `time` mode: `reps` runs after a warm-up (until the JIT has settled, at most 5 s), each run's wall time
 * (and CPU time). Each run keeps its result alive until it ends, and lets it go before the next run starts,
 * as one command does: with the previous run's state and plan still held, every run also paid for copying
 * and marking them, which no real run does. `memory` mode: one cold run; peak RSS (getrusage maxRSS) above the RSS
 * measured after the row was prepared and before the file was touched.
 *
 *   node dist/bench/measure.js <row-id> <file> time|memory [reps]
 */
import { performance } from 'node:perf_hooks';
import { rows } from './rows/index.js';

export interface MeasureResult {
  /** Wall time of each run, ms. */
  times?: number[];
  /** CPU time (user + system) of each run, ms: what the run cost, whatever else the machine was doing. */
  cpuTimes?: number[];
  baselineRss?: number;
  peakRss?: number;
}

async function main(): Promise<void> {
  const [id, file, mode, repsText] = process.argv.slice(2);
  const row = rows.find((r) => r.id === id);
  if (!row || row.kind !== 'in-process' || !file) throw new Error(`usage: measure <in-process row id> <file> time|memory [reps]`);
  await row.prepare?.(file);
  let keep: unknown;
  if (mode === 'memory') {
    global.gc?.();
    const baselineRss = process.memoryUsage().rss;
    keep = row.run(file);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    out({ baselineRss, peakRss });
  } else {
    const reps = Number(repsText ?? 5);
    // Warm up until the JIT has settled: V8 optimises on its own threads, whose CPU time counts as this
    // process's, so a run still paying for compilation uses more CPU than wall time. Warm means at least
    // 5 runs and 0.5 s, and the last 3 runs each used no more CPU than their wall time (+10 %); slow rows
    // (a full parse of 50,000 sites by a general XML library) stop after 5 s whatever.
    const warmStart = performance.now();
    let quiet = 0;
    for (let i = 0; ; i++) {
      keep = undefined;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      keep = row.run(file);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      quiet = (c.user + c.system) / 1000 <= wall * 1.1 + 0.2 ? quiet + 1 : 0;
      const elapsed = performance.now() - warmStart;
      if ((i >= 4 && elapsed >= 500 && quiet >= 3) || elapsed >= 5000) break;
    }
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < reps; i++) {
      keep = undefined;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      keep = row.run(file);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
    }
    out({ times, cpuTimes });
  }
  void keep;
}

function out(r: MeasureResult): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

await main();
