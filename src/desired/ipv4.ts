/**
 * Is this the VIP's IPv4 address? IIS writes externalIp4Address verbatim into
 * the 227 PASV reply, so anything but a dotted quad breaks every passive
 * transfer. Each kind of mistake gets its own sentence: a host name, IPv6, a
 * CIDR block, a port, leading zeros, a part above 255, a loopback address.
 */
import { describeType } from './problem.js';

const EXAMPLE = '203.0.113.10';
const NEED = `IIS needs the VIP's IPv4 address here (e.g. ${EXAMPLE}).`;

/** The problem with `value` as an externalIp4Address, as a sentence starting with `label`; undefined when it is a usable address. */
export function ipv4Problem(value: unknown, label: string): string | undefined {
  if (typeof value !== 'string') return `${label} is ${describeType(value)}; ${NEED.replace('address here', 'address here, as a string')}`;
  const shown = JSON.stringify(value);
  const is = `${label} is ${shown}`;
  if (value.trim() === '') return `${is}, empty; ${NEED}`;
  if (value !== value.trim()) return `${is}, with spaces around the address; write it without them (${JSON.stringify(value.trim())}).`;
  if (/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(value)) return `${is}, a network (CIDR notation); give the single address of the VIP (e.g. ${EXAMPLE}).`;
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) return `${is}, an address with a port; give the address alone (${JSON.stringify(value.split(':')[0])}): the passive ports come from lowDataChannelPort and highDataChannelPort.`;
  if (value.includes('://')) return `${is}, a URL; ${NEED}`;
  if (value.includes(':')) return `${is}, an IPv6 address; IIS advertises only IPv4 addresses in PASV replies, so give the VIP's IPv4 address (e.g. ${EXAMPLE}).`;
  if (/^[A-Za-z0-9.-]+$/.test(value) && /[A-Za-z]/.test(value)) return `${is}, a host name; ${NEED}`;
  if (!/^[0-9.]+$/.test(value)) return `${is}, not an IPv4 address; ${NEED}`;
  const parts = value.split('.');
  if (parts.length !== 4 || parts.some((p) => p === '')) {
    return `${is}, not an IPv4 address: it needs four numbers 0–255 separated by dots (e.g. ${EXAMPLE}).`;
  }
  const zeroPadded = parts.find((p) => p.length > 1 && p.startsWith('0'));
  const fixed = parts.map((p) => String(Number(p))).join('.');
  if (zeroPadded) {
    return `${is}, with a leading zero in ${JSON.stringify(zeroPadded)}; write each part without leading zeros${
      parts.every((p) => Number(p) <= 255) ? ` (${JSON.stringify(fixed)})` : ''
    }, since some software reads a leading zero as octal.`;
  }
  const big = parts.find((p) => Number(p) > 255);
  if (big) return `${is}: ${big} is above 255; each of the four parts of an IPv4 address is 0–255.`;
  const special = specialUse(parts.map(Number) as [number, number, number, number]);
  if (special) return `${is}, ${special}; clients cannot reach it, so give the VIP's address (e.g. ${EXAMPLE}).`;
  return undefined;
}

/** Addresses that can never be a VIP clients connect to (RFC 6890). */
function specialUse([a, b, c, d]: [number, number, number, number]): string | undefined {
  if (a === 0) return a + b + c + d === 0 ? 'the unspecified address' : 'in 0.0.0.0/8, which means "this network"';
  if (a === 127) return 'a loopback address';
  if (a >= 224 && a <= 239) return 'a multicast address';
  if (a === 255 && b === 255 && c === 255 && d === 255) return 'the broadcast address';
  if (a >= 240) return 'in the reserved range 240.0.0.0/4';
  return undefined;
}

/** A usable but suspicious address, as a warning sentence; undefined when nothing stands out. */
export function ipv4Warning(value: string, label: string): string | undefined {
  if (value.startsWith('169.254.')) {
    return `${label} is ${JSON.stringify(value)}, a link-local (APIPA) address that Windows assigns when DHCP fails; a VIP is never link-local, so check the address.`;
  }
  return undefined;
}
