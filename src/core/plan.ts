/**
 * The plan: what was checked, what drifted, and the exact WebAdministration
 * writes that would fix it. A plain, serialisable value (saved by `audit --out`,
 * applied by `apply --plan`), produced by the pure `planner.ts`.
 */
import type { RestartPolicy } from './desired-state.js';
import type { SourceLocation } from './iis-state.js';

/** Stable identifiers: reports, tests and monitoring key on these, never on wording. */
export type CheckCode =
  | 'PORT_RANGE'              // system.ftpServer/firewallSupport low/high
  | 'EXTERNAL_ADDRESS_DEFAULT' // siteDefaults externalIp4Address
  | 'EXTERNAL_ADDRESS_SITE'    // a site's effective externalIp4Address
  | 'SSL_POLICY'               // control/data channel policy, serverCertHash
  | 'SSL_WITHOUT_CERTIFICATE'  // a planned SslRequire on a site with no certificate (error, not fixable)
  | 'IMPLICIT_FTPS_BINDING'    // the site has an ftp binding on 990
  | 'MISPLACED_ATTRIBUTE'      // e.g. externalIp4Address on system.ftpServer/firewallSupport
  | 'UNKNOWN_SITE'             // desired state names a site the configuration lacks
  | 'NOT_FTP_SITE'             // desired state names a site that has no ftp binding
  | 'NO_FTP_SITES'             // the configuration has no FTP site at all
  | 'HOST'                     // host checks (certificate, firewall, service, TLS): issue 10
  | 'DESIRED_STATE'            // a valid but questionable desired-state setting (e.g. a 0-0 range, SslAllow)
  ;

/**
 * ok: matches. drift: differs and `fixable` says whether apply can fix it.
 * warning: worth a look, does not make the run non-compliant.
 * error: a problem apply cannot fix (makes the run non-compliant).
 */
export type CheckStatus = 'ok' | 'drift' | 'warning' | 'error';

export type SettingValue = string | number | boolean | null;

export interface Check {
  code: CheckCode;
  status: CheckStatus;
  /** The site name verbatim, or null for server-wide and siteDefaults settings. */
  site: string | null;
  /** The IIS attribute name, e.g. `externalIp4Address`, `lowDataChannelPort`, `controlChannelPolicy`. */
  setting: string;
  /** Where the setting is written: server (system.ftpServer), siteDefaults, or the site element. */
  scope: 'server' | 'siteDefaults' | 'site';
  current: SettingValue;
  desired: SettingValue;
  /** Where the current value came from ("site", "siteDefaults", "IIS default"), for effective values. */
  inheritedFrom?: 'site' | 'siteDefaults' | 'default';
  fixable: boolean;
  /** One or two sentences an operator understands, in the words of the failure the drift causes. */
  message: string;
  at?: SourceLocation;
  /** Ids of the changes that fix this check. */
  changeIds: string[];
  /** For code 'HOST': which host check (e.g. CERT_NAME, FIREWALL_INBOUND, SERVICE_RESTART_PENDING, TLS_PROTOCOL); see src/host/host-check.ts. */
  hostCheck?: string;
}

/** The PSPath every change uses: the server-level applicationHost.config. */
export const APPHOST_PSPATH = 'MACHINE/WEBROOT/APPHOST';

/** One `Set-WebConfigurationProperty -PSPath -Filter -Name -Value` call. */
export interface Change {
  id: string;
  pspath: typeof APPHOST_PSPATH;
  filter: string;
  name: string;
  value: string | number;
  /** The value before the change, for the report and for the verify step's context. */
  current: SettingValue;
  site: string | null;
  scope: Check['scope'];
  /**
   * The change takes effect only once ftpsvc restarts. True for every change the planner makes: no source says
   * otherwise for firewallSupport or the SSL policies, so restarting is the safe choice (src/core/restart-decision.ts).
   */
  requiresRestart: boolean;
}

export const PLAN_FORMAT_VERSION = 1;

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tool: { name: 'iis-ftps-enforcer'; version: string };
  createdAt: string;
  config: {
    requestedFile: string;
    configFile: string;
    redirection?: { redirectionConfig: string; path: string };
    filesRead: string[];
    contentHash: string;
  };
  desired: { file: string; contentHash: string };
  restart: RestartPolicy;
  checks: Check[];
  changes: Change[];
  /** True when no check is drift or error. */
  compliant: boolean;
  /** Host fixes apply may make (issue 10): present only when host facts were gathered. */
  hostActions?: HostAction[];
}

/**
 * A host fix apply may make besides WebAdministration writes: create (or update
 * this tool's own) inbound firewall rule, or restart ftpsvc whose start predates
 * the last firewall-settings change. Never touches someone else's rule.
 */
export type HostAction =
  | {
      kind: 'ensure-firewall-rule';
      id: string;
      /** Name (= InstanceID) of the rule this tool owns. */
      ruleName: string;
      displayName: string;
      description: string;
      group: string;
      /** LocalPort values, e.g. ["990", "50000-50099"]. */
      localPorts: string[];
      /** create: no rule of ours exists; update: ours exists but is disabled or does not cover the ports. */
      mode: 'create' | 'update';
    }
  | { kind: 'restart-ftpsvc'; id: string; reason: string };
