/**
 * A minimal Implicit FTPS server for the secrets tests: TLS from the first
 * byte (a self-signed certificate made with openssl), a greeting after a
 * delay (so the probe is alive long enough to inspect its /proc entry),
 * USER/PASS checked against one password, and PASV pointing at a closed port.
 */
import { execFileSync } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';

export interface FakeFtps {
  port: number;
  /** PEM of the server's self-signed certificate, to pass as --ca. */
  caFile: string;
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 / localhost, in `dir`. */
export function makeCertificate(dir: string): { key: string; cert: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  } catch {
    throw new Error('openssl is needed to make the test certificate: `apt-get install openssl`.');
  }
  return { key, cert };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

export async function startFakeFtps(dir: string, password: string, greetingDelayMs = 1500): Promise<FakeFtps> {
  const { key, cert } = makeCertificate(dir);
  const dead = await closedPort();
  const server: Server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (sock: TLSSocket) => {
    sock.on('error', () => undefined);
    const send = (line: string) => { if (!sock.destroyed) sock.write(`${line}\r\n`); };
    const timer = setTimeout(() => send('220 fake FTPS ready'), greetingDelayMs);
    let buffered = '';
    sock.on('close', () => clearTimeout(timer));
    sock.on('data', (d) => {
      buffered += d.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 2);
        const [cmd = '', ...rest] = line.split(' ');
        const arg = rest.join(' ');
        switch (cmd.toUpperCase()) {
          case 'USER': send('331 password please'); break;
          case 'PASS': send(arg === password ? '230 logged in' : '530 User cannot log in.'); break;
          case 'PBSZ': send('200 PBSZ=0'); break;
          case 'PROT': send('200 PROT P'); break;
          case 'TYPE': send('200 type set'); break;
          case 'FEAT': send('211 no features'); break;
          case 'PASV': send(`227 Entering Passive Mode (127,0,0,1,${dead >> 8},${dead & 255})`); break;
          case 'EPSV': send(`229 Entering Extended Passive Mode (|||${dead}|)`); break;
          case 'QUIT': send('221 bye'); sock.end(); break;
          default: send('502 not implemented');
        }
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as { port: number }).port,
    caFile: cert,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
