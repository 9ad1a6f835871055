/**
 * What IIS FTP logs can say about passive mode (pure). IIS logs the PASV
 * command and its status (`PASV - 227`) but not the reply text, so the
 * advertised address is read only when some field carries a 227 tuple. What
 * the logs always show: each data connection (`DataChannelOpened`, with the
 * data port in s-port), and a PASV after which no data connection arrived,
 * which is what a client sent to an unreachable address or port leaves behind.
 */
import { decodePassiveReply, type PasvReply } from '../pasv/passive-reply.js';
import type { W3cRecord } from './w3c-log.js';

export type LogFindingCode =
  /** The logged reply text advertised an address other than the expected one (observed). */
  | 'PASV_ADVERTISED_OTHER_ADDRESS'
  /** A 227 was sent, and no data connection came before the session's next passive command or its end. */
  | 'PASV_NO_DATA_CONNECTION'
  /** A data connection opened on a port outside the expected passive range. */
  | 'DATA_PORT_OUT_OF_RANGE';

export interface LogFinding {
  code: LogFindingCode;
  file: string;
  line: number;
  /** `date time` as logged (UTC). */
  time: string;
  session: string | null;
  clientIp: string | null;
  serverIp: string | null;
  /** The address advertised, when the log recorded it. */
  advertised?: string;
  port?: number;
  detail: string;
}

export interface LogExpectation {
  address: string;
  range?: { low: number; high: number };
}

export interface LogAnalysis {
  pasv: number;
  epsv: number;
  dataChannels: number;
  /** PASV replies whose text (and so the advertised address) was in the log. */
  pasvWithReplyText: number;
  findings: LogFinding[];
}

const PASSIVE = new Set(['PASV', 'EPSV', 'PORT', 'EPRT']);

interface Pending {
  record: W3cRecord;
}

export function analyzeFtpLogs(records: readonly W3cRecord[], expect: LogExpectation): LogAnalysis {
  const out: LogAnalysis = { pasv: 0, epsv: 0, dataChannels: 0, pasvWithReplyText: 0, findings: [] };
  const open = new Map<string, Pending>();
  const finding = (r: W3cRecord, code: LogFindingCode, detail: string, extra: Partial<LogFinding> = {}) =>
    out.findings.push({
      code,
      file: r.file,
      line: r.line,
      time: [r.fields.date, r.fields.time].filter(Boolean).join(' '),
      session: r.fields['x-session'] ?? null,
      clientIp: r.fields['c-ip'] ?? null,
      serverIp: r.fields['s-ip'] ?? null,
      ...extra,
      detail,
    });
  const orphan = (p: Pending, then: string) =>
    finding(
      p.record,
      'PASV_NO_DATA_CONNECTION',
      `PASV was answered 227 but no data connection arrived (then: ${then}); the reply text is not logged, but without an external address IIS advertises its own address${p.record.fields['s-ip'] ? ` (${p.record.fields['s-ip']})` : ''}, which clients behind a VIP cannot reach`,
    );
  for (const r of records) {
    // Without x-session (not logged), fall back to the client address: weaker when clients share one (a load balancer).
    const key = r.fields['x-session'] ?? `${r.file}|${r.fields['c-ip'] ?? '?'}`;
    const method = (r.fields['cs-method'] ?? '').toUpperCase();
    if (method === 'DATACHANNELOPENED') {
      out.dataChannels++;
      open.delete(key);
      const port = Number(r.fields['s-port']);
      if (expect.range && Number.isInteger(port) && (port < expect.range.low || port > expect.range.high)) {
        finding(r, 'DATA_PORT_OUT_OF_RANGE', `data connection on port ${port}, outside ${expect.range.low}-${expect.range.high}`, { port });
      }
      continue;
    }
    const pending = open.get(key);
    if (pending && (PASSIVE.has(method) || method === 'CONTROLCHANNELCLOSED')) {
      orphan(pending, method === 'CONTROLCHANNELCLOSED' ? 'the session closed' : `another ${method}`);
      open.delete(key);
    } else if (pending && r.fields['sc-status'] === '425') {
      orphan(pending, `${method} 425 Can't open data connection`);
      open.delete(key);
    }
    if (method === 'EPSV') out.epsv++;
    if (method !== 'PASV') continue;
    out.pasv++;
    if (r.fields['sc-status'] !== '227') continue;
    const reply = replyIn(r);
    if (reply) {
      out.pasvWithReplyText++;
      if (reply.address !== expect.address) {
        finding(r, 'PASV_ADVERTISED_OTHER_ADDRESS', `227 advertised ${reply.address}:${reply.port}, not ${expect.address}`, { advertised: reply.address, port: reply.port });
      }
    }
    open.set(key, { record: r });
  }
  for (const p of open.values()) orphan(p, 'end of the log');
  out.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return out;
}

/** A 227 tuple in any field (a logging setup that records reply text); IIS's default fields have none. */
function replyIn(r: W3cRecord): PasvReply | undefined {
  for (const [name, v] of Object.entries(r.fields)) {
    if (!v || name === 'date' || name === 'time' || !/\d+,\d+,\d+,\d+,\d+,\d+/.test(v)) continue;
    try {
      const d = decodePassiveReply(decodeURIComponent(v.replace(/\+/g, ' ')));
      if (d.kind === 'pasv') return d;
    } catch {
      // not a reply
    }
  }
  return undefined;
}
