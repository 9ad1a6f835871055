/**
 * The names a certificate presents, read from its DER bytes with Node's own
 * X.509 parser (so SAN IP addresses are seen too: the Cert: provider's
 * DnsNameList carries DNS names only). Falls back to DnsNameList when the
 * raw certificate is not available.
 */
import { X509Certificate } from 'node:crypto';
import type { CertificateFact } from './host-facts.js';
import type { PresentedNames } from './dns-name-match.js';

/** Splits Node's subjectAltName text ("DNS:a, IP Address:1.2.3.4"; unusual values are JSON-quoted). */
export function parseSubjectAltName(text: string | undefined): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  if (!text) return { dnsNames, ipAddresses };
  const entry = /\s*([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:,|$)/g;
  for (let m = entry.exec(text); m && m[0] !== ''; m = entry.exec(text)) {
    const kind = (m[1] ?? '').trim();
    let value = (m[2] ?? '').trim();
    if (value.startsWith('"')) value = JSON.parse(value) as string;
    if (kind === 'DNS') dnsNames.push(value);
    else if (kind === 'IP Address') ipAddresses.push(value);
  }
  return { dnsNames, ipAddresses };
}

/** The subject's CN (the last one, as RFC 6125 6.4.4 leaves it to the most specific). */
export function commonNameOf(subject: string | undefined): string | undefined {
  if (!subject) return undefined;
  const cns = subject.split(/\n|,\s*(?=[A-Za-z.]+=)/).map((p) => p.trim()).filter((p) => /^CN=/i.test(p)).map((p) => p.slice(3));
  return cns[cns.length - 1];
}

export interface ParsedCertificate {
  names: PresentedNames;
  notBefore?: Date;
  notAfter?: Date;
  /** SHA-1 of the DER, upper-case hex: what Windows calls the thumbprint. */
  thumbprint?: string;
}

export function readCertificate(fact: CertificateFact): ParsedCertificate {
  if (fact.rawDataBase64) {
    try {
      const x = new X509Certificate(Buffer.from(fact.rawDataBase64, 'base64'));
      const san = parseSubjectAltName(x.subjectAltName);
      return {
        names: { ...san, commonName: commonNameOf(x.subject) },
        notBefore: new Date(x.validFrom),
        notAfter: new Date(x.validTo),
        thumbprint: x.fingerprint.replace(/:/g, '').toUpperCase(),
      };
    } catch {
      // Unparseable bytes: fall back to what the Cert: provider said.
    }
  }
  return {
    names: { dnsNames: fact.dnsNameList ?? [], ipAddresses: [], commonName: commonNameOf(fact.subject) },
    ...(fact.notBefore ? { notBefore: new Date(fact.notBefore) } : {}),
    ...(fact.notAfter ? { notAfter: new Date(fact.notAfter) } : {}),
  };
}

/** Thumbprints as pasted from the certificate dialog carry spaces and an invisible U+200E; compare hex only. */
export function normalizeThumbprint(t: string): string {
  return t.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}
