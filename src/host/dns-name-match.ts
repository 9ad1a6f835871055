/**
 * Does a name presented by a certificate cover the name clients connect to?
 * RFC 6125 section 6.4, as browsers and TLS libraries apply it:
 * - case-insensitive, one trailing dot ignored, internationalised names compared as A-labels;
 * - a wildcard only as the WHOLE left-most label (`*.example.com`), never partial
 *   (`f*.example.com`, `*oo.example.com`) and never elsewhere (`www.*.example.com`);
 * - the wildcard stands for exactly one label: `*.example.com` covers `ftp.example.com`
 *   but neither `example.com` nor `a.b.example.com`;
 * - no wildcard over a public suffix (`*.com`, `*.co.uk`), per the Public Suffix List (ICANN section);
 * - an IP address is matched only by an IP address (SAN iPAddress), never by a DNS name or a wildcard.
 */
import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import { getPublicSuffix } from 'tldts';

/** The names a certificate presents, as read from its subjectAltName (and its subject CN). */
export interface PresentedNames {
  /** SAN dNSName entries, as written (may hold wildcards). */
  dnsNames: string[];
  /** SAN iPAddress entries, in text form (IPv4 dotted, IPv6 any form). */
  ipAddresses: string[];
  /** The subject CN, consulted only when the certificate has no SAN dNSName (RFC 6125 6.4.4). */
  commonName?: string;
}

export interface NameMatch {
  covered: boolean;
  /** The presented name that covers it, when one does. */
  matchedBy?: string;
}

/** Lower-case A-label form without one trailing dot; '' when the name is not a valid host name. */
export function normalizeDnsName(name: string): string {
  const trimmed = name.trim().replace(/\.$/, '');
  if (trimmed === '' || trimmed.includes('..')) return '';
  return domainToASCII(trimmed).toLowerCase();
}

/** True when `pattern` (one presented DNS name, maybe a wildcard) covers the reference host name. */
export function dnsPatternCovers(pattern: string, hostName: string): boolean {
  const host = normalizeDnsName(hostName);
  if (!host || isIP(host)) return false;
  const p = pattern.trim().replace(/\.$/, '').toLowerCase();
  if (!p.includes('*')) return normalizeDnsName(p) === host;
  const labels = p.split('.');
  // Only a whole left-most label may be a wildcard; anything else is refused, not guessed at.
  if (labels[0] !== '*' || labels.slice(1).some((l) => l.includes('*') || l === '')) return false;
  const rest = normalizeDnsName(labels.slice(1).join('.'));
  if (!rest || isPublicSuffix(rest)) return false;
  const hostLabels = host.split('.');
  if (hostLabels.length !== rest.split('.').length + 1) return false;
  return hostLabels[0] !== '' && hostLabels.slice(1).join('.') === rest;
}

/** A public suffix (`com`, `co.uk`, an unknown single-label TLD) can't carry a wildcard. */
function isPublicSuffix(name: string): boolean {
  return getPublicSuffix(name, { allowPrivateDomains: false }) === name;
}

/** Canonical text of an IP address (IPv6 expanded), or '' when it is not one. */
export function canonicalIp(text: string): string {
  const t = text.trim().replace(/^\[|\]$/g, '');
  const v = isIP(t);
  if (v === 4) return t.split('.').map((o) => String(Number(o))).join('.');
  if (v === 6) return expandIpv6(t);
  return '';
}

function expandIpv6(t: string): string {
  let s = t.toLowerCase();
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4?.[1]) {
    const o = v4[1].split('.').map(Number);
    s = s.slice(0, -v4[1].length) + `${(((o[0] ?? 0) << 8) | (o[1] ?? 0)).toString(16)}:${(((o[2] ?? 0) << 8) | (o[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const tl = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail !== undefined ? Array(8 - h.length - tl.length).fill('0') : [];
  return [...h, ...fill, ...tl].map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** Whether the certificate's names cover `reference` (a host name or an IP address). */
export function certificateCovers(names: PresentedNames, reference: string): NameMatch {
  const ip = canonicalIp(reference);
  if (ip) {
    const hit = names.ipAddresses.find((a) => canonicalIp(a) === ip);
    return hit ? { covered: true, matchedBy: hit } : { covered: false };
  }
  // RFC 6125 6.4.4: the CN counts only when there is no SAN dNSName at all.
  const candidates = names.dnsNames.length > 0 ? names.dnsNames : names.commonName ? [names.commonName] : [];
  const hit = candidates.find((c) => !canonicalIp(c) && dnsPatternCovers(c, reference));
  return hit ? { covered: true, matchedBy: hit } : { covered: false };
}
