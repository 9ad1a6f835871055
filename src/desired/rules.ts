/**
 * Semantic rules: what the JSON Schema says badly or not at all. Each rule is
 * a small pure function over the parsed file that returns problems (errors and
 * warnings); `validate.ts` runs them all and reports everything at once.
 * A rule "owns" the keys it checks, so the schema's own (terser) complaint
 * about the same key is dropped in favour of the rule's sentence.
 */
import { formatKeyPath, type KeyPath } from './key-path.js';
import { describeType, error, warning, type Problem } from './problem.js';
import { ipv4Problem, ipv4Warning } from './ipv4.js';

type Json = Record<string, unknown>;
export type Rule = (root: Json) => Problem[];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const siteEntries = (root: Json): [string, Json][] =>
  isObject(root.sites) ? Object.entries(root.sites).filter((e): e is [string, Json] => isObject(e[1])) : [];
/** Every ssl object in the file with its path: the top-level one and each site's. */
const sslBlocks = (root: Json): [KeyPath, Json][] => [
  ...(isObject(root.ssl) ? [[['ssl'], root.ssl] as [KeyPath, Json]] : []),
  ...siteEntries(root).flatMap(([name, site]) => (isObject(site.ssl) ? [[['sites', name, 'ssl'], site.ssl] as [KeyPath, Json]] : [])),
];

const RANGE = '1025–65535';
const EPHEMERAL = "0 for both ports, meaning Windows' ephemeral range 49152–65535";
const CONTROL_PORTS = [21, 990];

/** externalIp4Address, at the top and per site: an IPv4 address clients can reach. */
export const addressRule: Rule = (root) => {
  const targets: [KeyPath, unknown][] = [];
  if ('externalIp4Address' in root) targets.push([['externalIp4Address'], root.externalIp4Address]);
  for (const [name, site] of siteEntries(root)) {
    if ('externalIp4Address' in site) targets.push([['sites', name, 'externalIp4Address'], site.externalIp4Address]);
  }
  return targets.flatMap(([path, value]) => {
    const label = formatKeyPath(path);
    const bad = ipv4Problem(value, label);
    if (bad) return [error(path, bad)];
    const odd = ipv4Warning(value as string, label);
    return odd ? [warning(path, odd)] : [];
  });
};

/** One port value: a whole number (the range checks come after, in portRangeRule). */
function portValueProblem(path: KeyPath, value: unknown): Problem | undefined {
  const label = formatKeyPath(path);
  if (value === undefined || (typeof value === 'number' && Number.isInteger(value))) return undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    return error(path, `${label} is ${JSON.stringify(value)}, a string; write the number without quotes (${value.trim()}).`);
  }
  if (typeof value === 'number') return error(path, `${label} is ${value}, not a whole number; ports are whole numbers ${RANGE}.`);
  return error(path, `${label} is ${describeType(value)}; it must be a whole number ${RANGE} (or ${EPHEMERAL}).`);
}

/** The passive range: IIS's limits, 0–0 only as a pair, low ≤ high, and never the control ports. */
export const portRangeRule: Rule = (root) => {
  const lowPath = ['lowDataChannelPort'];
  const highPath = ['highDataChannelPort'];
  const low = root.lowDataChannelPort;
  const high = root.highDataChannelPort;
  const problems = [portValueProblem(lowPath, low), portValueProblem(highPath, high)].filter((p): p is Problem => !!p);
  const lowInt = typeof low === 'number' && Number.isInteger(low) ? low : undefined;
  const highInt = typeof high === 'number' && Number.isInteger(high) ? high : undefined;
  if (lowInt === 0 && highInt === 0) {
    problems.push(warning(lowPath,
      "lowDataChannelPort and highDataChannelPort are 0, so IIS uses Windows' ephemeral range 49152–65535; the load balancer and Windows Firewall must then forward all 16,384 ports, and a fixed range such as 50000–50099 is easier to forward."));
    return problems;
  }
  const outside = (p: number) => p !== 0 && (p < 1025 || p > 65535);
  if (lowInt !== undefined && highInt !== undefined) {
    const zero = lowInt === 0 ? 'low' : highInt === 0 ? 'high' : undefined;
    if (zero) {
      const [zeroName, otherName, other] = zero === 'low'
        ? ['lowDataChannelPort', 'highDataChannelPort', highInt]
        : ['highDataChannelPort', 'lowDataChannelPort', lowInt];
      problems.push(error([zeroName], `${zeroName} is 0 but ${otherName} is ${other}; 0 means Windows' ephemeral range only when both ports are 0, so give both ports (${RANGE}).`));
      return problems;
    }
    // A negative low port is simply out of range; the control-port sentence is for real ranges.
    const control = lowInt > 0 ? CONTROL_PORTS.filter((p) => lowInt <= p && p <= highInt) : [];
    if (control.length > 0) {
      const which = control.map((p) => (p === 21 ? '21 (the FTP control port)' : '990 (the implicit FTPS control port)')).join(' and ');
      problems.push(error(lowPath, `lowDataChannelPort ${lowInt} and highDataChannelPort ${highInt} make a passive range that includes ${which}; passive ports must be ${RANGE}, away from the control ports (e.g. 50000–50099).`));
    } else if (outside(lowInt)) {
      problems.push(error(lowPath, outsideMessage('lowDataChannelPort', lowInt)));
    }
    if (outside(highInt) && !(control.length > 0 && highInt < 1025)) problems.push(error(highPath, outsideMessage('highDataChannelPort', highInt)));
    if (lowInt > highInt) {
      problems.push(error(lowPath, `lowDataChannelPort (${lowInt}) is above highDataChannelPort (${highInt}); the range runs from low to high, so swap them.`));
    }
    return problems;
  }
  if (lowInt !== undefined && outside(lowInt)) problems.push(error(lowPath, outsideMessage('lowDataChannelPort', lowInt)));
  if (highInt !== undefined && outside(highInt)) problems.push(error(highPath, outsideMessage('highDataChannelPort', highInt)));
  return problems;
};

function outsideMessage(name: string, value: number): string {
  return `${name} is ${value}, outside ${RANGE}; IIS accepts passive ports ${RANGE} (or ${EPHEMERAL}).`;
}

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/;

/** A certificate thumbprint: 40 hex characters, and nothing invisible pasted from the certificate dialog. */
function thumbprintProblem(path: KeyPath, value: unknown): Problem | undefined {
  const label = formatKeyPath(path);
  if (typeof value !== 'string') return error(path, `${label} is ${describeType(value)}; it must be the certificate's thumbprint, a string of 40 hexadecimal characters.`);
  const cleaned = value.replace(new RegExp(INVISIBLE.source, 'g'), '').replace(/[\s:]/g, '');
  const shown = JSON.stringify(value);
  const fix = /^[0-9A-Fa-f]{40}$/.test(cleaned) ? ` (${JSON.stringify(cleaned.toUpperCase())})` : '';
  if (INVISIBLE.test(value)) {
    const cp = value.codePointAt(value.search(INVISIBLE))!.toString(16).toUpperCase().padStart(4, '0');
    return error(path, `${label} contains an invisible character (U+${cp}), which the Windows certificate dialog adds when a thumbprint is copied; type or paste the 40 hexadecimal characters alone${fix}.`);
  }
  if (/[\s:]/.test(value)) return error(path, `${label} is ${shown}, with spaces or colons; write the 40 hexadecimal characters without them${fix}.`);
  const notHex = value.match(/[^0-9A-Fa-f]/);
  if (notHex) return error(path, `${label} is ${shown}, which contains ${JSON.stringify(notHex[0])}; a thumbprint has only the hexadecimal characters 0–9 and A–F.`);
  if (value.length !== 40) return error(path, `${label} is ${value.length} characters long; a certificate thumbprint (SHA-1) is exactly 40 hexadecimal characters, as Get-ChildItem Cert:\\LocalMachine\\My shows it.`);
  return undefined;
}

export const thumbprintRule: Rule = (root) => {
  const targets: [KeyPath, unknown][] = sslBlocks(root)
    .filter(([, ssl]) => 'serverCertHash' in ssl)
    .map(([path, ssl]) => [[...path, 'serverCertHash'], ssl.serverCertHash]);
  if (isObject(root.certificate) && 'thumbprint' in root.certificate) targets.push([['certificate', 'thumbprint'], root.certificate.thumbprint]);
  return targets.map(([path, value]) => thumbprintProblem(path, value)).filter((p): p is Problem => !!p);
};

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** certificate.dnsName: the name clients type, not a URL, wildcard or address. */
export const dnsNameRule: Rule = (root) => {
  if (!isObject(root.certificate) || !('dnsName' in root.certificate)) return [];
  const path = ['certificate', 'dnsName'];
  const value = root.certificate.dnsName;
  if (typeof value !== 'string') return [error(path, `certificate.dnsName is ${describeType(value)}; give the DNS name clients connect to as a string (e.g. "ftp.example.com").`)];
  if (DNS_NAME.test(value) && !/^[0-9.]+$/.test(value)) return [];
  const is = `certificate.dnsName is ${JSON.stringify(value)}`;
  if (value.includes('://')) return [error(path, `${is}, a URL; give the host name alone (e.g. "ftp.example.com").`)];
  if (value.startsWith('*.')) return [error(path, `${is}, a wildcard; give the name clients actually connect to (e.g. "ftp.example.com"), which a wildcard certificate may cover.`)];
  if (/^[0-9.]+$/.test(value) || value.includes(':')) return [error(path, `${is}, an address; give the DNS name clients connect to, since certificates are checked against names (e.g. "ftp.example.com").`)];
  return [error(path, `${is}, not a DNS name; give the name clients connect to (letters, digits, hyphens and dots, e.g. "ftp.example.com").`)];
};

/** Policies that are valid but leave data or logins unencrypted: allowed, and said out loud. */
export const weakTlsRule: Rule = (root) =>
  sslBlocks(root).flatMap(([path, ssl]) => {
    const out: Problem[] = [];
    const at = (key: string) => [...path, key];
    if (ssl.controlChannelPolicy === 'SslAllow') {
      out.push(warning(at('controlChannelPolicy'), `${formatKeyPath(at('controlChannelPolicy'))} is "SslAllow": clients may log in without TLS on any explicit (port 21) binding; use "SslRequire" unless plain FTP is intended.`));
    }
    if (ssl.dataChannelPolicy === 'SslAllow' || ssl.dataChannelPolicy === 'SslDeny') {
      out.push(warning(at('dataChannelPolicy'), `${formatKeyPath(at('dataChannelPolicy'))} is ${JSON.stringify(ssl.dataChannelPolicy)}: files and listings may travel unencrypted; use "SslRequire" unless that is intended.`));
    }
    return out;
  });

/** A site entry that sets nothing is probably unfinished. */
export const emptySiteRule: Rule = (root) =>
  siteEntries(root)
    .filter(([, site]) => Object.keys(site).length === 0)
    .map(([name]) => warning(['sites', name], `${formatKeyPath(['sites', name])} sets nothing; add externalIp4Address or ssl, or remove the entry.`));

export const RULES: readonly Rule[] = [addressRule, portRangeRule, thumbprintRule, dnsNameRule, weakTlsRule, emptySiteRule];

/** Keys whose schema errors the rules above replace with their own sentences. */
export function ownedByRule(path: readonly string[]): boolean {
  const key = path.join('/');
  return (
    /^(externalIp4Address|lowDataChannelPort|highDataChannelPort|certificate\/(thumbprint|dnsName)|ssl\/serverCertHash)$/.test(key) ||
    (path[0] === 'sites' && path.length === 3 && path[2] === 'externalIp4Address') ||
    (path[0] === 'sites' && path.length === 4 && path[2] === 'ssl' && path[3] === 'serverCertHash')
  );
}
