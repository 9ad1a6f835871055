/**
 * The JSON report: the contract pipelines and the fleet command read
 * (docs/reports.md documents every field). Keys are written in a fixed order
 * and names verbatim; JSON.stringify does the escaping.
 */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import type { Check, Plan } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { hostStepOf } from './host.js';
import { compliantAfter, planCounts, exitCodeOf, findingsOf } from './summary.js';

/** Bumped only when a field changes meaning or disappears; new fields do not bump it. */
export const JSON_REPORT_VERSION = 1;

export function finding(c: Check): Record<string, unknown> {
  return {
    code: c.code,
    ...(c.hostCheck !== undefined ? { hostCheck: c.hostCheck } : {}),
    status: c.status,
    site: c.site,
    setting: c.setting,
    scope: c.scope,
    current: c.current,
    desired: c.desired,
    inheritedFrom: c.inheritedFrom ?? null,
    fixable: c.fixable,
    message: c.message,
    ...(c.at ? { location: { file: c.at.file, line: c.at.line, ...(c.at.column !== undefined ? { column: c.at.column } : {}) } } : {}),
    changeIds: c.changeIds,
  };
}

function config(plan: Plan): Record<string, unknown> {
  const c = plan.config;
  return {
    requestedFile: c.requestedFile,
    configFile: c.configFile,
    redirection: c.redirection ? { redirectionConfig: c.redirection.redirectionConfig, path: c.redirection.path } : null,
    filesRead: c.filesRead,
    contentHash: c.contentHash,
  };
}

function apply(a: ApplyOutcome): Record<string, unknown> {
  const host = hostStepOf(a);
  return {
    status: a.status,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    backupName: a.backupName ?? null,
    applied: a.applied.map((x) => ({ changeId: x.changeId, readBack: x.readBack, verified: x.verified })),
    restart: { policy: a.restart.policy, performed: a.restart.performed, at: a.restart.at ?? null, reason: a.restart.reason },
    rollback: a.rollback ? {
      attempted: a.rollback.attempted, succeeded: a.rollback.succeeded,
      ...(a.rollback.configRestored !== undefined ? { configRestored: a.rollback.configRestored } : {}),
      ...(a.rollback.service ? { service: { before: a.rollback.service.before, after: a.rollback.service.after } } : {}),
      message: a.rollback.message ?? null,
    } : null,
    ftpDown: a.ftpDown ?? null,
    verification: a.verification ? { compliant: a.verification.compliant, remaining: a.verification.remaining.map(finding) } : null,
    powershell: a.powershell ? { executable: a.powershell.executable, processes: a.powershell.processes, stderr: a.powershell.stderr } : null,
    ...(host ? { host: { ok: host.ok, actions: host.actions.map((x) => ({ id: x.id, ok: x.ok, done: x.done, message: x.message })) } } : {}),
    error: a.error ?? null,
  };
}

/** The report as a plain object in contract order (also used by tests and other renderers). */
export function jsonReport(report: Report): Record<string, unknown> {
  const { plan } = report;
  return {
    reportVersion: JSON_REPORT_VERSION,
    tool: { name: plan.tool.name, version: plan.tool.version },
    command: report.command,
    host: report.host ?? null,
    createdAt: plan.createdAt,
    compliant: compliantAfter(report),
    exitCode: exitCodeOf(report),
    config: config(plan),
    desired: { file: plan.desired.file, contentHash: plan.desired.contentHash },
    restart: plan.restart,
    checks: planCounts(plan),
    findings: findingsOf(plan).map(finding),
    changes: plan.changes.map((c) => ({
      id: c.id,
      site: c.site,
      scope: c.scope,
      pspath: c.pspath,
      filter: c.filter,
      name: c.name,
      value: c.value,
      current: c.current,
      requiresRestart: c.requiresRestart,
    })),
    ...(plan.hostActions ? { hostActions: plan.hostActions } : {}),
    apply: report.apply ? apply(report.apply) : null,
  };
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
}
