/**
 * What one probe connection found, check by check, as data. Wording and
 * remedies are added by diagnose.ts; renderers never interpret these.
 */

/** The checks, in the order a client meets them. */
export const PROBE_CHECKS = [
  'control',
  'certificate-chain',
  'certificate-name',
  'login',
  'pasv-address',
  'pasv-port',
  'pasv-data',
  'epsv-port',
  'epsv-data',
  'round-trip',
] as const;
export type ProbeCheckName = (typeof PROBE_CHECKS)[number];

/** Stable codes; reports and tests key on these, never on wording. */
export type ProbeCode =
  | 'NAME_NOT_RESOLVED'
  | 'CONTROL_UNREACHABLE'
  | 'TLS_HANDSHAKE_FAILED'
  | 'CERT_UNTRUSTED'
  | 'CERT_NAME_MISMATCH'
  | 'CERT_DIFFERS'
  | 'LOGIN_FAILED'
  | 'PROT_P_REFUSED'
  | 'CONTROL_ADDRESS_UNEXPECTED'
  | 'PASSIVE_REFUSED'
  | 'PASSIVE_REPLY_UNREADABLE'
  | 'PASV_ADDRESS_BACKEND'
  | 'PASSIVE_PORT_OUT_OF_RANGE'
  | 'DATA_PORT_UNREACHABLE'
  | 'DATA_WRONG_BACKEND'
  | 'DATA_TLS_FAILED'
  | 'TRANSFER_FAILED'
  | 'ROUND_TRIP_FAILED';

export type Facts = Record<string, string | number | boolean | null>;

export interface CheckOutcome {
  check: ProbeCheckName;
  status: 'pass' | 'fail' | 'warn' | 'skipped';
  code?: ProbeCode;
  /** What was observed, in one line (a reply, an address, an error). */
  detail: string;
  facts?: Facts;
}

/** The server certificate as seen on the control connection. */
export interface CertificateFacts {
  subject: string | null;
  subjectAltNames: string[];
  issuer: string | null;
  validTo: string | null;
  fingerprint256: string | null;
  protocol: string | null;
  cipher: string | null;
  chainVerified: boolean;
  chainError?: string;
  nameChecked: string;
  nameMatches: boolean;
  nameError?: string;
}

export interface AttemptResult {
  /** 1-based connection number (of --count). */
  n: number;
  /** The address the control connection reached (what the VIP name resolved to). */
  controlAddress?: string;
  welcome?: string;
  certificate?: CertificateFacts;
  checks: CheckOutcome[];
  durationMs: number;
}
