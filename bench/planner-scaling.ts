/**
 * The planner's scaling rows (issue 20): planChanges alone over farms where
 * every site is an FTP site, 1,000 to 50,000 of them, so the cost per FTP
 * site can be compared across sizes, garbage collection included (the runs
 * follow each other in one child, each keeping its plan until it ends, as
 * in the main table). Facts are read while preparing, outside the timing. Like the main table, the
 * sizes are timed in rounds (each round every size once) and each median is over all rounds' runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateConfig } from './generate-config.js';
import type { MeasureResult } from './measure.js';
import type { PlannerScale } from './targets.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function runPlannerScaling(dir: string, sizes: number[], reps: number, rounds: number, measure: (file: string, reps: number) => MeasureResult): { scaling: PlannerScale[]; table: string } {
  const files = sizes.map((ftpSites) => {
    const file = join(dir, `ftp-only-${ftpSites}.config`);
    writeFileSync(file, generateConfig({ sites: ftpSites, seed: 1, ftpEvery: 1 }));
    return file;
  });
  const cpu: number[][] = sizes.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    sizes.forEach((ftpSites, i) => {
      process.stderr.write(`  planner alone, ${ftpSites} FTP sites, round ${round}/${rounds}...\n`);
      cpu[i]!.push(...measure(files[i]!, reps).cpuTimes!);
    });
  }
  const scaling: PlannerScale[] = sizes.map((ftpSites, i) => ({ ftpSites, cpuMedianMs: median(cpu[i]!), cpuMinMs: Math.min(...cpu[i]!) }));
  const base = scaling[0];
  const lines = [
    '| FTP sites | CPU ms (median) | CPU ms (fastest run) | µs per FTP site (median) | × per-site cost at the smallest size |',
    '|---:|---:|---:|---:|---:|',
    ...scaling.map((s) => `| ${s.ftpSites.toLocaleString('en-US')} | ${s.cpuMedianMs.toFixed(1)} | ${s.cpuMinMs.toFixed(1)} | ${((s.cpuMedianMs * 1000) / s.ftpSites).toFixed(2)} | ${base ? `${((s.cpuMedianMs / s.ftpSites) / (base.cpuMedianMs / base.ftpSites)).toFixed(1)}×` : '—'} |`),
    '',
    'planChanges alone over generated farms in which every site is an FTP site (one in three policies and address drifting, as in the main table), facts read beforehand; CPU of the whole child process (GC threads included), warm runs back to back, the sizes interleaved in rounds.',
  ];
  return { scaling, table: lines.join('\n') };
}
