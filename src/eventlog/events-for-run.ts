/**
 * Which events a run writes (pure): nothing when compliant and unchanged, so
 * a no-drift run costs no process at all; otherwise one event per thing that
 * happened (drift, changes, restart, rollback, error).
 */
import { EVENTS, type EventName, type EventRecord } from './event-ids.js';

/** The parts of the JSON report (`--format json`, DESIGN.md contract) the events use. */
export interface RunReport {
  compliant?: boolean;
  config?: { configFile?: string };
  findings?: Array<{ code?: string; status?: string; site?: string | null; scope?: string; setting?: string; current?: unknown; desired?: unknown }>;
  changes?: Array<{ site?: string | null; scope?: string; name?: string; value?: unknown; current?: unknown }>;
  apply?: {
    status?: string;
    backupName?: string;
    error?: string;
    restart?: { performed?: boolean; reason?: string; at?: string };
    rollback?: { attempted?: boolean; succeeded?: boolean; message?: string };
    /** Set when the run leaves FTP down (or its configuration unknown) on this backend: what to do, in one sentence. */
    ftpDown?: string;
  };
}

export interface RunSummary {
  mode: 'audit' | 'apply';
  exitCode: number;
  report?: RunReport;
  /** The one-line error, when the run stopped before producing a report. */
  error?: string;
}

const MAX_LINES = 20;

function record(name: EventName, description: string): EventRecord {
  return { name, ...EVENTS[name], description };
}

function value(v: unknown): string {
  return v === null || v === undefined || v === '' ? '(not set)' : String(v);
}

function where(site: string | null | undefined, scope?: string): string {
  if (site !== null && site !== undefined) return `site "${site}"`;
  return scope === 'siteDefaults' ? 'siteDefaults' : 'server';
}

function bounded(lines: string[]): string[] {
  return lines.length <= MAX_LINES ? lines : [...lines.slice(0, MAX_LINES), `... and ${lines.length - MAX_LINES} more (see the report)`];
}

export function eventsForRun(run: RunSummary): EventRecord[] {
  const r = run.report;
  const config = r?.config?.configFile ? ` in ${r.config.configFile}` : '';
  if (!r) return run.exitCode === 0 ? [] : [record('RunError', `ftps-enforcer ${run.mode} could not run: ${run.error ?? `exit code ${run.exitCode}`}`)];

  const events: EventRecord[] = [];
  const apply = r.apply;
  if (run.mode === 'audit' || !apply) {
    const drift = (r.findings ?? []).filter((f) => f.status === 'drift' || f.status === 'error');
    if (drift.length) {
      const lines = drift.map((f) => `${where(f.site, f.scope)} ${f.setting}: ${value(f.current)} (desired ${value(f.desired)})`);
      events.push(record('DriftFound', [`ftps-enforcer found ${drift.length} setting(s) that differ from the desired state${config}:`, ...bounded(lines)].join('\n')));
    }
    if (run.exitCode === 1) events.push(record('RunError', `ftps-enforcer ${run.mode} failed: ${run.error ?? 'see the report'}`));
    return events;
  }

  if (apply.status === 'applied') {
    const lines = (r.changes ?? []).map((c) => `${where(c.site, c.scope)} ${c.name}: ${value(c.current)} -> ${value(c.value)}`);
    events.push(record('ChangesApplied', [`ftps-enforcer applied and verified ${lines.length} change(s)${config} (backup ${apply.backupName ?? 'none'}):`, ...bounded(lines)].join('\n')));
  }
  if (apply.restart?.performed) {
    events.push(record('ServiceRestarted', `ftps-enforcer restarted ftpsvc${apply.restart.at ? ` (running again at ${apply.restart.at})` : ''}: ${apply.restart.reason ?? ''}`.trim()));
  }
  if (apply.status === 'failed') {
    const rolledBack = apply.rollback?.succeeded === true;
    const why = apply.error ?? run.error ?? 'see the report';
    events.push(
      rolledBack
        ? record('ApplyFailedRolledBack', `ftps-enforcer apply failed and restored the previous configuration${apply.backupName ? ` from backup ${apply.backupName}` : ''}: ${why}`)
        : record('RollbackFailed', `${apply.ftpDown ? `${apply.ftpDown}.\n` : ''}ftps-enforcer apply failed and the rollback did not complete${apply.rollback?.message ? ` (${apply.rollback.message})` : ''}: ${why} Check the FTP configuration by hand${apply.backupName ? `; the backup is ${apply.backupName} (Restore-WebConfiguration -Name ${apply.backupName})` : ''}.`),
    );
  } else if (run.exitCode === 1) {
    events.push(record('RunError', `ftps-enforcer apply failed: ${run.error ?? apply.error ?? 'see the report'}`));
  }
  return events;
}
