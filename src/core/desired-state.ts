/**
 * The desired-state file, after schema validation (see schema/desired-state.schema.json).
 * Attribute names are IIS's own so an IIS administrator recognises them.
 */

export type RestartPolicy = 'on-change' | 'never' | 'always';
export const RESTART_POLICIES: readonly RestartPolicy[] = ['on-change', 'never', 'always'];

export type ControlChannelPolicy = 'SslAllow' | 'SslRequire' | 'SslRequireCredentialsOnly';
export type DataChannelPolicy = 'SslAllow' | 'SslRequire' | 'SslDeny';

export interface DesiredSsl {
  controlChannelPolicy?: ControlChannelPolicy;
  dataChannelPolicy?: DataChannelPolicy;
  serverCertHash?: string;
}

export interface DesiredSite {
  externalIp4Address?: string;
  ssl?: DesiredSsl;
}

/** Host checks (issue 10): gathered through one read-only PowerShell call when present. */
export interface DesiredCertificate {
  dnsName?: string;
  thumbprint?: string;
}

export interface DesiredWindowsFirewall {
  ensureInboundRule?: boolean;
}

export interface DesiredState {
  /** The VIP every FTP site must advertise in PASV replies (IPv4 only). */
  externalIp4Address: string;
  lowDataChannelPort: number;
  highDataChannelPort: number;
  /** Per-site overrides, keyed by the IIS site name verbatim. */
  sites: Record<string, DesiredSite>;
  /** Applied to every FTP site (at siteDefaults, and at sites that override it). */
  ssl?: DesiredSsl;
  restart: RestartPolicy;
  certificate?: DesiredCertificate;
  windowsFirewall?: DesiredWindowsFirewall;
}

/** A loaded desired-state file: the value plus where it came from. */
export interface LoadedDesiredState {
  file: string;
  /** sha256 of the file's bytes, recorded in saved plans. */
  contentHash: string;
  desired: DesiredState;
  /** Valid but questionable settings (e.g. 0–0 port range, SslAllow), one line each with its line number; for the log. */
  warnings?: string[];
  /** The same warnings with their place, for the reports (each becomes a DESIRED_STATE warning check). */
  warningsAt?: { message: string; line?: number }[];
}
