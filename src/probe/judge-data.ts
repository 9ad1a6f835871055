/**
 * Judges one passive-mode listing from what was observed (pure): the address
 * advertised (PASV only), the port, and the data connection. The order of the
 * questions is the guide's: wrong address first, then a port the load balancer
 * does not forward, then a data connection that went to the wrong place.
 */
import type { DataChannelRecord } from './data-channel.js';
import type { ProbeOptions } from './probe-options.js';
import type { CheckOutcome } from './probe-result.js';

export interface ListingResult {
  /** Entries listed; -1 when the listing failed. */
  entries: number;
  error?: string;
}

export function judgeDataChannel(
  r: DataChannelRecord,
  listing: ListingResult,
  controlAddress: string,
  opts: Pick<ProbeOptions, 'expectAddress' | 'expectRange'>,
): CheckOutcome[] {
  const prefix = r.command === 'PASV' ? 'pasv' : 'epsv';
  const out: CheckOutcome[] = [];
  if (!r.reply) {
    out.push({ check: `${prefix}-data`, status: 'fail', code: 'PASSIVE_REFUSED', detail: `${r.command}: ${listing.error ?? 'no reply'}`, facts: { command: r.command } });
    return out;
  }
  if (!r.decoded || !r.target) {
    out.push({ check: `${prefix}-data`, status: 'fail', code: 'PASSIVE_REPLY_UNREADABLE', detail: r.decodeError ?? r.reply, facts: { reply: r.reply } });
    return out;
  }
  const { address, port } = r.target;
  const facts = { reply: r.reply, advertised: r.decoded.address, port, controlAddress, expected: opts.expectAddress ?? controlAddress };
  if (r.command === 'PASV') {
    const expected = opts.expectAddress ?? controlAddress;
    const ok = r.decoded.address === expected;
    out.push({
      check: 'pasv-address',
      status: ok ? 'pass' : 'fail',
      ...(ok ? {} : { code: 'PASV_ADDRESS_BACKEND' as const }),
      detail: `${r.reply.trim()} → ${address}:${port}`,
      facts,
    });
  }
  const range = opts.expectRange;
  if (range) {
    const ok = port >= range.low && port <= range.high;
    out.push({
      check: `${prefix}-port`,
      status: ok ? 'pass' : 'fail',
      ...(ok ? {} : { code: 'PASSIVE_PORT_OUT_OF_RANGE' as const }),
      detail: `port ${port} ${ok ? 'within' : 'outside'} ${range.low}-${range.high}`,
      facts: { ...facts, low: range.low, high: range.high },
    });
  }
  const data = judgeConnection(r, listing, `${prefix}-data`, facts);
  // A data connection that failed because it went to the wrong address, or to a port the load balancer
  // does not forward, is that finding, not a second one.
  const cause = out.find((c) => c.code === 'PASV_ADDRESS_BACKEND') ?? out.find((c) => c.code === 'PASSIVE_PORT_OUT_OF_RANGE');
  out.push(cause && data.status === 'fail' ? { ...data, code: cause.code! } : data);
  return out;
}

function judgeConnection(r: DataChannelRecord, listing: ListingResult, check: 'pasv-data' | 'epsv-data', facts: CheckOutcome['facts']): CheckOutcome {
  const where = `${r.target!.address}:${r.target!.port}`;
  if (listing.error === undefined) {
    return { check, status: 'pass', detail: `data connection to ${where}${r.tlsResumed ? ' (TLS session resumed)' : ''}: ${listing.entries} entries listed`, facts };
  }
  if (!r.tcpConnected) {
    // No connect error of its own: the client's timeout ran out while the data connection was still being
    // opened. The client words that after its control socket; what timed out here is the data connection.
    const connectError = r.connectError ?? 'TIMEOUT';
    const why = r.connectError ?? 'no answer before the timeout';
    return { check, status: 'fail', code: 'DATA_PORT_UNREACHABLE', detail: `data connection to ${where}: ${why}`, facts: { ...facts, connectError } };
  }
  if (r.tlsError) {
    return { check, status: 'fail', code: 'DATA_TLS_FAILED', detail: `TLS on the data connection to ${where}: ${r.tlsError}`, facts };
  }
  if (!r.tlsEstablished) {
    // Accepted (by the load balancer) but nobody behind it speaks: the connection was handed to a backend
    // that is not waiting for it. diagnose.ts tells persistence from forwarding by whether others worked.
    // The client's own error is left out: for a timeout it names the control socket, not this data connection.
    const what = r.closedBeforeTls ? 'closed before TLS started' : 'no TLS handshake before the timeout';
    return { check, status: 'fail', code: 'DATA_WRONG_BACKEND', detail: `data connection to ${where} was accepted, then ${what}`, facts };
  }
  return { check, status: 'fail', code: 'TRANSFER_FAILED', detail: `listing over ${where}: ${listing.error}`, facts };
}
