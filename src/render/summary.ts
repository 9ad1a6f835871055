/**
 * What every renderer needs to say the same thing the same way: counts, the
 * exit code the run ends with, where a check is ("server", "siteDefaults",
 * `site "Partner FTP"`) and how a value reads when it is shown as text.
 */
import type { Check, CheckStatus, Plan, SettingValue } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { ExitCode } from '../core/errors.js';
import { countPlanChecks, planFindings, type CheckCounts } from '../core/check-list.js';

export type { CheckCounts } from '../core/check-list.js';
export { countChecks } from '../core/check-list.js';

/** Counts over every check of the plan, ok ones included (without building the ok per-site checks). */
export const planCounts = (plan: Plan): CheckCounts => countPlanChecks(plan);

/** Checks that are not ok, in plan order: what every report lists. */
export function findingsOf(plan: Plan): Check[] {
  return planFindings(plan);
}

export const byStatus = (plan: Plan, status: CheckStatus): Check[] => (status === 'ok' ? plan.checks : planFindings(plan)).filter((c) => c.status === status);

/**
 * The exit code the run ends with, as the CLI contract says: audit 0 compliant,
 * 2 drift (or an error apply cannot fix); apply 0 applied and verified or
 * nothing to do, 1 failed or left drift behind, 3 failed and the rollback did
 * not bring back both the configuration and ftpsvc (FTP may be down here).
 */
export function exitCodeOf(report: Report): ExitCode {
  if (report.command === 'apply' && report.apply) {
    const a = report.apply;
    if (a.status === 'failed') return a.ftpDown ? ExitCode.FtpDown : ExitCode.Error;
    if (a.verification && !a.verification.compliant) return ExitCode.Error;
    return ExitCode.Compliant;
  }
  return report.plan.compliant ? ExitCode.Compliant : ExitCode.Drift;
}

/**
 * Whether the server complies when the run ends: for audit the plan's verdict;
 * for apply the verification (the configuration re-read from disk after the
 * changes), or the plan's verdict when there was nothing to do.
 */
export function compliantAfter(report: Report): boolean {
  const a = report.command === 'apply' ? report.apply : undefined;
  if (!a) return report.plan.compliant;
  if (a.status === 'failed') return false;
  if (a.verification) return a.verification.compliant;
  return a.status === 'nothing-to-do' && report.plan.compliant;
}

/**
 * A name as people read it, in double quotes, on one line of a terminal or
 * log: verbatim (no JSON escaping of quotes or backslashes, which reads as
 * another name), except that line breaks and control characters, which could
 * break the layout or drive the terminal, are shown as `\n` / `\uXXXX`.
 */
export const quoted = (s: string): string => `"${oneLine(s)}"`;

/**
 * Free text (messages, paths) for one line of a terminal: line breaks and
 * control characters, which could fake report lines or drive the terminal
 * (ESC sequences), are shown as `\n` / `\uXXXX` instead.
 */
export function oneLine(s: string): string {
  return s
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `server`, `siteDefaults`, `site "Partner FTP"`, or `all sites` for a site check about no one site (no FTP site at all). */
export function whereOf(c: Pick<Check, 'site' | 'scope'>): string {
  if (c.site !== null) return `site ${quoted(c.site)}`;
  return c.scope === 'site' ? 'all sites' : c.scope;
}

const PLAIN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** A value for text reports: plain values as they are, anything unusual quoted; null reads "(not set)". */
export function showValue(v: SettingValue): string {
  if (v === null) return '(not set)';
  if (typeof v === 'string') return PLAIN.test(v) && !v.includes('"') ? v : quoted(v);
  return String(v);
}

/** "3 to change, 1 warning, 0 errors" with singulars right. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
