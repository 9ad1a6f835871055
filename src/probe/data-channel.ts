/**
 * The probe's passive-mode strategy for basic-ftp. basic-ftp's own strategies
 * hide the very failure the probe looks for: EPSV first (only a port, so a
 * wrong address never shows), a PASV variant that throws when the advertised
 * host differs from the control host, and one that swaps a private advertised
 * address for the control address. This one sends PASV or EPSV itself, keeps
 * the raw reply, and connects to exactly what the server advertised, with TLS
 * resuming the control connection's session (vsftpd's require_ssl_reuse, IIS's
 * default). It records each phase so a failure can be told apart: no TCP
 * connection (unreachable / not forwarded), accepted then closed before TLS
 * (another backend took it), or a TLS error.
 */
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { FTPContext, FTPResponse } from 'basic-ftp';
import { decodePassiveReply, type PassiveReply } from '../pasv/passive-reply.js';

export interface DataChannelRecord {
  command: 'PASV' | 'EPSV';
  reply?: string;
  decoded?: PassiveReply;
  /** Where the data connection went: the advertised address (PASV) or the control address (EPSV). */
  target?: { address: string; port: number };
  tcpConnected: boolean;
  /** ECONNREFUSED, EHOSTUNREACH, TIMEOUT, ... when the TCP connection was not made. */
  connectError?: string;
  tlsEstablished: boolean;
  tlsResumed?: boolean;
  /** The peer closed or reset the connection before the TLS handshake finished. */
  closedBeforeTls: boolean;
  tlsError?: string;
  /** Set when the reply could not be decoded. */
  decodeError?: string;
}

export function newRecord(command: 'PASV' | 'EPSV'): DataChannelRecord {
  return { command, tcpConnected: false, tlsEstablished: false, closedBeforeTls: false };
}

/** A basic-ftp TransferStrategy that fills `record` as it goes. */
export function probeStrategy(record: DataChannelRecord, timeoutMs: number): (ftp: FTPContext) => Promise<FTPResponse> {
  return async (ftp) => {
    const res = await ftp.request(record.command);
    record.reply = res.message;
    try {
      record.decoded = decodePassiveReply(res.message);
    } catch (err) {
      record.decodeError = (err as Error).message;
      throw err;
    }
    const control = (ftp.socket.remoteAddress ?? '').replace(/^::ffff:/i, '');
    record.target = { address: record.decoded.address ?? control, port: record.decoded.port };
    await openDataConnection(ftp, record, timeoutMs);
    return res;
  };
}

function openDataConnection(ftp: FTPContext, record: DataChannelRecord, timeoutMs: number): Promise<void> {
  const { address, port } = record.target!;
  return new Promise((resolve, reject) => {
    const raw = netConnect({ host: address, port });
    const fail = (code: string, message: string) => {
      record.connectError = code;
      raw.destroy();
      reject(new Error(message));
    };
    raw.setTimeout(timeoutMs);
    raw.once('timeout', () => fail('TIMEOUT', `no answer from ${address}:${port} within ${timeoutMs} ms`));
    raw.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'ERROR', `${address}:${port}: ${e.message}`));
    raw.once('connect', () => {
      raw.removeAllListeners('error');
      raw.removeAllListeners('timeout');
      raw.setTimeout(0);
      record.tcpConnected = true;
      if (!(ftp.socket as TLSSocket).encrypted) {
        ftp.dataSocket = raw;
        return resolve();
      }
      const tls = tlsConnect({
        ...ftp.tlsOptions,
        socket: raw,
        // Resume the control connection's session: servers refuse data connections that start a new one.
        session: ftp.tlsSessionStore ?? (ftp.socket as TLSSocket).getSession(),
      });
      tls.on('session', (s: Buffer) => {
        ftp.tlsSessionStore = s;
      });
      tls.once('secureConnect', () => {
        record.tlsEstablished = true;
        record.tlsResumed = tls.isSessionReused();
      });
      tls.once('error', (e: NodeJS.ErrnoException) => {
        if (record.tlsEstablished) return;
        if (e.code === 'ECONNRESET' || /socket disconnected|socket hang up/i.test(e.message)) record.closedBeforeTls = true;
        else record.tlsError = e.message;
      });
      tls.once('close', () => {
        if (record.tlsEstablished) return;
        if (!record.tlsError) record.closedBeforeTls = true;
        // The server behind this session is still waiting for a data connection that will never come:
        // end the session now rather than wait for its accept timeout.
        ftp.closeWithError(new Error(`data connection to ${address}:${port} closed before its TLS handshake finished`));
      });
      // Servers start the data TLS handshake only after LIST/STOR/RETR: basic-ftp sends it next.
      ftp.dataSocket = tls;
      resolve();
    });
  });
}
