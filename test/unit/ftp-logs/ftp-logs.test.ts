import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../support/paths.js';
import { parseW3cLog } from '../../../src/ftp-logs/w3c-log.js';
import { analyzeFtpLogs } from '../../../src/ftp-logs/analyze-logs.js';
import { findFtpLogs } from '../../../src/ftp-logs/find-logs.js';
import { runLogsCommand } from '../../../src/ftp-logs/run-logs.js';
import { UserError } from '../../../src/core/errors.js';

const LOGS = fixture('ftp-logs', 'LogFiles');
const EXPECT = { address: '203.0.113.10', range: { low: 50000, high: 50099 } };
const HEADER = '#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath';

function recordsOf(files: string[]) {
  return files.flatMap((f) => parseW3cLog(readFileSync(f, 'utf8'), f).records);
}

describe('W3C log reading', () => {
  test('#Fields decides the columns, also when a second header changes them mid-file', () => {
    const file = join(LOGS, 'FTPSVC2', 'u_ex261124.log');
    const { records, skipped } = parseW3cLog(readFileSync(file, 'utf8'), file);
    assert.equal(skipped.length, 0);
    assert.equal(records[0]!.fields['cs-method'], 'ControlChannelOpened');
    assert.equal(records[0]!.fields['cs-username'], undefined, '"-" is empty');
    const late = records.find((r) => r.fields['c-port'] === '41822');
    assert.ok(late, 'the second header added c-port');
    assert.equal(late.fields['s-ip'], '10.0.1.11');
  });

  test('lines before any header, or with the wrong number of values, are skipped and counted', () => {
    const r = parseW3cLog(`2026-01-01 00:00:00 a b\n${HEADER}\n2026-01-01 00:00:00 too few\n`, 'x.log');
    assert.deepEqual(r.skipped.map((s) => s.line), [1, 3]);
    assert.equal(r.records.length, 0);
  });

  test('finds FTPSVC<n> folders under LogFiles, a single FTPSVC folder, or one file', () => {
    assert.deepEqual(findFtpLogs(LOGS).map((f) => f.slice(LOGS.length + 1)), ['FTPSVC2/u_ex261124.log', 'FTPSVC3/u_ex261124.log']);
    assert.equal(findFtpLogs(join(LOGS, 'FTPSVC3')).length, 1);
    assert.throws(() => findFtpLogs(join(LOGS, 'nope')), UserError);
    const empty = mkdtempSync(join(tmpdir(), 'ftplogs-'));
    assert.throws(() => findFtpLogs(empty), /No FTP log files/);
  });
});

describe('passive-mode evidence', () => {
  test('the fixture: two PASV with no data connection after them, one data port out of range, healthy sessions clean', () => {
    const a = analyzeFtpLogs(recordsOf(findFtpLogs(LOGS)), EXPECT);
    assert.deepEqual(
      a.findings.map((f) => [f.code, f.file.split('/').slice(-2).join('/'), f.line]),
      [
        ['PASV_NO_DATA_CONNECTION', 'FTPSVC2/u_ex261124.log', 12],
        ['DATA_PORT_OUT_OF_RANGE', 'FTPSVC2/u_ex261124.log', 19],
        ['PASV_NO_DATA_CONNECTION', 'FTPSVC2/u_ex261124.log', 30],
      ],
    );
    const [closed, , refused] = a.findings;
    assert.equal(closed!.session, '0f5c2a8e-3b1d-4c6e-9a7f-2d8e4b1c6a90');
    assert.equal(closed!.time, '2026-11-24 08:00:01');
    assert.match(closed!.detail, /session closed/);
    assert.match(refused!.detail, /RETR 425/);
    assert.equal(a.pasv, 5);
    assert.equal(a.dataChannels, 4);
    assert.equal(a.pasvWithReplyText, 0, 'IIS logs no reply text');
  });

  test('without a range nothing is said about ports', () => {
    const a = analyzeFtpLogs(recordsOf(findFtpLogs(LOGS)), { address: EXPECT.address });
    assert.ok(!a.findings.some((f) => f.code === 'DATA_PORT_OUT_OF_RANGE'));
  });

  test('when a field carries the reply text, the advertised address is decoded and compared', () => {
    const text = [
      '#Fields: date time s-ip cs-method sc-status x-session x-debug',
      '2026-11-24 08:00:01 10.0.1.11 PASV 227 s1 227+Entering+Passive+Mode+(10,0,1,11,195,80).',
      '2026-11-24 08:00:01 10.0.1.11 DataChannelOpened - s1 -',
      '2026-11-24 08:00:02 10.0.1.11 PASV 227 s2 227+Entering+Passive+Mode+(203,0,113,10,195,81).',
      '2026-11-24 08:00:02 10.0.1.11 DataChannelOpened - s2 -',
    ].join('\n');
    const a = analyzeFtpLogs(parseW3cLog(text, 'x.log').records, EXPECT);
    assert.equal(a.pasvWithReplyText, 2);
    assert.deepEqual(a.findings.map((f) => [f.code, f.line, f.advertised, f.port]), [['PASV_ADVERTISED_OTHER_ADDRESS', 2, '10.0.1.11', 50000]]);
  });

  test('sessions interleave: a data connection only settles its own session\'s PASV', () => {
    const text = [
      '#Fields: date time cs-method sc-status s-port x-session',
      '2026-11-24 08:00:01 PASV 227 990 a',
      '2026-11-24 08:00:01 PASV 227 990 b',
      '2026-11-24 08:00:01 DataChannelOpened - 50001 b',
      '2026-11-24 08:00:09 ControlChannelClosed - 990 a',
    ].join('\n');
    const a = analyzeFtpLogs(parseW3cLog(text, 'x.log').records, EXPECT);
    assert.deepEqual(a.findings.map((f) => [f.code, f.session]), [['PASV_NO_DATA_CONNECTION', 'a']]);
  });
});

describe('logs command', () => {
  function io() {
    let out = '';
    return { io: { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true }, cwd: process.cwd(), env: {}, platform: 'linux' as const } as any, out: () => out };
  }
  test('json report with file, line, time and session; exit 2', async () => {
    const c = io();
    const code = await runLogsCommand({ dir: LOGS, expectAddress: '203.0.113.10', expectRange: '50000-50099', format: 'json', verbose: false, quiet: true }, c.io);
    assert.equal(code, 2);
    const r = JSON.parse(c.out());
    assert.equal(r.findings.length, 3);
    assert.deepEqual(Object.keys(r.findings[0]).filter((k) => ['file', 'line', 'time', 'session'].includes(k)).sort(), ['file', 'line', 'session', 'time']);
    assert.match(r.caveat, /without the reply text/);
  });
  test('--desired supplies the address and the range', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftplogs-'));
    const desired = join(dir, 'desired.json');
    writeFileSync(desired, JSON.stringify({ externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 }));
    mkdirSync(join(dir, 'FTPSVC9'));
    writeFileSync(join(dir, 'FTPSVC9', 'u_ex1.log'), readFileSync(join(LOGS, 'FTPSVC3', 'u_ex261124.log')));
    const c = io();
    assert.equal(await runLogsCommand({ dir, desired, format: 'text', verbose: false, quiet: true }, c.io), 0);
    assert.match(c.out(), /OK: no passive-mode problems/);
  });
  test('no address to compare with is a user error', async () => {
    await assert.rejects(runLogsCommand({ dir: LOGS, format: 'text', verbose: false, quiet: true }, io().io), /--desired FILE .* or --expect-address IP/);
  });
});
