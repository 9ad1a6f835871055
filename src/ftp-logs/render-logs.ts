/** The logs report as text, JSON or Markdown; findings keep their file, line, time and session. */
import { isAbsolute, relative } from 'node:path';
import type { LogAnalysis, LogExpectation, LogFinding } from './analyze-logs.js';
import { mdText } from '../render/markdown.js';

export interface LogsReport extends LogAnalysis {
  command: 'logs';
  dir: string;
  files: string[];
  records: number;
  skippedLines: number;
  expect: LogExpectation;
  ok: boolean;
}

const CAVEAT = 'IIS logs "PASV - 227" without the reply text: the advertised address is known only when a field records it; a PASV with no data connection after it is the trace a client sent to an unreachable address or port leaves.';

/** Files under --dir are shown relative to it (FTPSVC2/u_ex261124.log), so a report stays readable. */
const shortPath = (dir: string, file: string) => {
  const rel = relative(dir, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
};

const where = (dir: string, f: LogFinding) => `${shortPath(dir, f.file)}:${f.line} ${f.time} session ${f.session ?? '-'} client ${f.clientIp ?? '-'} server ${f.serverIp ?? '-'}`;

export function renderLogsReport(r: LogsReport, format: 'text' | 'json' | 'markdown'): string {
  if (format === 'json') return `${JSON.stringify({ ...r, caveat: CAVEAT }, null, 2)}\n`;
  const range = r.expect.range ? `${r.expect.range.low}-${r.expect.range.high}` : 'any (0-0)';
  const counts = `${r.files.length} file(s), ${r.records} lines; PASV ${r.pasv} (${r.pasvWithReplyText} with reply text), EPSV ${r.epsv}, data connections ${r.dataChannels}${r.skippedLines ? `; ${r.skippedLines} unreadable line(s) skipped` : ''}`;
  if (format === 'markdown') {
    const lines = [`## IIS FTP logs: ${r.ok ? '✅ no passive-mode problems' : `❌ ${r.findings.length} finding(s)`}`, '', `Expected address ${r.expect.address}, passive range ${range}. ${counts}.`, '', `> ${CAVEAT}`, ''];
    if (r.findings.length) {
      lines.push('| finding | file:line | time | session | server | detail |', '|---|---|---|---|---|---|');
      for (const f of r.findings) lines.push(`| \`${f.code}\` | ${mdText(`${shortPath(r.dir, f.file)}:${f.line}`)} | ${f.time} | ${mdText(f.session ?? '-')} | ${mdText(f.serverIp ?? '-')} | ${mdText(f.detail)} |`);
    }
    return `${lines.join('\n')}\n`;
  }
  const lines = [`logs ${r.dir}: expected address ${r.expect.address}, passive range ${range}`, `  ${counts}`, `  note: ${CAVEAT}`];
  for (const f of r.findings) lines.push('', `${f.code}  ${where(r.dir, f)}`, `  ${f.detail}`);
  lines.push('', r.ok ? 'OK: no passive-mode problems in these logs.' : `PROBLEMS FOUND: ${r.findings.length} (exit 2).`);
  return `${lines.join('\n')}\n`;
}
