/**
 * Host findings as plan Checks (code 'HOST'), each with a stable sub-code in
 * `hostCheck`. The message is what is wrong, in the words of the failure it
 * causes, followed by "Fix: ..." so the fix hint shows in every report format.
 */
import type { Check, CheckStatus, SettingValue } from '../core/plan.js';

export type HostCheckCode =
  | 'FACTS_UNAVAILABLE'        // a host fact could not be read (PowerShell error, module missing)
  | 'CERT_CONFIGURED'          // the FTP site names a certificate (serverCertHash)
  | 'CERT_PRESENT'             // the certificate is in Cert:\LocalMachine\<store>
  | 'CERT_PRIVATE_KEY'
  | 'CERT_VALIDITY'            // not yet valid, expired, expiring within 30 days
  | 'CERT_NAME'                // DNS names (SAN / CN) cover the desired name
  | 'CERT_THUMBPRINT'          // the pinned thumbprint, the same on every backend
  | 'FIREWALL_INBOUND'         // an enabled inbound allow covers 990 and the passive range
  | 'FIREWALL_BLOCKED'         // an enabled inbound block rule covers some of them (block wins)
  | 'FIREWALL_STATEFUL_FTP'    // the stateful FTP filter (blind to FTPS)
  | 'DYNAMIC_PORT_RANGE'       // the host's TCP dynamic range: what 0-0 means; a fixed range inside it
  | 'SERVICE_INSTALLED'
  | 'SERVICE_START_MODE'
  | 'SERVICE_RUNNING'
  | 'SERVICE_RESTART_PENDING'  // ftpsvc started before the last firewall-settings change
  | 'TLS_PROTOCOL';            // SCHANNEL server-side protocol state

export const HOST_CHECK_CODES: readonly HostCheckCode[] = [
  'FACTS_UNAVAILABLE', 'CERT_CONFIGURED', 'CERT_PRESENT', 'CERT_PRIVATE_KEY', 'CERT_VALIDITY', 'CERT_NAME', 'CERT_THUMBPRINT',
  'FIREWALL_INBOUND', 'FIREWALL_BLOCKED', 'FIREWALL_STATEFUL_FTP', 'DYNAMIC_PORT_RANGE',
  'SERVICE_INSTALLED', 'SERVICE_START_MODE', 'SERVICE_RUNNING', 'SERVICE_RESTART_PENDING', 'TLS_PROTOCOL',
];

export interface HostFinding {
  hostCheck: HostCheckCode;
  status: CheckStatus;
  site?: string | null;
  /** What was checked, e.g. `certificate`, `windowsFirewall`, `ftpsvc`, `TLS 1.2`. */
  setting: string;
  current: SettingValue;
  desired: SettingValue;
  /** What is (or is not) wrong. */
  message: string;
  /** How to fix it; omitted for ok findings. */
  fix?: string;
  fixable?: boolean;
  changeIds?: string[];
}

export function hostCheck(f: HostFinding): Check {
  const message = f.fix && f.status !== 'ok' ? `${f.message} Fix: ${f.fix}` : f.message;
  return {
    code: 'HOST',
    hostCheck: f.hostCheck,
    status: f.status,
    site: f.site ?? null,
    setting: f.setting,
    scope: f.site ? 'site' : 'server',
    current: f.current,
    desired: f.desired,
    fixable: f.fixable ?? false,
    message,
    changeIds: f.changeIds ?? [],
  };
}
