/**
 * The planner's scaling rows (issue 20): planChanges alone over farms where
 * every site is an FTP site, 1,000 to 50,000 of them, so the cost per FTP
 * site can be compared across sizes, garbage collection included (the runs
 * follow each other in one child, each keeping its plan until the next, as
 * in the main table). Facts are read while preparing, outside the timing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateConfig } from './generate-config.js';
import type { MeasureResult } from './measure.js';
import type { PlannerScale } from './targets.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function runPlannerScaling(dir: string, sizes: number[], reps: number, measure: (file: string, reps: number) => MeasureResult): { scaling: PlannerScale[]; table: string } {
  const scaling: PlannerScale[] = [];
  for (const ftpSites of sizes) {
    process.stderr.write(`  planner alone, ${ftpSites} FTP sites...\n`);
    const file = join(dir, `ftp-only-${ftpSites}.config`);
    writeFileSync(file, generateConfig({ sites: ftpSites, seed: 1, ftpEvery: 1 }));
    const m = measure(file, reps);
    scaling.push({ ftpSites, cpuMedianMs: median(m.cpuTimes!), cpuMinMs: Math.min(...m.cpuTimes!) });
  }
  const base = scaling[0];
  const lines = [
    '| FTP sites | CPU ms (median) | CPU ms (fastest run) | µs per FTP site (median) | × per-site cost at the smallest size |',
    '|---:|---:|---:|---:|---:|',
    ...scaling.map((s) => `| ${s.ftpSites.toLocaleString('en-US')} | ${s.cpuMedianMs.toFixed(1)} | ${s.cpuMinMs.toFixed(1)} | ${((s.cpuMedianMs * 1000) / s.ftpSites).toFixed(2)} | ${base ? `${((s.cpuMedianMs / s.ftpSites) / (base.cpuMedianMs / base.ftpSites)).toFixed(1)}×` : '—'} |`),
    '',
    'planChanges alone over generated farms in which every site is an FTP site (one in three policies and address drifting, as in the main table), facts read beforehand; CPU of the whole child process (GC threads included), warm runs back to back.',
  ];
  return { scaling, table: lines.join('\n') };
}
