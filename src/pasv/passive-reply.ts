/**
 * Decoding the server's answer to PASV (227) and EPSV (229): the address and
 * port a client opens its data connection to. Pure; shared by `decode-pasv`,
 * `probe` and `logs`.
 */
import { UserError } from '../core/errors.js';

/** A decoded 227: the server names an IPv4 address and a port (p1*256+p2). */
export interface PasvReply {
  kind: 'pasv';
  address: string;
  port: number;
  p1: number;
  p2: number;
}

/** A decoded 229: only a port; the client reuses the address of the control connection (RFC 2428). */
export interface EpsvReply {
  kind: 'epsv';
  address: null;
  port: number;
}

export type PassiveReply = PasvReply | EpsvReply;

/** The reply text could not be read as a 227 or 229. */
export class PassiveReplyError extends UserError {}

// Six numbers separated by commas, spaces allowed around them; IIS, vsftpd and
// others differ in parentheses, '=' prefixes and trailing dots, so anchor on the numbers.
const PASV_TUPLE = /(?<![\d,])(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})(?![\d,])/;
// RFC 2428: <d><d><d><port><d> with any printable delimiter, the same one four times.
const EPSV_TUPLE = /([\x21-\x7e])\1\1(\d{1,5})\1/;
const REPLY_CODE = /^\s*(\d{3})[\s-]/;

/** Decodes a 227 or 229 reply (or a bare tuple); throws PassiveReplyError naming what was wrong. */
export function decodePassiveReply(text: string): PassiveReply {
  const shown = JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}...` : text);
  const code = REPLY_CODE.exec(text)?.[1];
  if (code !== undefined && code !== '227' && code !== '229') {
    throw new PassiveReplyError(`${shown} is a ${code} reply, not a passive-mode reply: give the server's 227 (PASV) or 229 (EPSV) line.`);
  }
  if (code !== '229') {
    const m = PASV_TUPLE.exec(text);
    if (m) return pasvFromNumbers(m.slice(1, 7).map(Number), shown);
  }
  if (code !== '227') {
    const m = EPSV_TUPLE.exec(text);
    if (m) {
      const port = Number(m[2]);
      if (port < 1 || port > 65535) throw new PassiveReplyError(`${shown} names port ${port}, outside 1-65535: check that the whole 229 line was copied.`);
      return { kind: 'epsv', address: null, port };
    }
  }
  throw new PassiveReplyError(
    `Could not decode ${shown}: expected a 227 reply with six numbers such as (192,168,1,10,195,80), or a 229 reply such as (|||50000|).`,
  );
}

function pasvFromNumbers(n: number[], shown: string): PasvReply {
  const bad = n.find((x) => x > 255);
  if (bad !== undefined) throw new PassiveReplyError(`${shown} contains ${bad}, but every number of a 227 reply is a byte (0-255): check that the whole line was copied.`);
  const [h1, h2, h3, h4, p1, p2] = n as [number, number, number, number, number, number];
  const port = p1 * 256 + p2;
  if (port === 0) throw new PassiveReplyError(`${shown} names port 0, which no client can connect to: the server's passive port range is misconfigured.`);
  return { kind: 'pasv', address: `${h1}.${h2}.${h3}.${h4}`, port, p1, p2 };
}

/** `192.168.1.10:50000` for a 227, `:50000` for a 229 (no address: the control connection's is used). */
export function formatEndpoint(reply: PassiveReply): string {
  return `${reply.address ?? ''}:${reply.port}`;
}

export const EPSV_NOTE = 'EPSV names only the port: the client connects to the same address as its control connection, so EPSV hides a wrong external address that PASV would show.';
