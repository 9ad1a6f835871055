/** A throwaway CA and a server certificate for the VIP's name and address, made fresh for each run. */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { must } from './exec.js';

export interface LabCerts {
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** The DNS name in the certificate's SAN (and CN). */
  name: string;
}

export function makeCerts(dir: string, name: string, ip: string): LabCerts {
  const p = (f: string) => join(dir, f);
  must('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=ftps-enforcer lab CA', '-keyout', p('ca.key'), '-out', p('ca.pem')]);
  must('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', p('server.key'), '-out', p('server.csr')]);
  writeFileSync(p('san.ext'), `subjectAltName=DNS:${name},IP:${ip}\nextendedKeyUsage=serverAuth\n`);
  must('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', p('san.ext'), '-out', p('server.pem')]);
  return { caCert: p('ca.pem'), serverCert: p('server.pem'), serverKey: p('server.key'), name };
}
