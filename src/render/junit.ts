/**
 * The JUnit XML report, for Azure DevOps (PublishTestResults), Jenkins and
 * GitLab: one <testcase> per check. drift → <failure>, error → <error>,
 * warning → passes with the message in <system-out>, ok → passes. Apply
 * reports add a second suite for what apply did. Every attribute and text is
 * escaped, and characters XML 1.0 forbids are written as visible `\uXXXX`.
 */
import type { ApplyOutcome } from '../core/apply-outcome.js';
import type { Check, Plan } from '../core/plan.js';
import type { Report } from '../core/report.js';
import { showValue, whereOf } from './summary.js';
import { hostStepOf } from './host.js';

// Outside these ranges a character cannot appear in XML 1.0 at all, not even as a reference.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const visible = (s: string) => s.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

export function xmlText(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values keep tabs and line breaks as references, which attribute normalisation would otherwise turn into spaces. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; body: string };
  error?: { message: string; type: string; body: string };
  out?: string;
}

/** classname from scope and site: `ftps-enforcer.server`, `ftps-enforcer.siteDefaults`, `ftps-enforcer.site.Partner FTP`. */
function classnameOf(c: Check): string {
  return c.site !== null ? `ftps-enforcer.site.${c.site}` : `ftps-enforcer.${c.scope}`;
}

function detail(c: Check): string {
  const lines = [`${whereOf(c)} ${c.setting}: current ${showValue(c.current)}, desired ${showValue(c.desired)}; ${c.fixable ? 'apply can fix it' : 'apply cannot fix it'}.`, c.message];
  if (c.at) lines.push(`at ${c.at.file}:${c.at.line}`);
  return lines.join('\n');
}

function checkCases(plan: Plan): Case[] {
  const seen = new Map<string, number>();
  return plan.checks.map((c) => {
    const classname = classnameOf(c);
    // Two checks of one setting in one class (rare) would merge in CI views: the code tells them apart.
    const key = `${classname}\u0000${c.setting}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const name = n === 1 ? c.setting : `${c.setting} (${c.code})`;
    const base: Case = { classname, name };
    const body = { message: c.message, type: c.code, body: detail(c) };
    if (c.status === 'drift') return { ...base, failure: body };
    if (c.status === 'error') return { ...base, error: body };
    if (c.status === 'warning') return { ...base, out: `warning: ${detail(c)}` };
    return { ...base, out: c.message };
  });
}

function applyCases(a: ApplyOutcome, plan: Plan): Case[] {
  const cls = 'ftps-enforcer.apply';
  const byId = new Map(plan.changes.map((c) => [c.id, c]));
  const cases: Case[] = a.applied.map((x) => {
    const change = byId.get(x.changeId);
    const name = change ? `${change.site !== null ? `site ${change.site}` : change.scope} ${change.name}` : x.changeId;
    const body = `wrote ${change ? showValue(change.value) : '?'}, read back ${showValue(x.readBack)}`;
    return x.verified ? { classname: cls, name, out: body } : { classname: cls, name, failure: { message: `read back ${showValue(x.readBack)}, not what was written`, type: 'READ_BACK', body } };
  });
  if (a.status === 'failed') {
    const rb = a.rollback;
    const rollback = rb ? (rb.attempted ? (rb.succeeded ? 'the rollback succeeded' : 'the ROLLBACK FAILED') : 'nothing needed rolling back') : 'no rollback information';
    cases.push({ classname: cls, name: 'apply', error: { message: a.error ?? 'apply failed', type: 'APPLY_FAILED', body: `${a.error ?? 'apply failed'}\n${rollback}${rb?.message ? `: ${rb.message}` : ''}` } });
  }
  for (const h of hostStepOf(a)?.actions ?? []) {
    cases.push(h.ok
      ? { classname: cls, name: `host ${h.id}`, out: `${h.done}${h.message ? `: ${h.message}` : ''}` }
      : { classname: cls, name: `host ${h.id}`, failure: { message: h.message || h.done, type: 'HOST_ACTION', body: `${h.done}\n${h.message}` } });
  }
  if (a.verification) {
    const v = a.verification;
    cases.push(v.compliant
      ? { classname: cls, name: 'verification', out: 'the configuration re-read from disk matches the desired state' }
      : { classname: cls, name: 'verification', failure: { message: `${v.remaining.length} check(s) still not right after apply`, type: 'VERIFY', body: v.remaining.map(detail).join('\n\n') } });
  }
  cases.push({ classname: cls, name: 'restart ftpsvc', out: `${a.restart.performed ? 'restarted' : 'not restarted'} (policy ${a.restart.policy}): ${a.restart.reason}` });
  return cases;
}

function suite(name: string, cases: Case[], timestamp: string, properties: [string, string][], host: string | undefined): string {
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const hostname = host ? ` hostname="${xmlAttr(host)}"` : '';
  const lines = [`  <testsuite name="${xmlAttr(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" timestamp="${xmlAttr(timestamp)}"${hostname}>`];
  if (properties.length > 0) {
    lines.push('    <properties>');
    for (const [k, v] of properties) lines.push(`      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`);
    lines.push('    </properties>');
  }
  for (const c of cases) {
    const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}" time="0"`;
    const inner: string[] = [];
    if (c.failure) inner.push(`      <failure message="${xmlAttr(c.failure.message)}" type="${xmlAttr(c.failure.type)}">${xmlText(c.failure.body)}</failure>`);
    if (c.error) inner.push(`      <error message="${xmlAttr(c.error.message)}" type="${xmlAttr(c.error.type)}">${xmlText(c.error.body)}</error>`);
    if (c.out) inner.push(`      <system-out>${xmlText(c.out)}</system-out>`);
    lines.push(inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`);
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

export function renderJunit(report: Report): string {
  const { plan } = report;
  const props: [string, string][] = [
    ['configFile', plan.config.configFile],
    ...(plan.config.redirection ? [['redirectedBy', plan.config.redirection.redirectionConfig] as [string, string]] : []),
    ['desiredFile', plan.desired.file],
    ['restartPolicy', plan.restart],
    ['tool', `${plan.tool.name} ${plan.tool.version}`],
  ];
  // The host in the suite name: CI views list suites by name, and a fleet's reports must not merge into one.
  const on = report.host ? ` on ${report.host}` : '';
  const suites = [suite(`ftps-enforcer ${report.command}${on}: ${plan.config.configFile}`, checkCases(plan), plan.createdAt, props, report.host)];
  const all = checkCases(plan);
  if (report.apply) {
    const cases = applyCases(report.apply, plan);
    all.push(...cases);
    suites.push(suite(`ftps-enforcer apply outcome${on}`, cases, report.apply.startedAt, [], report.host));
  }
  const failures = all.filter((c) => c.failure).length;
  const errors = all.filter((c) => c.error).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // No `skipped` here: the JUnit schema Jenkins validates against allows it on <testsuite> only.
    `<testsuites name="ftps-enforcer" tests="${all.length}" failures="${failures}" errors="${errors}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
