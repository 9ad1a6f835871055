/**
 * The apply section of `npm run bench`: runs bench/rows/apply-rows.ts (medians
 * over a few repetitions, within a time budget) and renders its Markdown:
 * times, then PowerShell processes / commits / ftpsvc restarts per run.
 * Counts that differ from issue 6's expectation are marked in the table,
 * repeated as MISMATCH lines, written to stderr and make the exit code 1:
 * this is not a test, but it must not hide a broken property.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findPwsh, pwshEnv } from '../../test/support/pwsh.js';
import { applyRows, type ApplyRow, type ApplyRunResult } from './apply-rows.js';
import type { ApplyCounts } from './apply-lab.js';

/** The whole section should stay under ~2 minutes; past this, remaining rows run once. */
const BUDGET_MS = 120_000;

interface RowOutcome {
  row: ApplyRow;
  runs: ApplyRunResult[];
  error?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => (Number.isFinite(x) ? (x < 100 ? x.toFixed(1) : x.toFixed(0)) : 'n/a');
const KEYS: (keyof ApplyCounts)[] = ['processes', 'commits', 'restarts'];

function runRow(row: ApplyRow, sectionStart: number): RowOutcome {
  const runs: ApplyRunResult[] = [];
  try {
    if (row.warmUp) row.once();
    for (let i = 0; i < row.reps; i++) {
      if (i > 0 && performance.now() - sectionStart > BUDGET_MS) break;
      runs.push(row.once());
    }
    return { row, runs };
  } catch (err) {
    // One broken row must not lose the others' numbers.
    return { row, runs, error: (err as Error).message.split('\n')[0] };
  }
}

/** A count cell: the value every run had, or each run's value; flagged when it is not the expected one. */
function countCell(o: RowOutcome, key: keyof ApplyCounts, mismatches: string[]): string {
  if (!o.row.expected) return '—';
  const values = o.runs.map((r) => r.counts?.[key]);
  if (values.length === 0) return 'n/a';
  const want = o.row.expected[key];
  const text = [...new Set(values)].join(' / ');
  if (values.every((v) => v === want)) return text;
  mismatches.push(`MISMATCH: ${o.row.label}: ${key} ${values.join(', ')} in ${values.length} run(s); expected ${want} every run.`);
  return `**${text} ≠ ${want} expected ‼**`;
}

function insideCell(o: RowOutcome): string {
  const names = [...new Set(o.runs.flatMap((r) => Object.keys(r.inside ?? {})))];
  return names.length ? names.map((n) => `${n} ${ms(median(o.runs.map((r) => r.inside?.[n] ?? NaN)))}`).join(', ') : '—';
}

function environment(): string {
  let version = 'unknown version';
  try {
    version = execFileSync(findPwsh(), ['--version'], { env: pwshEnv(), encoding: 'utf8' }).trim();
  } catch {
    // Reported below as an error of the rows themselves.
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `Apply path: ${version} (${findPwsh()}), WebAdministration test double; load average at the start of this section ${load}.`;
}

/** Runs the apply rows whose ids `only` lists (all when undefined); undefined when none is selected. */
export function runApplySection(only?: string[]): string | undefined {
  const rows = only ? applyRows.filter((r) => only.includes(r.id) || only.includes('apply')) : applyRows;
  if (rows.length === 0) return undefined;
  const lines = [environment(), ''];
  const start = performance.now();
  const outcomes = rows.map((row) => {
    process.stderr.write(`  apply path: ${row.label}...\n`);
    return runRow(row, start);
  });
  const mismatches: string[] = [];
  lines.push(
    '| what | runs | wall ms (median) | CPU ms (median) | inside PowerShell, ms (median) | PowerShell processes | commits | ftpsvc restarts |',
    '|---|---:|---:|---:|---|---:|---:|---:|',
  );
  for (const o of outcomes) {
    const wall = o.runs.length ? median(o.runs.map((r) => r.wallMs)) : NaN;
    const cpu = o.runs.length ? median(o.runs.map((r) => r.cpuMs)) : NaN;
    const counts = KEYS.map((k) => countCell(o, k, mismatches));
    lines.push(`| ${o.row.label} | ${o.runs.length} | ${ms(wall)} | ${ms(cpu)} | ${insideCell(o)} | ${counts.join(' | ')} |`);
  }
  lines.push('', `Expected (issue 6): no drift 0 processes / 0 commits / 0 restarts; drift 1 / 1 / 1. Section took ${((performance.now() - start) / 1000).toFixed(0)} s.`,
    'Wall and CPU: the whole command (CPU = user + system of it and its children, pwsh included, from GNU time). "Inside PowerShell": Stopwatch around each Import-Module in that process.');
  const breakdown = estimate(outcomes);
  if (breakdown) lines.push(breakdown);
  for (const o of outcomes) if (o.error) mismatches.push(`FAILED: ${o.row.label}: ${o.error}`);
  if (mismatches.length) {
    lines.push('', ...mismatches);
    for (const m of mismatches) process.stderr.write(`\n!!! ${m}\n`);
    process.exitCode = 1;
  } else {
    lines.push('', 'Counts: as expected in every run.');
  }
  return lines.join('\n');
}

/**
 * Where the drift run's extra cost goes, from the rows' medians. CPU, not wall: on a loaded machine wall times of
 * separate processes are too noisy to subtract (an estimate all the same: separate processes, medians of few runs).
 */
function estimate(outcomes: RowOutcome[]): string | undefined {
  const get = (id: string) => outcomes.find((o) => o.row.id === id && o.runs.length);
  const drift = get('apply-drift');
  const none = get('apply-compliant');
  const start = get('pwsh-start');
  const imp = get('agent-import');
  if (!drift || !none || !start || !imp) return undefined;
  const cpu = (o: RowOutcome) => median(o.runs.map((r) => r.cpuMs));
  const extra = cpu(drift) - cpu(none);
  const importCpu = cpu(imp) - cpu(start);
  const rest = extra - cpu(start) - importCpu;
  return `Estimate from the CPU medians: a drift run costs ${ms(extra)} ms of CPU more than a no-drift run; of that, ~${ms(cpu(start))} ms is starting pwsh, ~${ms(importCpu)} ms importing the agent module and the double, and ~${ms(rest)} ms the prerequisites check, backup, the Sets, the commit, the read-back, the restart and the verification re-read.`;
}
