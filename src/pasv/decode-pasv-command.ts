/** `decode-pasv`: one reply line in, the endpoint a client would connect to out. */
import type { CliIo } from '../cli/io.js';
import { ExitCode } from '../core/errors.js';
import { decodePassiveReply, formatEndpoint, EPSV_NOTE } from './passive-reply.js';

export interface DecodePasvArgs {
  reply: string;
  format: 'text' | 'json';
}

export function runDecodePasv(args: DecodePasvArgs, io: Pick<CliIo, 'stdout' | 'stderr'>): number {
  const reply = decodePassiveReply(args.reply);
  const endpoint = formatEndpoint(reply);
  if (args.format === 'json') {
    const body = reply.kind === 'pasv'
      ? { kind: 'pasv', code: 227, address: reply.address, port: reply.port, p1: reply.p1, p2: reply.p2, endpoint }
      : { kind: 'epsv', code: 229, address: null, port: reply.port, endpoint, note: EPSV_NOTE };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    // stdout carries only the endpoint so scripts can use it; the note is for people.
    io.stdout.write(`${endpoint}\n`);
    if (reply.kind === 'epsv') io.stderr.write(`note: ${EPSV_NOTE}\n`);
  }
  return ExitCode.Compliant;
}
