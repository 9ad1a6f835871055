/** The fleet comparison as text, JSON or Markdown (pure). */
import type { FleetComparison, FleetDifference, FleetSetting } from './compare.js';

export type FleetFormat = 'text' | 'json' | 'markdown';
export const FLEET_FORMATS: readonly FleetFormat[] = ['text', 'json', 'markdown'];

/** What goes wrong for a client when backends differ on this setting, in the words of the failure. */
const WHY: Record<FleetSetting, string> = {
  desiredState: 'the backends are enforced from different desired-state files',
  passivePortRange: 'clients landing on one backend are told ports the load balancer may not forward to it',
  ftpSite: 'the site exists on some backends only, so clients fail on the others',
  externalIp4Address: 'PASV replies send clients to different addresses depending on the backend they reach',
  controlChannelPolicy: 'the TLS requirement on the control channel depends on the backend',
  dataChannelPolicy: 'the TLS requirement on the data channel depends on the backend',
  serverCertHash: 'clients see a different certificate depending on the backend (pinning and name checks break)',
  serverCertStoreName: 'the certificate is looked up in a different store depending on the backend',
  implicitFtps: 'port 990 (implicit FTPS) is bound on some backends only',
};

const LABEL: Record<FleetSetting, string> = {
  desiredState: 'desired-state file (sha256)',
  passivePortRange: 'passive port range',
  ftpSite: 'FTP site',
  externalIp4Address: 'externalIp4Address',
  controlChannelPolicy: 'controlChannelPolicy',
  dataChannelPolicy: 'dataChannelPolicy',
  serverCertHash: 'serverCertHash',
  serverCertStoreName: 'serverCertStoreName',
  implicitFtps: 'implicit FTPS binding (990)',
};

export function renderFleet(c: FleetComparison, format: FleetFormat): string {
  if (format === 'json') return `${JSON.stringify(toJson(c), null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(c) : renderText(c);
}

function toJson(c: FleetComparison) {
  return {
    ok: c.ok,
    consistent: c.consistent,
    backends: c.backends,
    differences: c.differences.map((d) => ({ ...d, message: WHY[d.setting] })),
    oddOneOut: oddHosts(c),
  };
}

function oddHosts(c: FleetComparison): string[] {
  const hosts: string[] = [];
  for (const d of c.differences) for (const h of d.oddOneOut) if (!hosts.includes(h)) hosts.push(h);
  return hosts;
}

function where(d: FleetDifference): string {
  return d.site === null ? LABEL[d.setting] : d.setting === 'ftpSite' ? `site ${JSON.stringify(d.site)}` : `site ${JSON.stringify(d.site)} ${LABEL[d.setting]}`;
}

function summary(c: FleetComparison): string {
  const drift = c.backends.filter((b) => !b.compliant).length;
  const parts = [
    `${c.backends.length} backend${c.backends.length === 1 ? '' : 's'}`,
    c.consistent ? 'consistent' : `${c.differences.length} difference${c.differences.length === 1 ? '' : 's'}`,
    drift === 0 ? 'all compliant' : `${drift} with drift from the desired state`,
  ];
  return `${parts.join(', ')}; exit code ${c.ok ? 0 : 2}`;
}

function renderText(c: FleetComparison): string {
  const width = Math.max(...c.backends.map((b) => b.host.length));
  const out = ['Backends:'];
  for (const b of c.backends) out.push(`  ${b.host.padEnd(width)}  ${b.compliant ? 'compliant' : `drift (audit exit ${b.exitCode})`}`);
  for (const d of c.differences) {
    out.push('', `✗ ${where(d)} differs: ${WHY[d.setting]}.`);
    const vw = Math.max(...d.groups.map((g) => g.value.length));
    for (const g of d.groups) {
      const odd = d.majority !== null && g.value !== d.majority ? '   ← odd one out' : '';
      out.push(`    ${g.value.padEnd(vw)}  ${g.hosts.join(', ')}${odd}`);
    }
    if (d.majority === null) out.push('    no majority: compare these backends by hand');
  }
  const odd = oddHosts(c);
  out.push('');
  if (odd.length) out.push(`Odd one out: ${odd.join(', ')}`);
  out.push(summary(c));
  return `${out.join('\n')}\n`;
}

/** Table cells: no pipe, backtick, angle bracket or line break may break the table. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function renderMarkdown(c: FleetComparison): string {
  const out = [`### FTPS fleet: ${c.ok ? '✅ consistent' : '❌ differences found'}`, '', summary(c), '', '| backend | audit |', '|---|---|'];
  for (const b of c.backends) out.push(`| ${cell(b.host)} | ${b.compliant ? 'compliant' : `drift (exit ${b.exitCode})`} |`);
  if (c.differences.length) {
    out.push('', '| setting | value | backends | |', '|---|---|---|---|');
    for (const d of c.differences) {
      for (const g of d.groups) {
        const mark = d.majority === null ? 'no majority' : g.value === d.majority ? 'majority' : '**odd one out**';
        out.push(`| ${cell(where(d))} | ${cell(g.value)} | ${cell(g.hosts.join(', '))} | ${mark} |`);
      }
    }
    out.push('', ...c.differences.map((d) => `- ${cell(where(d))}: ${WHY[d.setting]}.`));
  }
  return `${out.join('\n')}\n`;
}
