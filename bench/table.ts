/** The benchmark's Markdown table: one block of rows per size, ratios to the floor (the file read as text + its sha256). */
import type { BenchRow } from './rows/row.js';
import type { Measured } from './targets.js';

const mb = (b: number) => `${(b / 1e6).toFixed(b < 1e6 ? 2 : 1)} MB`;
/** The row every ratio is against (issue 20): read the file as text and take its SHA-256. */
export const FLOOR_ROW = 'read-text-hash';
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

export function renderTable(results: Measured[], rows: BenchRow[]): string {
  const label = new Map(rows.map((r) => [r.id, r.label]));
  const lines = [
    '| sites | file | what | CPU ms (median) | wall ms (median) | × floor (CPU) | peak memory (median) | memory / file: median (min-max) |',
    '|---:|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const floor = results.find((x) => x.sites === r.sites && x.row === FLOOR_ROW);
    const ratio = floor && r.peakRss === undefined ? `${(r.cpuMedianMs / floor.cpuMedianMs).toFixed(1)}×` : '—';
    const mem = r.peakAboveBaseline !== undefined ? `+${mb(r.peakAboveBaseline)}` : r.peakRss !== undefined ? `${mb(r.peakRss)} RSS` : 'n/a';
    const memRatio = r.peakAboveBaseline !== undefined ? `${(r.peakAboveBaseline / r.bytes).toFixed(1)}×${r.peakRange ? ` (${(r.peakRange[0] / r.bytes).toFixed(1)}-${(r.peakRange[1] / r.bytes).toFixed(1)})` : ''}` : '—';
    lines.push(`| ${r.sites.toLocaleString('en-US')} | ${mb(r.bytes)} | ${label.get(r.row) ?? r.row} | ${Number.isFinite(r.cpuMedianMs) ? ms(r.cpuMedianMs) : 'n/a'} | ${ms(r.medianMs)} | ${ratio} | ${mem} | ${memRatio} |`);
  }
  lines.push('', 'Timings are pooled over rounds in which every row runs once, so rows are compared over the same minutes. In-process rows: medians of warm runs in a fresh child (CPU = user + system time of the process during the run); peak memory = median peak RSS of several cold runs (one fresh child each; range in brackets) above the RSS after start-up and imports.',
    'Process rows: the whole command; CPU from bash\'s `times` (milliseconds), peak RSS from GNU time. The floor is reading the file as text plus its SHA-256; ratios use CPU time because wall time on a shared machine measures the neighbours too.');
  return lines.join('\n');
}
