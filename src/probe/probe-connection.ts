/**
 * One probe connection, as a client through the VIP would make it: connect
 * (Implicit TLS or AUTH TLS), judge the certificate, log in, PBSZ 0 / PROT P,
 * then a listing through PASV and one through EPSV, each reply decoded and its
 * data connection opened where the server said; optionally a small upload and
 * download. basic-ftp drives the control channel; the data channel is ours
 * (data-channel.ts). Never throws for what the server does: every outcome is a
 * CheckOutcome. The password goes to the server only, never into a record.
 */
import { Client, FTPError } from 'basic-ftp';
import { isIP } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import type { ProbeOptions } from './probe-options.js';
import type { AttemptResult, CheckOutcome, ProbeCheckName } from './probe-result.js';
import { certificateFacts } from './certificate.js';
import { newRecord, probeStrategy, type DataChannelRecord } from './data-channel.js';
import { judgeDataChannel } from './judge-data.js';

type Recorder = (c: CheckOutcome) => void;

export async function probeOnce(opts: ProbeOptions, n: number, debug: (m: string) => void): Promise<AttemptResult> {
  const started = Date.now();
  const result: AttemptResult = { n, checks: [], durationMs: 0 };
  const rec: Recorder = (c) => result.checks.push(c);
  let client = await openSession(opts, result, rec, debug);
  if (client) {
    const pasv = await listVia(client, 'PASV', opts, result, rec);
    if (!pasv.sessionUsable) client = await reopen(client, opts, debug);
    if (client) {
      const epsv = await listVia(client, 'EPSV', opts, result, rec);
      if (!epsv.sessionUsable) client = await reopen(client, opts, debug);
    } else skip(rec, ['epsv-port', 'epsv-data'], 'could not reconnect after the PASV check');
    if (opts.roundTrip) {
      if (client && pasv.ok) await roundTrip(client, opts, rec);
      else skip(rec, ['round-trip'], pasv.ok ? 'could not reconnect' : 'PASV transfers already fail');
    }
  }
  client?.close();
  result.durationMs = Date.now() - started;
  return result;
}

function skip(rec: Recorder, checks: ProbeCheckName[], why: string) {
  for (const check of checks) rec({ check, status: 'skipped', detail: why });
}

async function reopen(old: Client, opts: ProbeOptions, debug: (m: string) => void): Promise<Client | undefined> {
  old.close();
  const scratch: AttemptResult = { n: 0, checks: [], durationMs: 0 };
  const c = await openSession(opts, scratch, () => undefined, debug);
  return c;
}

function tlsOptions(opts: ProbeOptions): ConnectionOptions {
  return {
    // Verification is done after the handshake (certificate.ts) so chain and name are reported separately.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    ...(isIP(opts.servername) ? {} : { servername: opts.servername }),
    ...(opts.ca ? { ca: opts.ca } : {}),
  };
}

/** Connects, judges the certificate and logs in; undefined when the run cannot go further on this connection. */
async function openSession(opts: ProbeOptions, result: AttemptResult, rec: Recorder, debug: (m: string) => void): Promise<Client | undefined> {
  const client = new Client(opts.timeoutMs);
  client.availableListCommands = ['LIST'];
  client.ftp.verbose = true;
  client.ftp.log = (m: string) => debug(m); // basic-ftp masks PASS itself ("PASS ###")
  let tcpConnected = false;
  try {
    if (opts.tls === 'implicit') {
      const p = client.connectImplicitTLS(opts.host, opts.port, tlsOptions(opts));
      client.ftp.socket.once('connect', () => (tcpConnected = true));
      result.welcome = (await p).message;
    } else {
      const p = client.connect(opts.host, opts.port);
      client.ftp.socket.once('connect', () => (tcpConnected = true));
      result.welcome = (await p).message;
      await client.useTLS(tlsOptions(opts));
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // A name that does not resolve is a different mistake from a port nobody forwards: tell them apart.
    const unresolved = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL'].includes(e.code ?? '');
    const unreachable = !tcpConnected || ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(e.code ?? '');
    rec({
      check: 'control',
      status: 'fail',
      code: unresolved ? 'NAME_NOT_RESOLVED' : unreachable ? 'CONTROL_UNREACHABLE' : 'TLS_HANDSHAKE_FAILED',
      detail: e.message,
      facts: { host: opts.host, port: opts.port, tls: opts.tls },
    });
    client.close();
    return undefined;
  }
  const socket = client.ftp.socket as TLSSocket;
  result.controlAddress = (socket.remoteAddress ?? '').replace(/^::ffff:/i, '');
  rec({ check: 'control', status: 'pass', detail: `${result.controlAddress}:${opts.port} ${socket.getProtocol() ?? ''}`.trim(), facts: { address: result.controlAddress } });
  const cert = certificateFacts(socket, opts.servername);
  result.certificate = cert;
  rec({
    check: 'certificate-chain',
    status: cert.chainVerified ? 'pass' : opts.insecure ? 'warn' : 'fail',
    ...(cert.chainVerified ? {} : { code: 'CERT_UNTRUSTED' as const }),
    detail: cert.chainVerified ? `issued by ${cert.issuer}` : cert.chainError ?? 'not trusted',
    facts: { issuer: cert.issuer, subject: cert.subject },
  });
  rec({
    check: 'certificate-name',
    status: cert.nameMatches ? 'pass' : opts.insecure ? 'warn' : 'fail',
    ...(cert.nameMatches ? {} : { code: 'CERT_NAME_MISMATCH' as const }),
    detail: cert.nameMatches ? `${cert.nameChecked} is in the certificate` : cert.nameError ?? 'name not in certificate',
    facts: { name: cert.nameChecked, subject: cert.subject, san: cert.subjectAltNames.join(', ') },
  });
  // Credentials go only to a server whose certificate checks out, unless the operator said --insecure.
  if (!opts.insecure && (!cert.chainVerified || !cert.nameMatches)) {
    client.close();
    return undefined;
  }
  try {
    await client.login(opts.user, opts.password);
  } catch (err) {
    rec({ check: 'login', status: 'fail', code: 'LOGIN_FAILED', detail: replyText(err), facts: { user: opts.user } });
    client.close();
    return undefined;
  }
  try {
    await client.send('PBSZ 0');
    await client.send('PROT P');
    await client.send('TYPE I');
  } catch (err) {
    rec({ check: 'login', status: 'fail', code: 'PROT_P_REFUSED', detail: replyText(err) });
    client.close();
    return undefined;
  }
  rec({ check: 'login', status: 'pass', detail: `logged in as ${opts.user}; PBSZ 0, PROT P accepted` });
  return client;
}

function replyText(err: unknown): string {
  if (err instanceof FTPError) return `${err.code} ${err.message.replace(/^\d{3}[ -]/, '')}`;
  return (err as Error).message;
}

interface ListOutcome {
  ok: boolean;
  /** False when the control connection may be stuck waiting for a data connection: reconnect before going on. */
  sessionUsable: boolean;
}

async function listVia(client: Client, command: 'PASV' | 'EPSV', opts: ProbeOptions, result: AttemptResult, rec: Recorder): Promise<ListOutcome> {
  const record = newRecord(command);
  client.prepareTransfer = probeStrategy(record, opts.timeoutMs);
  let entries = -1;
  let error: string | undefined;
  try {
    entries = (await client.list()).length;
  } catch (err) {
    error = replyText(err);
  }
  for (const c of judgeDataChannel(record, { entries, error }, result.controlAddress ?? '', opts)) rec(c);
  return { ok: error === undefined, sessionUsable: error === undefined && !client.closed };
}

async function roundTrip(client: Client, opts: ProbeOptions, rec: Recorder): Promise<void> {
  const name = `ftps-enforcer-probe-${randomBytes(4).toString('hex')}.txt`;
  const payload = Buffer.from(`ftps-enforcer probe ${new Date().toISOString()}\n`);
  const chunks: Buffer[] = [];
  const up = newRecord('PASV');
  const down = newRecord('PASV');
  try {
    client.prepareTransfer = probeStrategy(up, opts.timeoutMs);
    await client.uploadFrom(Readable.from([payload]), name);
    client.prepareTransfer = probeStrategy(down, opts.timeoutMs);
    await client.downloadTo(new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }), name);
    const back = Buffer.concat(chunks);
    if (!back.equals(payload)) throw new Error(`downloaded ${back.length} bytes that differ from the ${payload.length} uploaded`);
    rec({ check: 'round-trip', status: 'pass', detail: `uploaded and downloaded ${payload.length} bytes (${name})` });
  } catch (err) {
    rec({ check: 'round-trip', status: 'fail', code: 'ROUND_TRIP_FAILED', detail: `${name}: ${replyText(err)}` });
  } finally {
    await client.remove(name, true).catch(() => undefined);
  }
}
