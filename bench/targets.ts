/** Issue 20's performance targets, checked against the measured rows and printed as met or missed. */
import { FLOOR_ROW } from './table.js';

export interface Measured {
  row: string;
  sites: number;
  bytes: number;
  /** Wall time. */
  medianMs: number;
  minMs: number;
  /** CPU time (user + system): the targets use it, as it does not depend on what else the machine runs. */
  cpuMedianMs: number;
  /** In-process rows: peak RSS above the child's baseline (median of the cold runs). */
  peakAboveBaseline?: number;
  /** In-process rows: the lowest and highest peak of the cold runs whose median is peakAboveBaseline. */
  peakRange?: [number, number];
  /** Process rows: peak RSS of the whole process. */
  peakRss?: number;
}

/** The planner alone at one farm size where every site is an FTP site (bench/planner-scaling.ts). */
export interface PlannerScale {
  ftpSites: number;
  cpuMedianMs: number;
  cpuMinMs: number;
}

export function checkTargets(results: Measured[], scaling: PlannerScale[] = []): string[] {
  const get = (row: string, sites: number) => results.find((r) => r.row === row && r.sites === sites);
  const out: string[] = ['Targets (issue 20), on median CPU time, at 10,000 sites unless stated:'];
  const line = (ok: boolean | undefined, text: string) => out.push(`- ${ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED'}: ${text}`);
  const floor = get(FLOOR_ROW, 10_000);
  const plan = get('read-plan', 10_000);
  if (floor && plan) {
    const x = plan.cpuMedianMs / floor.cpuMedianMs;
    line(x <= 3, `read + plan within 3× reading the file as text + its sha256: ${x.toFixed(1)}× (${plan.cpuMedianMs.toFixed(1)} against ${floor.cpuMedianMs.toFixed(1)} ms)`);
    const parts = lowerBounds(floor, get);
    if (parts.length > 0) out.push(`  parts measured alone, × the floor: ${parts.join('; ')}`);
  } else line(undefined, 'read + plan within 3× reading the file as text + its sha256');
  const p50 = get('read-plan', 50_000);
  if (plan && p50) {
    const perMb10 = plan.cpuMedianMs / plan.bytes;
    const perMb50 = p50.cpuMedianMs / p50.bytes;
    line(perMb50 <= perMb10 * 1.5, `read + plan linear to 50,000 sites (per MB within 1.5×): ${(perMb10 * 1e6).toFixed(1)} ms/MB at 10,000, ${(perMb50 * 1e6).toFixed(1)} ms/MB at 50,000`);
  } else line(undefined, 'read + plan linear to 50,000 sites');
  const small = scaling.find((s) => s.ftpSites === 1_000);
  const large = scaling.find((s) => s.ftpSites === 50_000);
  if (small && large) {
    const per = (s: PlannerScale, ms: number) => (ms * 1000) / s.ftpSites;
    const x = per(large, large.cpuMedianMs) / per(small, small.cpuMedianMs);
    line(x <= 1.5, `the planner linear, GC included: ${per(large, large.cpuMedianMs).toFixed(2)} µs per FTP site at 50,000 against ${per(small, small.cpuMedianMs).toFixed(2)} at 1,000 (${x.toFixed(1)}×; on the fastest runs ${(per(large, large.cpuMinMs) / per(small, small.cpuMinMs)).toFixed(1)}×)`);
  } else line(undefined, 'the planner linear to 50,000 FTP sites');
  const read = get('node-read', 10_000);
  const audit = get('cli-audit', 10_000);
  if (read && audit) {
    const x = audit.cpuMedianMs / read.cpuMedianMs;
    line(x <= 3, `audit of the 10,000-site file within 3× a node process that only reads it: ${x.toFixed(1)}× (${audit.cpuMedianMs.toFixed(0)} against ${read.cpuMedianMs.toFixed(0)} ms CPU)`);
  } else line(undefined, 'audit within 3× a node process that only reads the file');
  const start = get('node-e-0', 100);
  const smallAudit = get('cli-audit', 100);
  if (start && smallAudit) {
    const x = smallAudit.cpuMedianMs / start.cpuMedianMs;
    line(x <= 2, `a small audit (100 sites, the npm bin) within 2× \`node -e 0\`: ${x.toFixed(1)}× (${smallAudit.cpuMedianMs.toFixed(0)} against ${start.cpuMedianMs.toFixed(0)} ms CPU)`);
  } else line(undefined, 'a small audit within 2× `node -e 0`');
  for (const sites of [10_000, 50_000]) {
    const m = get('read-plan', sites);
    if (m?.peakAboveBaseline === undefined || !m.peakRange) continue;
    const [lo, hi] = m.peakRange.map((b) => b / m.bytes) as [number, number];
    line(hi <= 3, `peak memory of read + plan within 3× the file above Node's baseline in every cold run, ${sites.toLocaleString('en-US')} sites: max ${hi.toFixed(1)}× (min ${lo.toFixed(1)}×, median ${(m.peakAboveBaseline / m.bytes).toFixed(1)}×)`);
  }
  return out;
}

/** What the lower-bound rows (bench/rows/lower-bounds.ts) and the planner's share cost, as multiples of the floor. */
function lowerBounds(floor: Measured, get: (row: string, sites: number) => Measured | undefined): string[] {
  const x = (m: Measured | undefined) => (m ? `${(m.cpuMedianMs / floor.cpuMedianMs).toFixed(1)}×` : undefined);
  const parts: [string, string | undefined][] = [
    ['well-formedness scan of every tag, no facts (incl. read + decode)', x(get('read-scan', floor.sites))],
    ['readIisConfig alone', x(get('read', floor.sites))],
    ['planChanges alone (facts already read)', x(get('plan', floor.sites))],
  ];
  return parts.filter((p): p is [string, string] => p[1] !== undefined).map(([what, v]) => `${what} ${v}`);
}
