/**
 * The DSC v3 resource instance (pure): a desired-state document plus the
 * DSC-only property `configPath`, in; the actual state, `_inDesiredState` and
 * the names of drifted properties, out. Property names are the desired-state
 * file's own, so `dsc config` documents read like the file an admin knows.
 */
import type { IisFtpState } from '../core/iis-state.js';
import type { Plan } from '../core/plan.js';
import type { DesiredState } from '../core/desired-state.js';
import { effectiveExternalAddress, effectivePortRange, effectiveSsl, siteDefaultsSsl, type SslSettingName } from '../core/effective.js';
import { UserError } from '../core/errors.js';

/** DSC's canonical properties start with `_`; ours are configPath (where to read) only. */
export interface DscInput {
  desired: Record<string, unknown>;
  configPath?: string;
}

export function splitDscInput(text: string): DscInput {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, '').trim() || 'null');
  } catch (err) {
    throw new UserError(`The resource input on stdin is not JSON (${(err as Error).message}); DSC sends the instance's properties as one JSON object.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError('The resource input on stdin must be a JSON object with the desired-state properties (externalIp4Address, lowDataChannelPort, highDataChannelPort, ...).');
  }
  const desired: Record<string, unknown> = {};
  let configPath: string | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'configPath') {
      if (typeof v !== 'string' || v === '') throw new UserError('configPath must be the path of applicationHost.config as a string, or left out for IIS\'s own location.');
      configPath = v;
    } else if (!k.startsWith('_')) desired[k] = v;
  }
  return { desired, ...(configPath ? { configPath } : {}) };
}

type Ssl = Partial<Record<SslSettingName, string>>;

/** The actual state, shaped like the input: only the site and SSL keys the input names, so DSC compares like with like. */
export function actualState(state: IisFtpState, desired: DesiredState, configPath: string | undefined): Record<string, unknown> {
  const range = effectivePortRange(state);
  const out: Record<string, unknown> = {
    externalIp4Address: state.siteDefaults.externalIp4Address?.value ?? null,
    lowDataChannelPort: range.low,
    highDataChannelPort: range.high,
  };
  if (desired.ssl) out.ssl = pickSsl(desired.ssl, (name) => siteDefaultsSsl(state, name).value);
  const sites: Record<string, unknown> = {};
  for (const [name, want] of Object.entries(desired.sites)) {
    const site = state.ftpSites.find((s) => s.name === name);
    if (!site) {
      sites[name] = null;
      continue;
    }
    const entry: Record<string, unknown> = {};
    if (want.externalIp4Address !== undefined) entry.externalIp4Address = effectiveExternalAddress(site, state).value;
    if (want.ssl) entry.ssl = pickSsl(want.ssl, (n) => effectiveSsl(site, state, n).value);
    sites[name] = entry;
  }
  if (Object.keys(desired.sites).length) out.sites = sites;
  out.restart = desired.restart;
  if (configPath) out.configPath = configPath;
  return out;
}

function pickSsl(want: Ssl, read: (n: SslSettingName) => string): Ssl {
  const out: Ssl = {};
  for (const name of Object.keys(want) as SslSettingName[]) out[name] = read(name);
  return out;
}

/** Top-level property names whose checks drifted (or failed), in the instance's property order. */
export function driftedProperties(plan: Plan): string[] {
  const names = new Set<string>();
  for (const c of plan.checks) {
    if (c.status !== 'drift' && c.status !== 'error') continue;
    switch (c.code) {
      case 'PORT_RANGE':
        names.add(c.setting);
        break;
      case 'EXTERNAL_ADDRESS_DEFAULT':
      case 'MISPLACED_ATTRIBUTE':
        names.add('externalIp4Address');
        break;
      case 'EXTERNAL_ADDRESS_SITE':
        // A site that inherits a wrong default is fixed by the default; one with its own value by `sites`.
        names.add(c.scope === 'site' ? 'sites' : 'externalIp4Address');
        break;
      case 'SSL_POLICY':
        names.add(c.scope === 'site' ? 'sites' : 'ssl');
        break;
      case 'UNKNOWN_SITE':
      case 'NOT_FTP_SITE':
        names.add('sites');
        break;
      default:
        names.add(c.setting);
    }
  }
  const order = ['externalIp4Address', 'lowDataChannelPort', 'highDataChannelPort', 'ssl', 'sites'];
  return [...names].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
}
