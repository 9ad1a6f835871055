/**
 * The Markdown report, for a pull-request comment, a pipeline job summary or a
 * change ticket: a status line, a table of findings, the PowerShell apply
 * would run, and the apply outcome when there is one. Site names and values
 * are data: they are escaped so no name can break the table, open a code
 * block, inject HTML or mention someone.
 */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import type { Check, SettingValue } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { renderPowerShellScript, UTF8_BOM } from './powershell-script.js';
import { describeHostAction, hostStepOf } from './host.js';
import { compliantAfter, planCounts, exitCodeOf, findingsOf, plural } from './summary.js';

/**
 * Text for a table cell or a line of prose, shown verbatim: Markdown
 * punctuation backslash-escaped, HTML characters and `@` as entities, line
 * breaks and other control characters as visible `\n`/`\uXXXX`, and edge
 * spaces kept (the table parser would trim them).
 */
export function mdText(s: string): string {
  const escaped = s
    // Data is never at the start of a line here (always after `| ` or `- **…:** `), so only inline syntax needs escaping.
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.replace(/^ +| +$/g, (spaces) => '&#32;'.repeat(spaces.length));
}

function cell(v: SettingValue): string {
  if (v === null) return '*(not set)*';
  if (typeof v === 'string') return v === '' ? '*(empty)*' : mdText(v);
  return String(v);
}

// A pull-request comment holds at most 65,536 characters (GitHub): a fleet-sized plan must still fit.
export const MAX_TABLE_ROWS = 100;
export const MAX_SCRIPT_CHANGES = 50;

const STATUS_LABEL: Record<Check['status'], string> = { ok: 'ok', drift: '🔸 drift', warning: '⚠️ warning', error: '❌ error' };
/** The Site column of a finding that names no site; a site check naming none is about all of them (no FTP site at all). */
const SCOPE_LABEL: Record<Check['scope'], string> = { server: 'server', siteDefaults: 'site defaults', site: 'all sites' };

/** A fence longer than any run of backticks in the content, so the content cannot close it. */
function fenced(lang: string, content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${content.endsWith('\n') ? content : `${content}\n`}${fence}`;
}

export function renderMarkdown(report: Report): string {
  const { plan } = report;
  const counts = planCounts(plan);
  const findings = findingsOf(plan);
  const out: string[] = [statusLine(report), ''];
  const redirect = plan.config.redirection
    ? ` (shared configuration: ${mdText(plan.config.redirection.redirectionConfig)} redirects to ${mdText(plan.config.configFile)})`
    : '';
  out.push(
    ...(report.host ? [`- **Host:** ${mdText(report.host)}`] : []),
    `- **Configuration:** ${mdText(plan.config.configFile)}${redirect}`,
    `- **Desired state:** ${mdText(plan.desired.file)}`,
    `- **Restart policy:** ${plan.restart}`,
    `- **Checks:** ${counts.ok} ok, ${counts.drift} drift, ${plural(counts.warning, 'warning')}, ${plural(counts.error, 'error')}`,
    `- **Tool:** ${mdText(plan.tool.name)} ${mdText(plan.tool.version)}, ${mdText(plan.createdAt)}`,
    '',
  );
  if (findings.length > 0) {
    out.push('| Status | Site | Setting | Scope | Current | Desired | Fixable | Details |', '|---|---|---|---|---|---|---|---|');
    for (const c of findings.slice(0, MAX_TABLE_ROWS)) {
      out.push(`| ${STATUS_LABEL[c.status]} | ${c.site !== null ? mdText(c.site) : `*(${SCOPE_LABEL[c.scope]})*`} | ${mdText(c.setting)} | ${c.scope} | ${cell(c.current)} | ${cell(c.desired)} | ${c.fixable ? 'yes' : 'no'} | ${mdText(c.message)} |`);
    }
    if (findings.length > MAX_TABLE_ROWS) out.push('', `*… and ${findings.length - MAX_TABLE_ROWS} more findings: see the JSON or text report.*`);
    out.push('');
  }
  if (plan.changes.length > MAX_SCRIPT_CHANGES) {
    out.push(`#### ${report.apply ? 'Changes planned' : 'Changes apply would make'} (${plan.changes.length})`, '', `*${plan.changes.length} writes are too many to show here: \`--emit-script FILE\` writes them all for review.*`, '');
  } else if (plan.changes.length > 0) {
    out.push(`#### ${report.apply ? 'Changes planned' : 'Changes apply would make'} (${plan.changes.length})`, '', fenced('powershell', renderPowerShellScript(plan).replace(UTF8_BOM, '')), '');
  }
  if (plan.hostActions && plan.hostActions.length > 0) {
    out.push(`#### ${report.apply ? 'Host actions planned' : 'Host actions apply would take'}`, '', ...plan.hostActions.map((h) => `- ${mdText(describeHostAction(h))}`), '');
  }
  if (report.apply) out.push(...applySection(report.apply), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function statusLine(report: Report): string {
  const code = exitCodeOf(report);
  const counts = planCounts(report.plan);
  const tail = `${plural(counts.warning, 'warning')}; exit code ${code}`;
  if (report.apply) {
    const a = report.apply;
    if (a.status === 'failed') {
      const rb = a.rollback;
      const state = !rb ? 'no rollback information' : !rb.attempted ? 'nothing was written' : rb.succeeded ? 'rolled back' : 'the rollback FAILED';
      return `### ❌ ftps-enforcer apply failed (${state}); exit code ${code}`;
    }
    if (!compliantAfter(report)) return `### ❌ ftps-enforcer apply left drift behind; exit code ${code}`;
    return a.status === 'nothing-to-do'
      ? `### ✅ ftps-enforcer apply: nothing to do, compliant; ${tail}`
      : `### ✅ ftps-enforcer apply: ${plural(a.applied.length, 'change')} applied and verified; ${tail}`;
  }
  if (report.plan.compliant) return `### ✅ ftps-enforcer audit: compliant; ${tail}`;
  const errors = counts.error > 0 ? `, ${plural(counts.error, 'error')}` : '';
  const host = report.plan.hostActions?.length ? `, ${plural(report.plan.hostActions.length, 'host action')}` : '';
  return `### 🔸 ftps-enforcer audit: drift; ${report.plan.changes.length} to change${host}, ${plural(counts.warning, 'warning')}${errors}; exit code ${code}`;
}

function applySection(a: ApplyOutcome): string[] {
  const out = ['#### Apply outcome', '', `- **Status:** ${a.status} (${mdText(a.startedAt)} to ${mdText(a.finishedAt)})`];
  if (a.error) out.push(`- **Error:** ${mdText(a.error)}`);
  if (a.backupName) out.push(`- **Backup:** ${mdText(a.backupName)}`);
  const verified = a.applied.filter((x) => x.verified).length;
  if (a.applied.length > 0) out.push(`- **Written and read back:** ${verified} of ${a.applied.length} verified`);
  const r = a.restart;
  out.push(`- **ftpsvc:** ${r.performed ? `restarted${r.at ? ` (running again at ${mdText(r.at)})` : ''}` : 'not restarted'}; policy ${r.policy}: ${mdText(r.reason)}`);
  if (a.rollback) {
    const rb = a.rollback;
    out.push(`- **Rollback:** ${!rb.attempted ? 'not needed' : rb.succeeded ? 'succeeded' : '**failed**'}${rb.message ? `: ${mdText(rb.message)}` : ''}`);
  }
  for (const h of hostStepOf(a)?.actions ?? []) out.push(`- **Host:** ${h.ok ? 'done' : '**failed**'}: ${mdText(h.done)}${h.message ? ` (${mdText(h.message)})` : ''}`);
  if (a.verification) {
    out.push(`- **Verification:** ${a.verification.compliant ? 'the configuration re-read from disk matches the desired state' : `${plural(a.verification.remaining.length, 'check')} still not right`}`);
    for (const c of a.verification.remaining) out.push(`  - ${c.site === null ? c.scope : mdText(c.site)} ${mdText(c.setting)}: ${mdText(c.message)}`);
  }
  return out;
}
