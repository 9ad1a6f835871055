/**
 * Attribute text → typed values, as IIS's schema reads them. Enum attributes
 * may be stored as names or as numbers (and IIS matches names without regard
 * to case); both become the canonical name. A value IIS would refuse is a
 * `ValueProblem`, which the walker turns into an error at the attribute.
 */
import type { FtpBinding } from '../core/iis-state.js';

export class ValueProblem extends Error {}

/** DOMAIN.md: controlChannelPolicy SslAllow(0) | SslRequire(1) | SslRequireCredentialsOnly(2). */
export const CONTROL_CHANNEL_POLICIES = ['SslAllow', 'SslRequire', 'SslRequireCredentialsOnly'] as const;
/** DOMAIN.md: dataChannelPolicy SslAllow(0) | SslRequire(1) | SslDeny(2). */
export const DATA_CHANNEL_POLICIES = ['SslAllow', 'SslRequire', 'SslDeny'] as const;

/**
 * The canonical enum name for a stored value: a name in any case or its number.
 * Unknown values are kept verbatim so the planner reports them as drift
 * instead of the reader guessing.
 */
export function enumName(raw: string, names: readonly string[]): string {
  const v = raw.trim();
  if (/^[0-9]+$/.test(v)) return names[Number(v)] ?? raw;
  const lower = v.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower) ?? raw;
}

/** An IIS uint attribute (ports, site id). */
export function parseUint(raw: string, what: string): number {
  const v = raw.trim();
  if (!/^[0-9]{1,10}$/.test(v)) throw new ValueProblem(`${what} "${raw}" is not a whole number`);
  return Number(v);
}

/** IIS bool attributes: true/false in any case. */
export function parseBool(raw: string, what: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ValueProblem(`${what} "${raw}" is neither true nor false`);
}

/**
 * `bindingInformation` is `ip:port:host`; the ip may be `*`, IPv4, or IPv6
 * in brackets (`[::1]:21:`), and the host part may be empty.
 */
export function parseBindingInformation(raw: string): FtpBinding {
  let ip: string;
  let rest: string;
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    if (close === -1 || raw[close + 1] !== ':') throw new ValueProblem(`binding "${raw}" has an unclosed IPv6 address`);
    ip = raw.slice(0, close + 1);
    rest = raw.slice(close + 2);
  } else {
    const colon = raw.indexOf(':');
    if (colon === -1) throw new ValueProblem(`binding "${raw}" is not in the form ip:port:host`);
    ip = raw.slice(0, colon);
    rest = raw.slice(colon + 1);
  }
  const colon = rest.indexOf(':');
  const portText = colon === -1 ? rest : rest.slice(0, colon);
  const port = Number(portText);
  if (!/^[0-9]{1,5}$/.test(portText) || port < 1 || port > 65535) throw new ValueProblem(`binding "${raw}" has no valid port (1-65535)`);
  return { bindingInformation: raw, ip, port, host: colon === -1 ? '' : rest.slice(colon + 1) };
}
