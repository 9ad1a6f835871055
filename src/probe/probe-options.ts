/** What one `probe` run checks, after the command line is validated. The password never appears in a report. */
import { isIP } from 'node:net';
import { UserError } from '../core/errors.js';

export interface PortRange {
  low: number;
  high: number;
}

export interface ProbeOptions {
  host: string;
  port: number;
  /** implicit: TLS from the first byte (990); explicit: AUTH TLS on a plain connection (21). */
  tls: 'implicit' | 'explicit';
  user: string;
  password: string;
  /** The name checked against the certificate's CN/SAN (default: host). */
  servername: string;
  /** PEM text of extra trusted CAs (--ca). */
  ca?: string;
  insecure: boolean;
  expectAddress?: string;
  expectRange?: PortRange;
  roundTrip: boolean;
  count: number;
  /** Bounds every connect, reply and data connection. */
  timeoutMs: number;
}

/** `50000-50099` → {low, high}; one sentence naming the option when malformed. */
export function parsePortRange(text: string, option = '--expect-range'): PortRange {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  const low = Number(m?.[1]);
  const high = Number(m?.[2]);
  if (!m || low < 1 || high > 65535 || low > high) {
    throw new UserError(`${option} "${text}" is not a port range: give LOW-HIGH within 1-65535, e.g. ${option} 50000-50099.`);
  }
  return { low, high };
}

export function checkExpectAddress(text: string | undefined): string | undefined {
  if (text !== undefined && isIP(text) !== 4) {
    throw new UserError(`--expect-address "${text}" is not an IPv4 address: give the VIP the backends must advertise, e.g. --expect-address 203.0.113.10.`);
  }
  return text;
}
