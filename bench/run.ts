/**
 * The benchmark (`npm run bench`; not a test): for each size, every row in
 * bench/rows/ side by side. In-process rows run in fresh child processes
 * (one for timings: median of several warm runs; one for memory: a single
 * cold run's peak RSS above the baseline), so heaps never mix. Process rows
 * are timed from outside, their peak RSS taken by /usr/bin/time when present.
 * Then the planner alone at 1,000 to 50,000 FTP sites (bench/planner-scaling.ts).
 * Prints Markdown for the README, then the targets of issue 20.
 *
 * Timings are taken in rounds: each round times every row once (a fresh child each), and a row's median
 * is over the runs of all rounds. On a shared 2-core machine throughput moves by half within minutes
 * (docs/performance.md); rows timed one after the other compared different minutes, and a ratio to the
 * floor flipped between runs. Interleaved, a slow minute slows the floor and the row alike.
 *
 *   node dist/bench/run.js [--sizes 100,1000,10000,50000] [--planner-sizes 1000,10000,50000] [--reps 7] [--rounds 3] [--rows read,read-plan,planner]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, release, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateConfig } from './generate-config.js';
import { rows as allRows } from './rows/index.js';
import type { BenchRow, ProcessRow } from './rows/row.js';
import type { MeasureResult } from './measure.js';
import { repoRoot } from './paths.js';
import { checkTargets, type Measured } from './targets.js';
import { renderTable } from './table.js';
import { runApplySection } from './rows/apply-section.js';
import { runPlannerScaling } from './planner-scaling.js';
import { fromTimes } from './process-times.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const sizes = (arg('sizes') ?? '100,1000,10000,50000').split(',').map(Number);
const plannerSizes = (arg('planner-sizes') ?? '1000,10000,50000').split(',').map(Number);
const baseReps = Number(arg('reps') ?? 7);
const rounds = Math.max(1, Number(arg('rounds') ?? 3));
const only = arg('rows')?.split(',');
const rows = only ? allRows.filter((r) => only.includes(r.id)) : allRows;
const measureScript = fileURLToPath(new URL(`./measure${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Cold runs (one fresh child each) per in-process row for the peak-memory median. */
const MEMORY_RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function child(row: BenchRow, file: string, mode: 'time' | 'memory', reps: number): MeasureResult {
  const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', measureScript, row.id, file, mode, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as MeasureResult;
}

/** One timed run of a process row, after an untimed one (page cache, disk): wall ms, CPU ms, peak RSS bytes. */
interface ProcessRun {
  ms: number;
  cpuMs?: number;
  peakRss?: number;
}

/**
 * `reps` runs of a process row. CPU comes from bash's `times` (user and system time of the command, in
 * milliseconds; GNU time prints it in hundredths, too coarse for a 100 ms start-up), peak RSS from GNU time.
 */
function runProcess(row: ProcessRow, file: string, reps: number): ProcessRun[] {
  const argv = row.command(file, { repoRoot: repoRoot() });
  const runs: ProcessRun[] = [];
  for (let i = 0; i <= reps; i++) {
    const t0 = performance.now();
    // stdout is discarded: a 50,000-site JSON report is larger than any pipe buffer worth keeping.
    const opts = { encoding: 'utf8' as const, stdio: ['ignore', 'ignore', 'pipe'] as ('ignore' | 'pipe')[], maxBuffer: 64 << 20 };
    const r = TIME ? spawnSync(TIME, ['-f', '%M', 'bash', '-c', '"$@"; s=$?; times >&2; exit $s', 'bench', ...argv], opts) : spawnSync(argv[0]!, argv.slice(1), opts);
    const ms = performance.now() - t0;
    if (!(row.okExitCodes ?? [0]).includes(r.status ?? -1)) throw new Error(`${row.label} exited ${r.status}: ${r.stderr}`);
    if (i === 0) continue; // warm-up: page cache, disk
    runs.push({ ms, ...(TIME ? fromTimes(r.stderr) : {}) });
  }
  return runs;
}

function machine(): string {
  const c = cpus();
  return `Machine: ${c[0]?.model.trim() ?? 'unknown CPU'}, ${c.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}; load average at start ${(globalThis.process.platform === 'win32' ? 'n/a' : execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' '))}.`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-bench-'));
  const results: Measured[] = [];
  try {
    console.log(machine());
    for (const sites of sizes) {
      const file = join(dir, `applicationHost-${sites}.config`);
      writeFileSync(file, generateConfig({ sites, seed: 1 }));
      const bytes = statSync(file).size;
      const reps = sites >= 50_000 ? Math.max(3, Math.ceil(baseReps / 2)) : baseReps;
      const slow = (row: BenchRow) => (row.id === 'xml2js' || row.id === 'fast-xml-parser' || row.id === 'sax') && sites >= 10_000;
      // Every row's timings, round after round (the header comment says why), then each row's memory.
      const times = new Map<BenchRow, { wall: number[]; cpu: number[]; peaks: number[] }>();
      const failed = new Set<BenchRow>();
      for (let round = 1; round <= rounds; round++) {
        for (const row of rows) {
          if (failed.has(row)) continue;
          process.stderr.write(`  ${sites} sites, round ${round}/${rounds}: ${row.label}...\n`);
          const t = times.get(row) ?? { wall: [], cpu: [], peaks: [] };
          times.set(row, t);
          try {
            if (row.kind === 'process') {
              for (const run of runProcess(row, file, Math.min(reps, 5))) {
                t.wall.push(run.ms);
                if (run.cpuMs !== undefined) t.cpu.push(run.cpuMs);
                if (run.peakRss !== undefined) t.peaks.push(run.peakRss);
              }
            } else {
              const m = child(row, file, 'time', slow(row) ? 3 : reps);
              t.wall.push(...m.times!);
              t.cpu.push(...m.cpuTimes!);
            }
          } catch (err) {
            // One broken row must not lose the others' numbers.
            failed.add(row);
            process.stderr.write(`    failed: ${(err as Error).message.split('\n')[0]}\n`);
          }
        }
      }
      for (const row of rows) {
        const t = times.get(row);
        if (!t || failed.has(row)) continue;
        const timing = { medianMs: median(t.wall), minMs: Math.min(...t.wall), cpuMedianMs: t.cpu.length ? median(t.cpu) : NaN };
        if (row.kind === 'process') {
          results.push({ row: row.id, sites, bytes, ...timing, peakRss: t.peaks.length ? median(t.peaks) : undefined });
          continue;
        }
        try {
          // A cold run's peak includes the optimising compiler's working memory, which varies from run to
          // run (docs/performance.md): one sample is not a measurement, so take the median of several.
          const peaks = Array.from({ length: slow(row) ? 3 : MEMORY_RUNS }, () => child(row, file, 'memory', 1)).map((m) => m.peakRss! - m.baselineRss!);
          results.push({ row: row.id, sites, bytes, ...timing, peakAboveBaseline: median(peaks), peakRange: [Math.min(...peaks), Math.max(...peaks)] });
        } catch (err) {
          process.stderr.write(`    ${row.label}, memory: failed: ${(err as Error).message.split('\n')[0]}\n`);
        }
      }
    }
    const planner = !only || only.includes('planner') ? runPlannerScaling(dir, plannerSizes, baseReps, rounds, (file, reps) => child(allRows.find((r) => r.id === 'plan')!, file, 'time', reps)) : undefined;
    console.log('');
    console.log(renderTable(results, rows));
    if (planner) console.log(`\nThe planner alone, every site an FTP site:\n\n${planner.table}`);
    console.log('');
    for (const line of checkTargets(results, planner?.scaling)) console.log(line);
    // The apply path (real pwsh, the WebAdministration double) does not depend on the size: once, after the table.
    const apply = runApplySection(only);
    if (apply) console.log(`\n${apply}`);
    if (!only || only.includes('rollout-lab')) console.log(`\n${await (await import('./rows/rollout-lab.js')).runRolloutSection()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
