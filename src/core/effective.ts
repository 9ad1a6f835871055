/**
 * IIS inheritance for FTP site settings: a value set on the site wins, else the
 * siteDefaults value, else the schema default. Pure; the planner and the
 * end-to-end lab's stand-in server both use it, so they agree on what IIS does.
 */
import type { FtpSiteFacts, IisFtpState, Located, SslSettings } from './iis-state.js';

export type ValueSource = 'site' | 'siteDefaults' | 'default';

export interface Effective<T> {
  value: T;
  from: ValueSource;
  at?: Located<unknown>['at'];
}

/** Schema defaults (FTP schema; DOMAIN.md "FTP over TLS"). */
export const SSL_DEFAULTS = {
  controlChannelPolicy: 'SslRequire',
  dataChannelPolicy: 'SslRequire',
  serverCertHash: '',
  serverCertStoreName: 'MY',
} as const;

export type SslSettingName = keyof typeof SSL_DEFAULTS;

function pick<T>(site: Located<T> | undefined, defaults: Located<T> | undefined, fallback: T): Effective<T> {
  if (site) return { value: site.value, from: 'site', at: site.at };
  if (defaults) return { value: defaults.value, from: 'siteDefaults', at: defaults.at };
  return { value: fallback, from: 'default' };
}

/** The address IIS advertises in PASV replies for this site; null = none set, so IIS uses the server's own address. */
export function effectiveExternalAddress(site: FtpSiteFacts, state: IisFtpState): Effective<string | null> {
  return pick<string | null>(site.externalIp4Address, state.siteDefaults.externalIp4Address, null);
}

export function effectiveSsl(site: FtpSiteFacts, state: IisFtpState, name: SslSettingName): Effective<string> {
  return pick<string>(site.ssl[name], state.siteDefaults.ssl[name], SSL_DEFAULTS[name]);
}

/** The siteDefaults value itself (what a site with no own value inherits). */
export function siteDefaultsSsl(state: IisFtpState, name: SslSettingName): Effective<string> {
  return pick<string>(undefined, state.siteDefaults.ssl[name], SSL_DEFAULTS[name]);
}

/** The passive range IIS uses; 0 (unset) on both ends means Windows' dynamic range 49152–65535. */
export function effectivePortRange(state: IisFtpState): { low: number; high: number } {
  return {
    low: state.firewallSupport.lowDataChannelPort?.value ?? 0,
    high: state.firewallSupport.highDataChannelPort?.value ?? 0,
  };
}

export type { SslSettings };
