/**
 * The apply path's rows (issue 6), with real pwsh and the WebAdministration
 * test double: a bare PowerShell start, the agent module's import, and a whole
 * `ftps-enforcer apply` on a drifted copy of fixtures/broken-backend and on a
 * compliant copy of fixtures/fixed-backend. These do not depend on the size
 * of the generated files, so bench/rows/apply-section.ts runs them once.
 */
import { delimiter, join } from 'node:path';
import { agentModulePath } from '../../src/powershell/executable.js';
import { findPwsh, pwshEnv } from '../../test/support/pwsh.js';
import { repoRoot } from '../paths.js';
import { ApplyBenchLab, timed, type ApplyCounts, type TimedRun } from './apply-lab.js';

/** One repetition of an apply row. */
export interface ApplyRunResult {
  wallMs: number;
  cpuMs: number;
  /** Times measured inside PowerShell with a Stopwatch, ms, by name. */
  inside?: Record<string, number>;
  counts?: ApplyCounts;
}

/** A row of the apply section. `once` throws when the run did not do what the row claims to measure. */
export interface ApplyRow {
  id: string;
  label: string;
  reps: number;
  /** An unrecorded first run (disk cache, .NET's first JIT of pwsh itself). */
  warmUp: boolean;
  /** The counts issue 6 requires; the section shouts when a run differs. */
  expected?: ApplyCounts;
  once(): ApplyRunResult;
}

function ok(r: TimedRun, what: string): TimedRun {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r;
}

export const pwshStartRow: ApplyRow = {
  id: 'pwsh-start', label: 'pwsh -NoProfile -Command exit (bare PowerShell start)', reps: 3, warmUp: true,
  once: () => ok(timed([findPwsh(), '-NoProfile', '-Command', 'exit'], pwshEnv()), 'pwsh'),
};

// The module path travels in the environment, as the CLI passes it (src/powershell/agent-call.ts).
const importScript = [
  '$sw = [Diagnostics.Stopwatch]::StartNew()',
  'Import-Module -Name $env:FTPS_ENFORCER_AGENT_MODULE -Force',
  '$agent = $sw.Elapsed.TotalMilliseconds',
  '$sw.Restart()',
  'Import-Module WebAdministration',
  '[Console]::Out.WriteLine("inside $agent $($sw.Elapsed.TotalMilliseconds)")',
].join('; ');

export const agentImportRow: ApplyRow = {
  id: 'agent-import', label: 'pwsh + Import-Module FtpsEnforcer.Agent (+ the WebAdministration double)', reps: 3, warmUp: false,
  once() {
    const env = pwshEnv({ FTPS_ENFORCER_AGENT_MODULE: agentModulePath(), PSModulePath: `${join(repoRoot(), 'test', 'doubles')}${delimiter}${process.env.PSModulePath ?? ''}` });
    const r = ok(timed([findPwsh(), '-NoProfile', '-NonInteractive', '-Command', importScript], env), 'the import');
    const m = /inside ([\d.]+) ([\d.]+)/.exec(r.stdout);
    if (!m) throw new Error(`the import printed no timings: ${r.stdout}`);
    return { ...r, inside: { 'agent import': Number(m[1]), 'double import': Number(m[2]) } };
  },
};

function applyRow(id: string, label: string, fixture: string, status: string, expected: ApplyCounts): ApplyRow {
  return {
    id, label, reps: 3, warmUp: false, expected,
    once() {
      const lab = new ApplyBenchLab(fixture);
      try {
        const r = ok(lab.apply(), `apply on ${fixture}`);
        const apply = (JSON.parse(r.stdout) as { apply: { status: string; verification?: { compliant: boolean } | null } }).apply;
        if (apply.status !== status) throw new Error(`apply on ${fixture} ended "${apply.status}", not "${status}"`);
        if (status === 'applied' && !apply.verification?.compliant) throw new Error(`apply on ${fixture} was not verified compliant`);
        return { wallMs: r.wallMs, cpuMs: r.cpuMs, counts: lab.counts() };
      } finally {
        lab.cleanup();
      }
    },
  };
}

export const applyDriftRow = applyRow('apply-drift', 'ftps-enforcer apply, drift (broken-backend: 5 changes, verify, restart)', 'broken-backend', 'applied', { processes: 1, commits: 1, restarts: 1 });

export const applyCompliantRow = applyRow('apply-compliant', 'ftps-enforcer apply, no drift (fixed-backend)', 'fixed-backend', 'nothing-to-do', { processes: 0, commits: 0, restarts: 0 });

/** In table order. */
export const applyRows: ApplyRow[] = [pwshStartRow, agentImportRow, applyDriftRow, applyCompliantRow];
