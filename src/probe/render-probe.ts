/** The probe report as text, JSON, Markdown or JUnit (one test case per check, failures carry the diagnosis). */
import type { ReportFormat } from '../core/report.js';
import { xmlAttr, xmlText } from '../render/junit.js';
import { mdText } from '../render/markdown.js';
import type { ProbeReport } from './probe-report.js';

export function renderProbeReport(r: ProbeReport, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(r, null, 2)}\n`;
    case 'markdown':
      return markdown(r);
    case 'junit':
      return junit(r);
    default:
      return text(r);
  }
}

const target = (r: ProbeReport) => `${r.target.host}:${r.target.port} (${r.target.tls === 'implicit' ? 'Implicit FTPS' : 'explicit AUTH TLS'})`;
const count = (s: { passed: number; failed: number; warned: number; skipped: number }) =>
  [`${s.passed} passed`, s.failed && `${s.failed} failed`, s.warned && `${s.warned} warned`, s.skipped && `${s.skipped} skipped`].filter(Boolean).join(', ');

function text(r: ProbeReport): string {
  const lines = [`probe ${target(r)} as ${r.target.user}, ${r.target.count} connection(s)${r.insecure ? '  [--insecure: certificate problems did not stop the probe]' : ''}`];
  const first = r.attempts[0];
  if (first?.controlAddress) lines.push(`  control connection reached ${first.controlAddress}${first.welcome ? `: ${first.welcome.trim()}` : ''}`);
  if (r.certificate) {
    const c = r.certificate;
    lines.push(`  certificate ${c.subject ?? '?'} issued by ${c.issuer ?? '?'}; chain ${c.chainVerified ? 'trusted' : `NOT trusted (${c.chainError})`}; name ${c.nameChecked} ${c.nameMatches ? 'matches' : 'NOT in CN/SAN'}`);
  }
  // The passive-mode details of one connection: the first that failed, else the first.
  const shown = r.attempts.find((a) => a.checks.some((c) => c.status === 'fail')) ?? r.attempts[0];
  const passive = shown?.checks.filter((c) => c.check.startsWith('pasv') || c.check.startsWith('epsv')) ?? [];
  // A connection that failed before passive mode (control, TLS, login) has nothing to show under its header.
  if (shown && passive.length > 0 && r.attempts.length > 1) lines.push(`  connection ${shown.n}:`);
  for (const c of passive) lines.push(`  ${c.check.padEnd(13)} ${c.status.padEnd(7)} ${c.detail}`);
  lines.push('', 'checks:');
  for (const s of r.checks) lines.push(`  ${s.failed ? 'FAIL' : s.warned ? 'WARN' : s.passed ? 'ok  ' : 'skip'} ${s.check.padEnd(18)} ${count(s)}`);
  if (r.findings.length) {
    lines.push('', 'findings:');
    for (const f of r.findings) {
      lines.push(`  ${f.severity === 'error' ? 'ERROR' : 'WARN '} ${f.code} (${f.occurrences}/${f.of} connections)`, `    ${f.problem}`, `    seen: ${f.evidence}`, `    fix: ${f.fix}`);
    }
  }
  lines.push('', r.ok ? `OK: every connection listed through PASV and EPSV${r.target.roundTrip ? ' and completed the round trip' : ''}.` : `PROBLEMS FOUND: ${r.findings.filter((f) => f.severity === 'error').length} (exit 2).`);
  return `${lines.join('\n')}\n`;
}

// Replies, certificate names and errors come from the server: escape them as the audit renderers do.
const md = mdText;

function markdown(r: ProbeReport): string {
  const lines = [`## FTPS probe: ${r.ok ? '✅ OK' : '❌ problems found'}`, '', `Target ${md(target(r))}, user ${md(r.target.user)}, ${r.target.count} connection(s).${r.insecure ? ' **--insecure**: certificate problems did not stop the probe.' : ''}`, ''];
  lines.push('| check | passed | failed | warned | skipped |', '|---|---|---|---|---|');
  for (const s of r.checks) lines.push(`| ${s.check} | ${s.passed} | ${s.failed} | ${s.warned} | ${s.skipped} |`);
  if (r.findings.length) {
    lines.push('', '| | finding | connections | problem | fix |', '|---|---|---|---|---|');
    for (const f of r.findings) lines.push(`| ${f.severity === 'error' ? '❌' : '⚠️'} | \`${f.code}\` | ${f.occurrences}/${f.of} | ${md(f.problem)}<br>seen: ${md(f.evidence)} | ${md(f.fix)} |`);
  }
  return `${lines.join('\n')}\n`;
}


function junit(r: ProbeReport): string {
  const cases = r.checks.map((s) => {
    const fs = r.findings.filter((f) => f.checks.includes(s.check) && f.severity === 'error');
    const name = `<testcase classname="probe.${xmlAttr(r.target.host)}" name="${xmlAttr(s.check)}">`;
    if (fs.length) return `    ${name}\n${fs.map((f) => `      <failure type="${f.code}" message="${xmlAttr(f.problem)}">${xmlText(`${f.problem}\nseen: ${f.evidence}\nfix: ${f.fix}`)}</failure>`).join('\n')}\n    </testcase>`;
    if (s.passed === 0 && s.skipped > 0) return `    ${name}<skipped/></testcase>`;
    return `    ${name}</testcase>`;
  });
  const failures = r.checks.filter((s) => r.findings.some((f) => f.checks.includes(s.check) && f.severity === 'error')).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ftps-enforcer probe" tests="${r.checks.length}" failures="${failures}">`,
    `  <testsuite name="probe ${xmlAttr(`${r.target.host}:${r.target.port}`)}" tests="${r.checks.length}" failures="${failures}" timestamp="${r.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
