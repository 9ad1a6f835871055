/**
 * From observations to diagnoses (pure): group the failed checks of all
 * connections by code, count them, and word each as the symptom an operator
 * knows (what FTP clients show) with the fix. Self-contained: no sentence
 * refers to a document the user does not have.
 */
import type { AttemptResult, CheckOutcome, Facts, ProbeCheckName, ProbeCode } from './probe-result.js';
import { PROBE_CHECKS } from './probe-result.js';
import type { CheckSummary, ProbeFinding } from './probe-report.js';
import type { ProbeOptions } from './probe-options.js';

type Ctx = Pick<ProbeOptions, 'host' | 'port' | 'expectAddress' | 'expectRange' | 'tls' | 'servername'>;

interface Wording {
  severity: 'error' | 'warning';
  problem: (f: Facts, c: Ctx) => string;
  fix: (f: Facts, c: Ctx) => string;
}

const range = (c: Ctx) => (c.expectRange ? `${c.expectRange.low}-${c.expectRange.high}` : 'the passive range');

const WORDING: Record<ProbeCode, Wording> = {
  NAME_NOT_RESOLVED: {
    severity: 'error',
    problem: (_f, c) => `The name ${c.host} does not resolve (DNS).`,
    fix: () => 'Check the spelling of --vip and the DNS servers this machine uses, or give the VIP\'s address.',
  },
  CONTROL_UNREACHABLE: {
    severity: 'error',
    problem: (_f, c) => `Cannot open the control connection to ${c.host}:${c.port}.`,
    fix: (_f, c) => `Check that the load balancer forwards ${c.port} to the backends and that firewalls in the path allow it${c.tls === 'implicit' ? ' (Implicit FTPS listens on 990; use --explicit for AUTH TLS on 21)' : ''}.`,
  },
  TLS_HANDSHAKE_FAILED: {
    severity: 'error',
    problem: () => 'TLS handshake failed on the control connection (no TLS version in common, or not Implicit FTPS on this port).',
    fix: (_f, c) => `Enable TLS 1.2/1.3 on every IIS backend and bind an SSL certificate to the FTP site; ${c.tls === 'implicit' ? 'if the server expects AUTH TLS on 21, probe with --explicit' : 'for Implicit FTPS on 990, probe without --explicit'}.`,
  },
  CERT_UNTRUSTED: {
    severity: 'error',
    problem: (f) => `Certificate verification: not trusted (issuer ${f.issuer ?? 'unknown'}); the probe sent no credentials.`,
    fix: () => 'Install a certificate from a CA the clients trust on all backends, or give the issuing CA with --ca FILE; --insecure only for tests.',
  },
  CERT_NAME_MISMATCH: {
    severity: 'error',
    problem: (f) => `Certificate name mismatch: ${f.name} is not in the certificate (subject ${f.subject ?? 'none'}; SAN ${f.san || 'none'}).`,
    fix: () => 'Install a certificate with the VIP\'s FQDN in its SAN on all IIS backends (the same certificate everywhere), and connect by that name.',
  },
  CERT_DIFFERS: {
    severity: 'warning',
    problem: () => 'The backends present different certificates: clients see a different certificate depending on where the load balancer sends them.',
    fix: () => 'Install the same SSL certificate on all backend servers (the guide\'s checklist).',
  },
  LOGIN_FAILED: {
    severity: 'error',
    problem: (f) => `Login as ${f.user} was refused.`,
    fix: () => 'Check the user and the password the probe reads from its environment variable or --password-file.',
  },
  PROT_P_REFUSED: {
    severity: 'error',
    problem: () => 'The server refused PBSZ 0 / PROT P: data connections would not be encrypted.',
    fix: () => 'Set the FTP site\'s dataChannelPolicy to SslRequire (FTP SSL Settings) on every backend.',
  },
  CONTROL_ADDRESS_UNEXPECTED: {
    severity: 'error',
    problem: (f, c) => `${c.host} reached ${f.address}, not the expected VIP ${c.expectAddress}.`,
    fix: (_f, c) => `Point ${c.host} at the VIP ${c.expectAddress} in DNS, or probe the right host.`,
  },
  PASSIVE_REFUSED: {
    severity: 'error',
    problem: (f) => `The server refused ${f.command ?? 'the passive-mode command'}.`,
    fix: () => 'Enable passive mode on the FTP server; clients behind NAT cannot use active mode.',
  },
  PASSIVE_REPLY_UNREADABLE: {
    severity: 'error',
    problem: (f) => `The passive-mode reply could not be decoded: ${f.reply}.`,
    fix: () => 'Check what answers on this port: a proxy or a non-FTP service may be in the way.',
  },
  PASV_ADDRESS_BACKEND: {
    severity: 'error',
    problem: (f) =>
      `PASV reply carries the wrong address: the server advertised ${f.advertised}:${f.port}, a backend's own address, but clients must be sent to ${f.expected}; clients that use PASV hang at "Making data connection".`,
    fix: (f) =>
      `Set externalIp4Address to ${f.expected} on every IIS backend (siteDefaults, and every FTP site that sets its own), then restart ftpsvc: ftps-enforcer apply --desired FILE does both.`,
  },
  PASSIVE_PORT_OUT_OF_RANGE: {
    severity: 'error',
    problem: (f) => `The server offered data port ${f.port}, outside ${f.low}-${f.high}, the range the load balancer forwards.`,
    fix: (f) => `Set lowDataChannelPort=${f.low} and highDataChannelPort=${f.high} (system.ftpServer/firewallSupport) on every backend and restart ftpsvc; ftps-enforcer apply does both.`,
  },
  DATA_PORT_UNREACHABLE: {
    severity: 'error',
    problem: (f, c) =>
      `Passive port range not forwarded: the control channel works, but the data connection to ${f.advertised ?? c.host}:${f.port} ${f.connectError === 'ECONNREFUSED' ? 'was refused' : 'timed out'}.`,
    fix: (_f, c) => `Forward ports ${range(c)} on the load balancer VIP to the backends, and open them on every firewall between the clients and the VIP.`,
  },
  DATA_WRONG_BACKEND: {
    severity: 'error',
    problem: (f) =>
      f.someDataWorked
        ? `Session persistence not configured: some data connections work, but others (e.g. to ${f.advertised ?? f.controlAddress}:${f.port}) were accepted by the load balancer and never answered with TLS: they reached a backend that was not waiting for them.`
        : `Data connections (e.g. to ${f.advertised ?? f.controlAddress}:${f.port}) are accepted by the load balancer but never answered with TLS: no backend behind the VIP is waiting for them (no source persistence, or the range is forwarded to the wrong place).`,
    fix: (f, c) =>
      f.someDataWorked
        ? 'Enable source IP persistence (30 minutes or more) shared by 990 and the passive range, so control and data connections reach the same backend.'
        : `Enable source IP persistence shared by 990 and the passive range, and check that the load balancer can reach ${range(c)} on every backend (firewall between the load balancer and the backends).`,
  },
  DATA_TLS_FAILED: {
    severity: 'error',
    problem: () => 'TLS on the data connection failed.',
    fix: () => 'Check the data channel SSL policy and that the server accepts resumed TLS sessions on data connections; the same certificate must be bound on all backends.',
  },
  TRANSFER_FAILED: {
    severity: 'error',
    problem: () => 'The data connection was made, but the listing failed.',
    fix: () => 'Check the user\'s permissions on the FTP site\'s home folder and the server\'s FTP log for the session.',
  },
  ROUND_TRIP_FAILED: {
    severity: 'error',
    problem: () => 'The upload and download round trip failed.',
    fix: () => 'Check that the probe user may write to its home folder, and the server\'s FTP log for the session.',
  },
};

/** Derived checks that need the whole connection: the address the control connection reached. */
function withDerived(a: AttemptResult, ctx: Ctx): CheckOutcome[] {
  if (!ctx.expectAddress || !a.controlAddress || a.controlAddress === ctx.expectAddress) return a.checks;
  return [...a.checks, { check: 'control', status: 'fail', code: 'CONTROL_ADDRESS_UNEXPECTED', detail: `reached ${a.controlAddress}`, facts: { address: a.controlAddress } }];
}

export function diagnose(attempts: AttemptResult[], ctx: Ctx): { findings: ProbeFinding[]; checks: CheckSummary[] } {
  const byCode = new Map<ProbeCode, { attempts: Set<number>; checks: Set<ProbeCheckName>; first: CheckOutcome; severity: 'error' | 'warning' }>();
  const summary = new Map<ProbeCheckName, CheckSummary>(PROBE_CHECKS.map((c) => [c, { check: c, passed: 0, failed: 0, warned: 0, skipped: 0 }]));
  for (const a of attempts) {
    for (const c of withDerived(a, ctx)) {
      const s = summary.get(c.check)!;
      if (c.status === 'pass') s.passed++;
      else if (c.status === 'fail') s.failed++;
      else if (c.status === 'warn') s.warned++;
      else s.skipped++;
      if (!c.code || c.status === 'pass' || c.status === 'skipped') continue;
      const entry = byCode.get(c.code) ?? { attempts: new Set(), checks: new Set(), first: c, severity: c.status === 'warn' ? 'warning' : WORDING[c.code].severity };
      entry.attempts.add(a.n);
      entry.checks.add(c.check);
      byCode.set(c.code, entry);
    }
  }
  // Whether any data connection of the run worked decides how a data connection nobody answered reads.
  const someDataWorked = attempts.some((a) => a.checks.some((c) => (c.check === 'pasv-data' || c.check === 'epsv-data') && c.status === 'pass'));
  const wrong = byCode.get('DATA_WRONG_BACKEND');
  if (wrong) wrong.first = { ...wrong.first, facts: { ...wrong.first.facts, someDataWorked } };
  const fingerprints = new Set(attempts.map((a) => a.certificate?.fingerprint256).filter(Boolean));
  const findings: ProbeFinding[] = [...byCode.entries()].map(([code, e]) => finding(code, e.severity, [...e.checks], e.attempts.size, attempts.length, e.first, ctx));
  if (fingerprints.size > 1) {
    findings.push(finding('CERT_DIFFERS', 'warning', ['certificate-chain'], attempts.length, attempts.length, { check: 'certificate-chain', status: 'warn', detail: [...fingerprints].join(' / ') }, ctx));
  }
  return { findings, checks: [...summary.values()].filter((s) => s.passed + s.failed + s.warned + s.skipped > 0) };
}

function finding(code: ProbeCode, severity: 'error' | 'warning', checks: ProbeCheckName[], occurrences: number, of: number, first: CheckOutcome, ctx: Ctx): ProbeFinding {
  const w = WORDING[code];
  const facts = first.facts ?? {};
  const intermittent = occurrences < of || facts.someDataWorked === true;
  return {
    code,
    severity,
    checks,
    occurrences,
    of,
    intermittent,
    problem: `${w.problem(facts, ctx)}${occurrences < of ? ` It happened in ${occurrences} of ${of} connections (intermittent: look for missing persistence or one misconfigured backend).` : ''}`,
    evidence: first.detail,
    fix: w.fix(facts, ctx),
  };
}
