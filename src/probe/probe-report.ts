/** The probe's report: what was checked against which target, per connection, and the findings with their remedies. */
import type { AttemptResult, CertificateFacts, ProbeCheckName, ProbeCode } from './probe-result.js';
import type { PortRange } from './probe-options.js';

export interface ProbeFinding {
  code: ProbeCode;
  /** error: clients fail (exit 2); warning: worth fixing, clients still work. */
  severity: 'error' | 'warning';
  checks: ProbeCheckName[];
  /** In how many of the `of` connections it happened. */
  occurrences: number;
  of: number;
  /** Happened in some connections but not all: the signature of missing persistence or one bad backend. */
  intermittent: boolean;
  /** The failure, in the troubleshooting guide's words. */
  problem: string;
  /** One observed example: a reply, an address, an error. */
  evidence: string;
  fix: string;
}

export interface CheckSummary {
  check: ProbeCheckName;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
}

export interface ProbeReport {
  command: 'probe';
  target: {
    host: string;
    port: number;
    tls: 'implicit' | 'explicit';
    servername: string;
    user: string;
    expectAddress?: string;
    expectRange?: PortRange;
    count: number;
    roundTrip: boolean;
  };
  /** --insecure was given: certificate problems were reported but did not stop the probe. */
  insecure: boolean;
  startedAt: string;
  finishedAt: string;
  certificate?: CertificateFacts;
  checks: CheckSummary[];
  findings: ProbeFinding[];
  attempts: AttemptResult[];
  /** No finding of severity error. */
  ok: boolean;
}
