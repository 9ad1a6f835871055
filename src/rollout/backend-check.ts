/**
 * The check after a change: the product's own probe (probe/probe-connection.ts)
 * and its diagnosis, judged for one of two routes. Through the VIP, with the
 * load balancer sending this machine's connections to the backend under test,
 * every error finding counts. Straight to the backend, PASV's data connection
 * goes to the VIP and may land on another backend, so what the PASV data
 * connection did is left to the VIP check that follows once the backend is back.
 */
import { createSocket } from 'node:dgram';
import { probeOnce } from '../probe/probe-connection.js';
import { diagnose } from '../probe/diagnose.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import type { AttemptResult } from '../probe/probe-result.js';
import type { ProbeFinding } from '../probe/probe-report.js';

export type ProbeRoute = 'vip' | 'direct';

/** Runs the probe's connections against one target. */
export type ProbeRunner = (opts: ProbeOptions) => Promise<AttemptResult[]>;

export const runProductProbe: ProbeRunner = async (opts) => {
  const attempts: AttemptResult[] = [];
  for (let n = 1; n <= opts.count; n++) attempts.push(await probeOnce(opts, n, () => undefined));
  return attempts;
};

export interface CheckVerdict {
  ok: boolean;
  /** Error findings that count for this route, by code, with one line of evidence each. */
  failures: Array<{ code: string; evidence: string }>;
  /** Findings left to the VIP check (direct route only). */
  deferred: string[];
}

/** Judges a probe run (pure). */
export function judgeProbe(attempts: AttemptResult[], opts: ProbeOptions, route: ProbeRoute): CheckVerdict {
  // Straight to the backend the control connection reaches the backend's own address, not the VIP: expected.
  const { findings } = diagnose(attempts, route === 'direct' ? { ...opts, expectAddress: undefined } : opts);
  const errors = findings.filter((f) => f.severity === 'error');
  const deferredOnly = (f: ProbeFinding) => route === 'direct' && f.checks.every((c) => c === 'pasv-data');
  return {
    ok: errors.every(deferredOnly),
    failures: errors.filter((f) => !deferredOnly(f)).map((f) => ({ code: f.code, evidence: f.evidence })),
    deferred: errors.filter(deferredOnly).map((f) => f.code),
  };
}

/** The local address this machine's connections to the VIP come from (no packet is sent); what the load balancer sees unless a NAT is in between. */
export function localSourceFor(vip: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.on('error', (e) => {
      s.close();
      reject(e);
    });
    s.connect(990, vip, () => {
      const { address } = s.address();
      s.close();
      resolve(address);
    });
  });
}
