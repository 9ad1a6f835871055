/**
 * The text report, for people at a terminal: a plan-like diff in the manner
 * of `terraform plan`. One line per drift (`~ site "Partner FTP"
 * externalIp4Address: 10.0.1.11 → 203.0.113.10`) with the operator message
 * under it, then errors and warnings, the writes apply would make, and a
 * summary line that ends with the exit code. Apply reports add what was done.
 */
import { decideRestart } from '../core/restart-decision.js';
import type { ApplyOutcome } from '../core/apply-outcome.js';
import type { Check, Plan } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { painter, type Painter } from './ansi.js';
import { describeHostAction, hostStepOf } from './host.js';
import { psLiteral, psValue } from './powershell-script.js';
import { byStatus, planCounts, exitCodeOf, oneLine, plural, quoted, showValue, whereOf } from './summary.js';

export function renderText(report: Report, opts: { color: boolean }): string {
  const p = painter(opts.color);
  const { plan } = report;
  const out: string[] = [...header(report), ''];

  const drift = byStatus(plan, 'drift');
  const errors = byStatus(plan, 'error');
  const warnings = byStatus(plan, 'warning');
  if (drift.length === 0 && errors.length === 0) out.push(p.green(`No drift: every checked setting matches the desired state (${plural(planCounts(plan).ok, 'check')} ok).`), '');
  section(out, report.apply ? 'Drift found before apply:' : 'Drift:', drift, (c) => `${p.yellow('~')} ${line(c, p)}`, sharedFixNotes(drift, plan));
  section(out, 'Errors (apply cannot fix these):', errors, (c) => `${p.red('x')} ${line(c, p)}`);
  section(out, 'Warnings:', warnings, (c) => `${p.yellow('!')} ${whereOf(c)}  ${c.setting}${c.current === null ? '' : `: ${showValue(c.current)}`}`);
  if (plan.changes.length > 0) {
    out.push(report.apply ? 'Changes planned:' : 'Changes apply would make:');
    for (const c of plan.changes) {
      // Valid PowerShell with single-quoted literals, so a copied line cannot expand $( ) from a site name;
      // control characters are shown escaped (the review script from --emit-script has the exact bytes).
      out.push(`  ${p.bold('Set-WebConfigurationProperty')} ${oneLine(`-PSPath ${psLiteral(c.pspath)} -Filter ${psLiteral(c.filter)} -Name ${psLiteral(c.name)} -Value ${psValue(c.value)}`)}`);
    }
    out.push(`  ${restartLine(plan, !report.apply)}`, '');
  }
  if (plan.hostActions && plan.hostActions.length > 0) {
    out.push(report.apply ? 'Host actions planned:' : 'Host actions apply would take:');
    for (const h of plan.hostActions) out.push(`  ${oneLine(describeHostAction(h))}`);
    out.push('');
  }
  if (report.apply) out.push(...applySection(report.apply, plan, p), '');
  out.push(summaryLine(report, p));
  return `${out.join('\n')}\n`;
}

function header({ command, plan, host }: Report): string[] {
  const lines = [
    `ftps-enforcer ${command}${host ? ` on ${oneLine(host)}` : ''} (${plan.tool.name} ${plan.tool.version}), ${plan.createdAt}`,
    `Configuration: ${oneLine(plan.config.configFile)}`,
  ];
  if (plan.config.redirection) {
    // The resolved file, not redirection.config's raw (possibly relative or UNC) path attribute.
    lines.push(`  shared configuration: ${oneLine(plan.config.redirection.redirectionConfig)} redirects to ${oneLine(plan.config.configFile)}`);
  }
  const extra = plan.config.filesRead.filter((f) => f !== plan.config.configFile && f !== plan.config.redirection?.redirectionConfig);
  // A redirection.config read but not redirecting (enabled="false") is no configSource file.
  const disabledRedirection = extra.filter((f) => /[\\/]redirection\.config$/i.test(f));
  const configSources = extra.filter((f) => !disabledRedirection.includes(f));
  if (configSources.length > 0) lines.push(`  also read (configSource): ${configSources.map(oneLine).join(', ')}`);
  if (disabledRedirection.length > 0) lines.push(`  also read: ${disabledRedirection.map(oneLine).join(', ')} (shared configuration not enabled)`);
  lines.push(`Desired state: ${oneLine(plan.desired.file)}`, `Restart policy: ${plan.restart}`);
  return lines;
}

function line(c: Check, p: Painter): string {
  return `${whereOf(c)}  ${c.setting}: ${p.red(showValue(c.current))} → ${p.green(showValue(c.desired))}${c.fixable ? '' : ' (not fixable by apply)'}`;
}

function section(out: string[], title: string, checks: Check[], head: (c: Check) => string, notes = new Map<Check, string>()): void {
  if (checks.length === 0) return;
  out.push(title);
  for (const c of checks) {
    out.push(`  ${head(c)}`, `      ${oneLine(c.message)}`);
    const note = notes.get(c);
    if (note) out.push(`      ${note}`);
    if (c.at) out.push(`      at ${oneLine(c.at.file)}:${c.at.line}${c.at.column ? `:${c.at.column}` : ''}`);
  }
  out.push('');
}

/**
 * Drift lines fixed by a change an earlier line already needs (a site that
 * inherits a wrong siteDefaults value): said under the line, so "6 drifts,
 * 5 to change" adds up.
 */
function sharedFixNotes(drift: Check[], plan: Plan): Map<Check, string> {
  const notes = new Map<Check, string>();
  const firstFixedBy = new Map<string, Check>();
  const changeById = new Map(plan.changes.map((c) => [c.id, c]));
  for (const c of drift) {
    const earlier = c.changeIds.map((id) => firstFixedBy.get(id)).find((e) => e !== undefined);
    if (earlier && c.changeIds.every((id) => firstFixedBy.has(id))) {
      const change = changeById.get(c.changeIds[0]!);
      notes.set(c, `fixed by the ${change ? `${scopeName(change.scope)} ` : ''}change for ${whereOf(earlier)} ${earlier.setting} above (no write of its own)`);
    }
    for (const id of c.changeIds) if (!firstFixedBy.has(id)) firstFixedBy.set(id, c);
  }
  return notes;
}

const scopeName = (scope: Check['scope']) => (scope === 'siteDefaults' ? 'siteDefaults' : scope === 'server' ? 'server-wide' : 'site');

/** What happens to ftpsvc, as decided in one place (restart-decision.ts): "would" in an audit (nothing is done). */
function restartLine(plan: Plan, audit: boolean): string {
  const d = decideRestart(plan.restart, plan.changes);
  if (d.restart) return `ftpsvc: ${audit ? 'would be restarted' : 'restarted'} once after the changes (${d.reason}).`;
  return `ftpsvc: ${audit ? 'would not be restarted' : 'not restarted'} (${d.reason}).`;
}

function applySection(a: ApplyOutcome, plan: Plan, p: Painter): string[] {
  const status = a.status === 'failed' ? p.red('FAILED') : a.status === 'applied' ? p.green('applied') : p.green('nothing to do');
  const out = [`Apply: ${status} (${a.startedAt} to ${a.finishedAt})`];
  if (a.error) out.push(`  error: ${oneLine(a.error)}`);
  if (a.backupName) out.push(`  backup: ${a.backupName} (Restore-WebConfiguration -Name ${oneLine(psLiteral(a.backupName))} puts it back)`);
  const changeById = new Map(plan.changes.map((c) => [c.id, c]));
  for (const done of a.applied) {
    const c = changeById.get(done.changeId);
    const what = c ? `${c.site !== null ? `site ${quoted(c.site)}` : c.scope}  ${c.name} = ${showValue(c.value)}` : done.changeId;
    const undone = a.status === 'failed' && a.rollback?.attempted && a.rollback.succeeded ? ', then undone by the rollback' : '';
    out.push(`  ${done.verified ? p.green('✓') : p.red('x')} ${what}; read back ${showValue(done.readBack)}${done.verified ? '' : ' (does not match)'}${undone}`);
  }
  const r = a.restart;
  out.push(`  restart: ${r.performed ? `ftpsvc restarted${r.at ? `, running again at ${r.at}` : ''}` : 'ftpsvc not restarted'} (policy ${r.policy}): ${oneLine(r.reason)}`);
  if (a.rollback) {
    const rb = a.rollback;
    const result = !rb.attempted && rb.succeeded ? 'not needed' : rb.succeeded ? p.green('succeeded, the previous configuration is back and ftpsvc is as it was')
      : rb.configRestored ? p.red('FAILED, the previous configuration is back but ftpsvc is not as it was') : p.red('FAILED, the configuration may be half-applied');
    out.push(`  rollback: ${result}${rb.message ? `: ${oneLine(rb.message)}` : ''}`);
  }
  if (a.ftpDown) out.push(`  ${p.red(oneLine(a.ftpDown))}`);
  const host = hostStepOf(a);
  if (host) {
    for (const h of host.actions) out.push(`  ${h.ok ? p.green('✓') : p.red('x')} host: ${oneLine(h.done)}${h.message ? `: ${oneLine(h.message)}` : ''}`);
  }
  if (a.verification) {
    const v = a.verification;
    if (v.compliant) out.push(`  verification: ${p.green('the configuration re-read from disk matches the desired state')}`);
    else {
      out.push(`  verification: ${p.red(`${plural(v.remaining.length, 'check')} still not right after re-reading the configuration`)}`);
      for (const c of v.remaining) out.push(`    ~ ${line(c, p)}`, `        ${oneLine(c.message)}`);
    }
  }
  return out;
}

function summaryLine(report: Report, p: Painter): string {
  const counts = planCounts(report.plan);
  const code = exitCodeOf(report);
  const a = report.apply;
  const driftCount = counts.drift;
  const changes = report.plan.changes.length;
  // One siteDefaults write can fix several drift lines: say so when the numbers differ.
  const done = !a ? (driftCount > changes && changes > 0 ? `${plural(driftCount, 'drift')}, ${changes} to change` : `${changes} to change`)
    : a.status === 'failed' ? `apply failed, ${a.rollback?.attempted === false && a.rollback.succeeded ? 'nothing written' : a.rollback?.succeeded ? 'rolled back' : a.ftpDown ? 'ROLLBACK FAILED, FTP MAY BE DOWN' : 'ROLLBACK FAILED'}`
    : `${a.applied.length} changed`;
  const hostActions = report.plan.hostActions?.length ?? 0;
  const parts = [done, ...(hostActions > 0 ? [plural(hostActions, 'host action')] : []), plural(counts.warning, 'warning')];
  if (counts.error > 0) parts.push(plural(counts.error, 'error'));
  const text = `${parts.join(', ')}; exit code ${code}`;
  return code === 0 ? p.green(text) : code === 2 ? p.yellow(text) : p.red(text);
}
