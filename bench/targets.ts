/** Issue 6's performance targets, checked against the measured rows and printed as met or missed. */

export interface Measured {
  row: string;
  sites: number;
  bytes: number;
  /** Wall time. */
  medianMs: number;
  minMs: number;
  /** CPU time (user + system): the targets use it, as it does not depend on what else the machine runs. */
  cpuMedianMs: number;
  /** In-process rows: peak RSS above the child's baseline. */
  peakAboveBaseline?: number;
  /** In-process rows: the lowest and highest peak of the cold runs whose median is peakAboveBaseline. */
  peakRange?: [number, number];
  /** Process rows: peak RSS of the whole process. */
  peakRss?: number;
}

export function checkTargets(results: Measured[]): string[] {
  const get = (row: string, sites: number) => results.find((r) => r.row === row && r.sites === sites);
  const out: string[] = ['Targets (issue 6), on median CPU time, at 10,000 sites unless stated:'];
  const line = (ok: boolean | undefined, text: string) => out.push(`- ${ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED'}: ${text}`);
  const floor = get('read-bytes', 10_000);
  const text = get('read-text', 10_000);
  const plan = get('read-plan', 10_000);
  const fxp = get('fast-xml-parser', 10_000);
  if (floor && plan) {
    const x = plan.cpuMedianMs / floor.cpuMedianMs;
    line(x <= 4, `read + plan within 4× reading the file: ${x.toFixed(1)}× the bytes${text ? `, ${(plan.cpuMedianMs / text.cpuMedianMs).toFixed(1)}× bytes + UTF-8 decode` : ''}`);
    const parts = lowerBounds(floor, get, plan);
    if (parts.length > 0) out.push(`  parts measured alone, × the bytes: ${parts.join('; ')}`);
  } else line(undefined, 'read + plan within 4× reading the file');
  if (fxp && plan) {
    const x = fxp.cpuMedianMs / plan.cpuMedianMs;
    line(x >= 3, `at least 3× faster than a full fast-xml-parser parse: ${x.toFixed(1)}× faster`);
  } else line(undefined, 'at least 3× faster than fast-xml-parser');
  const p50 = get('read-plan', 50_000);
  if (plan && p50) {
    const perMb10 = plan.cpuMedianMs / plan.bytes;
    const perMb50 = p50.cpuMedianMs / p50.bytes;
    line(perMb50 <= perMb10 * 1.5, `linear to 50,000 sites: ${(perMb10 * 1e6).toFixed(1)} ms/MB at 10,000, ${(perMb50 * 1e6).toFixed(1)} ms/MB at 50,000`);
  } else line(undefined, 'linear to 50,000 sites');
  if (plan?.peakAboveBaseline !== undefined) {
    const x = plan.peakAboveBaseline / plan.bytes;
    const range = (m: Measured) => (m.peakRange ? `, runs ${(m.peakRange[0] / m.bytes).toFixed(1)}-${(m.peakRange[1] / m.bytes).toFixed(1)}×` : '');
    line(x < 3, `peak memory under 3× the file size above Node's baseline (median of cold runs): ${x.toFixed(1)}×${range(plan)}${p50?.peakAboveBaseline !== undefined ? ` (${(p50.peakAboveBaseline / p50.bytes).toFixed(1)}× at 50,000${range(p50)})` : ''}`);
  } else line(undefined, 'peak memory under 3× the file size');
  return out;
}

/** What the lower-bound rows (bench/rows/lower-bounds.ts) and the planner's share cost, as multiples of reading the bytes. */
function lowerBounds(floor: Measured, get: (row: string, sites: number) => Measured | undefined, plan: Measured): string[] {
  const x = (m: Measured | undefined) => (m ? `${(m.cpuMedianMs / floor.cpuMedianMs).toFixed(1)}×` : undefined);
  const read = get('read', floor.sites);
  const parts: [string, string | undefined][] = [
    ['sha256 digest (incl. the read)', x(get('read-hash', floor.sites))],
    ['well-formedness scan of every tag, no facts (incl. read + decode)', x(get('read-scan', floor.sites))],
    ['site names cut out with no checks at all (incl. read + decode)', x(get('read-names', floor.sites))],
    ['planChanges alone (facts already read)', x(get('plan', floor.sites))],
    ['read + plan minus read', read ? `${((plan.cpuMedianMs - read.cpuMedianMs) / floor.cpuMedianMs).toFixed(1)}×` : undefined],
  ];
  return parts.filter((p): p is [string, string] => p[1] !== undefined).map(([what, v]) => `${what} ${v}`);
}
