/**
 * The server certificate, judged twice and reported separately: is the chain
 * trusted (Node's normal verification, plus --ca), and does the name the client
 * used appear in its CN/SAN (RFC 6125 rules, wildcards included, via
 * tls.checkServerIdentity). A certificate without the VIP's name is the second one.
 */
import { checkServerIdentity, type TLSSocket, type PeerCertificate } from 'node:tls';
import type { CertificateFacts } from './probe-result.js';

export function certificateFacts(socket: TLSSocket, nameChecked: string): CertificateFacts {
  const cert = socket.getPeerCertificate() as PeerCertificate | Record<string, never>;
  const has = cert && Object.keys(cert).length > 0;
  const c = cert as PeerCertificate;
  const nameError = has ? checkServerIdentity(nameChecked, c)?.message : 'the server sent no certificate';
  const cipher = socket.getCipher();
  return {
    subject: has ? formatName(c.subject) : null,
    subjectAltNames: has && c.subjectaltname ? c.subjectaltname.split(/,\s*/) : [],
    issuer: has ? formatName(c.issuer) : null,
    validTo: has ? c.valid_to : null,
    fingerprint256: has ? c.fingerprint256 : null,
    protocol: socket.getProtocol() ?? null,
    cipher: cipher?.name ?? null,
    chainVerified: socket.authorized,
    ...(socket.authorized ? {} : { chainError: String(socket.authorizationError ?? 'not verified') }),
    nameChecked,
    nameMatches: nameError === undefined,
    ...(nameError === undefined ? {} : { nameError }),
  };
}

function formatName(n: PeerCertificate['subject'] | undefined): string | null {
  if (!n) return null;
  return Object.entries(n)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}
