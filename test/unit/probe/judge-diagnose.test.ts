import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { judgeDataChannel } from '../../../src/probe/judge-data.js';
import { newRecord, type DataChannelRecord } from '../../../src/probe/data-channel.js';
import { decodePassiveReply } from '../../../src/pasv/passive-reply.js';
import { diagnose } from '../../../src/probe/diagnose.js';
import type { AttemptResult, CheckOutcome } from '../../../src/probe/probe-result.js';

const VIP = '203.0.113.10';
const RANGE = { low: 50000, high: 50099 };
const CTX = { host: VIP, port: 990, tls: 'implicit' as const, servername: VIP, expectRange: RANGE };

function pasv(reply: string, patch: Partial<DataChannelRecord> = {}): DataChannelRecord {
  const decoded = decodePassiveReply(reply);
  return { ...newRecord('PASV'), reply, decoded, target: { address: decoded.address ?? VIP, port: decoded.port }, ...patch };
}
const ok = { entries: 3 };
const failed = (error: string) => ({ entries: -1, error });
const byCheck = (cs: CheckOutcome[]) => Object.fromEntries(cs.map((c) => [c.check, c.code ?? c.status]));

describe('judging one passive listing', () => {
  test('a backend address in the 227: the address check fails and the data failure is the same finding', () => {
    const r = pasv('227 Entering Passive Mode (10,0,1,11,195,80).', { connectError: 'TIMEOUT' });
    assert.deepEqual(byCheck(judgeDataChannel(r, failed('timeout'), VIP, CTX)), {
      'pasv-address': 'PASV_ADDRESS_BACKEND',
      'pasv-port': 'pass',
      'pasv-data': 'PASV_ADDRESS_BACKEND',
    });
  });

  test('--expect-address wins over the address the control connection reached', () => {
    const r = pasv('227 Entering Passive Mode (203,0,113,10,195,80).', { tcpConnected: true, tlsEstablished: true });
    assert.equal(byCheck(judgeDataChannel(r, ok, '198.51.100.1', { ...CTX, expectAddress: '198.51.100.1' }))['pasv-address'], 'PASV_ADDRESS_BACKEND');
    assert.equal(byCheck(judgeDataChannel(r, ok, '198.51.100.1', { ...CTX, expectAddress: VIP }))['pasv-address'], 'pass');
  });

  test('right address, port outside the range: the port is the finding', () => {
    const r = pasv('227 Entering Passive Mode (203,0,113,10,251,209).', { connectError: 'ECONNREFUSED' });
    const c = byCheck(judgeDataChannel(r, failed('refused'), VIP, CTX));
    assert.equal(c['pasv-port'], 'PASSIVE_PORT_OUT_OF_RANGE');
    assert.equal(c['pasv-data'], 'PASSIVE_PORT_OUT_OF_RANGE');
  });

  const cases: Array<[string, Partial<DataChannelRecord>, string]> = [
    ['refused or timed out: not forwarded', { connectError: 'ECONNREFUSED' }, 'DATA_PORT_UNREACHABLE'],
    ['accepted then closed before TLS: another backend', { tcpConnected: true, closedBeforeTls: true }, 'DATA_WRONG_BACKEND'],
    ['accepted, no handshake before the timeout: another backend', { tcpConnected: true }, 'DATA_WRONG_BACKEND'],
    ['a TLS alert: TLS on the data connection', { tcpConnected: true, tlsError: 'alert handshake failure' }, 'DATA_TLS_FAILED'],
    ['TLS up, listing refused: transfer', { tcpConnected: true, tlsEstablished: true }, 'TRANSFER_FAILED'],
  ];
  for (const [name, patch, code] of cases) {
    test(name, () => {
      const r = pasv('227 Entering Passive Mode (203,0,113,10,195,80).', patch);
      assert.equal(byCheck(judgeDataChannel(r, failed('x'), VIP, CTX))['pasv-data'], code);
    });
  }

  test('EPSV: no address check; the data connection goes to the control address', () => {
    const d = decodePassiveReply('229 Entering Extended Passive Mode (|||50001|)');
    const r: DataChannelRecord = { ...newRecord('EPSV'), reply: '229 (|||50001|)', decoded: d, target: { address: VIP, port: 50001 }, tcpConnected: true, tlsEstablished: true, tlsResumed: true };
    const out = judgeDataChannel(r, ok, VIP, CTX);
    assert.deepEqual(byCheck(out), { 'epsv-port': 'pass', 'epsv-data': 'pass' });
    assert.match(out[1]!.detail, /TLS session resumed/);
  });

  test('a refused PASV and an unreadable reply', () => {
    assert.equal(byCheck(judgeDataChannel(newRecord('PASV'), failed('502 not implemented'), VIP, CTX))['pasv-data'], 'PASSIVE_REFUSED');
    const garbled = { ...newRecord('PASV'), reply: '227 nonsense', decodeError: 'x' };
    assert.equal(byCheck(judgeDataChannel(garbled, failed('x'), VIP, CTX))['pasv-data'], 'PASSIVE_REPLY_UNREADABLE');
  });
});

function attempt(n: number, checks: CheckOutcome[], extra: Partial<AttemptResult> = {}): AttemptResult {
  return { n, checks, durationMs: 1, controlAddress: VIP, ...extra };
}
const pass = (check: CheckOutcome['check']): CheckOutcome => ({ check, status: 'pass', detail: '' });
const fail = (check: CheckOutcome['check'], code: CheckOutcome['code'], facts = {}): CheckOutcome => ({ check, status: 'fail', code, detail: `${code} seen`, facts });

describe('diagnosis over --count connections', () => {
  test('counts connections per finding and words it in the guide\'s terms', () => {
    const bad = [fail('pasv-address', 'PASV_ADDRESS_BACKEND', { advertised: '10.0.1.11', port: 50000, expected: VIP }), fail('pasv-data', 'PASV_ADDRESS_BACKEND', { advertised: '10.0.1.11', port: 50000, expected: VIP })];
    const { findings, checks } = diagnose([attempt(1, bad), attempt(2, bad)], CTX);
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.deepEqual([f.code, f.occurrences, f.of, f.intermittent, f.severity], ['PASV_ADDRESS_BACKEND', 2, 2, false, 'error']);
    assert.match(f.problem, /PASV reply carries the wrong address.*10\.0\.1\.11/);
    assert.match(f.fix, /externalIp4Address to 203\.0\.113\.10 on every IIS backend/);
    assert.deepEqual(checks.find((c) => c.check === 'pasv-address'), { check: 'pasv-address', passed: 0, failed: 2, warned: 0, skipped: 0 });
  });

  test('a data connection nobody answers, while others work: persistence, intermittent', () => {
    const a = [pass('pasv-data'), fail('epsv-data', 'DATA_WRONG_BACKEND', { advertised: null, controlAddress: VIP, port: 50010 })];
    const { findings } = diagnose([attempt(1, a), attempt(2, [pass('pasv-data'), pass('epsv-data')])], CTX);
    const f = findings[0]!;
    assert.equal(f.code, 'DATA_WRONG_BACKEND');
    assert.equal(f.intermittent, true);
    assert.match(f.problem, /Session persistence not configured: some data connections work/);
    assert.match(f.problem, /1 of 2 connections/);
  });

  test('a data connection nobody answers, and none works: both causes are named', () => {
    const { findings } = diagnose([attempt(1, [fail('pasv-data', 'DATA_WRONG_BACKEND', { port: 50010 })])], CTX);
    assert.match(findings[0]!.problem, /no backend behind the VIP is waiting/);
    assert.match(findings[0]!.fix, /persistence.*50000-50099/);
  });

  test('different certificates across connections, and a control address that is not the expected VIP', () => {
    const cert = (fp: string) => ({ certificate: { fingerprint256: fp } as any });
    const { findings } = diagnose([attempt(1, [pass('control')], cert('AA')), attempt(2, [pass('control')], { ...cert('BB'), controlAddress: '198.51.100.9' })], { ...CTX, expectAddress: VIP });
    assert.deepEqual(findings.map((f) => [f.code, f.severity, f.occurrences]).sort(), [['CERT_DIFFERS', 'warning', 2], ['CONTROL_ADDRESS_UNEXPECTED', 'error', 1]]);
  });

  test('--insecure: certificate problems are warnings', () => {
    const warn: CheckOutcome = { check: 'certificate-name', status: 'warn', code: 'CERT_NAME_MISMATCH', detail: 'x', facts: { name: 'a', subject: 'CN=b', san: '' } };
    const { findings } = diagnose([attempt(1, [warn])], CTX);
    assert.equal(findings[0]!.severity, 'warning');
  });
});
