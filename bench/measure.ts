/**
 * Child process of the benchmark: runs one in-process row over one file and
 * prints JSON. `time` mode: `reps` runs after a warm-up (5 runs and 0.5 s, at most 3 s), each run's wall time
 * (and CPU time). `memory` mode: one cold run; peak RSS (getrusage maxRSS) above the RSS
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
    // Warm up until the JIT has settled (its compiler threads count as this process's CPU time).
    const warmStart = performance.now();
    for (let i = 0; i < 50; i++) {
      keep = row.run(file);
      const elapsed = performance.now() - warmStart;
      // At least 5 runs and 0.5 s, but slow rows (a full parse of 50,000 sites) stop after 3 s.
      if ((i >= 4 && elapsed >= 500) || elapsed >= 3000) break;
    }
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < reps; i++) {
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
