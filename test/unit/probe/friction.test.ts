/** probe as a new user meets it (issue 19 item 8, and item 11's DNS sentence). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProbeCommand } from '../../../src/probe/run-probe.js';
import { judgeDataChannel } from '../../../src/probe/judge-data.js';
import { newRecord } from '../../../src/probe/data-channel.js';
import { decodePassiveReply } from '../../../src/pasv/passive-reply.js';
import { renderProbeReport } from '../../../src/probe/render-probe.js';
import type { ProbeReport } from '../../../src/probe/probe-report.js';
import { repoRoot } from '../../support/paths.js';

function io(isTTY: boolean) {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => ((out += s), true) }, stderr: { isTTY, write: (s: string) => ((err += s), true) }, cwd: process.cwd(), env: { FTPS_PROBE_PASSWORD: 'not-a-real-password' }, platform: 'linux' as const } as any,
    out: () => out,
    err: () => err,
  };
}
const args = (vip: string, port: number, count = 1) => ({ vip, port, user: 'probe', explicit: false, insecure: false, roundTrip: false, count, timeout: 2, format: 'json' as const, verbose: false, quiet: false });

async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  await new Promise((r) => s.close(r));
  return port;
}

describe('probe: what the user sees', () => {
  test('a name that does not resolve says so (DNS), not "check that the VIP forwards 990"', async () => {
    // .invalid never resolves (RFC 6761).
    const c = io(false);
    await assert.rejects(runProbeCommand(args('ftp.nonexistent.invalid', 990), c.io), (e: Error) => {
      assert.match(e.message, /^Cannot resolve the name ftp\.nonexistent\.invalid .*check the spelling of --vip/);
      assert.doesNotMatch(e.message, /forwards/);
      return true;
    });
  });

  test('--count N shows progress on stderr when it is a terminal, and nothing when it is not', async () => {
    const port = await closedPort();
    const tty = io(true);
    await assert.rejects(runProbeCommand(args('127.0.0.1', port, 3), tty.io));
    assert.match(tty.err(), /connection 3\/3, 2 with problems/);
    assert.ok(tty.err().endsWith('\r\x1b[2K'), 'the progress line is cleared at the end');
    const pipe = io(false);
    await assert.rejects(runProbeCommand(args('127.0.0.1', port, 3), pipe.io));
    assert.doesNotMatch(pipe.err(), /connection \d\/3|\r/);
  });

  test('a data connection that times out is not labelled with the control socket', () => {
    const reply = '227 Entering Passive Mode (203,0,113,10,195,80).';
    const decoded = decodePassiveReply(reply);
    const base = { ...newRecord('PASV'), reply, decoded, target: { address: '203.0.113.10', port: 50000 } };
    const ctx = { expectRange: { low: 50000, high: 50099 } };
    const unopened = judgeDataChannel(base, { entries: -1, error: 'Timeout (control socket)' }, '203.0.113.10', ctx).find((c) => c.check === 'pasv-data')!;
    assert.equal(unopened.code, 'DATA_PORT_UNREACHABLE');
    assert.doesNotMatch(unopened.detail, /control socket/);
    assert.match(unopened.detail, /data connection to 203\.0\.113\.10:50000: no answer before the timeout/);
    assert.equal(unopened.facts?.connectError, 'TIMEOUT');
    const silent = judgeDataChannel({ ...base, tcpConnected: true }, { entries: -1, error: 'Timeout (control socket)' }, '203.0.113.10', ctx).find((c) => c.check === 'pasv-data')!;
    assert.equal(silent.code, 'DATA_WRONG_BACKEND');
    assert.doesNotMatch(silent.detail, /control socket/);
  });

  test('no empty "connection N:" header when the connection shown failed before passive mode', () => {
    const failedLogin = { n: 2, checks: [{ check: 'control' as const, status: 'pass' as const, detail: 'ok' }, { check: 'login' as const, status: 'fail' as const, code: 'LOGIN_FAILED' as const, detail: '530' }], durationMs: 1 };
    const r: ProbeReport = {
      command: 'probe',
      target: { host: '203.0.113.10', port: 990, tls: 'implicit', servername: '203.0.113.10', user: 'probe', count: 2, roundTrip: false },
      insecure: false, startedAt: '2026-11-25T00:00:00.000Z', finishedAt: '2026-11-25T00:00:01.000Z',
      checks: [], findings: [], ok: false,
      attempts: [{ n: 1, checks: [{ check: 'control', status: 'pass', detail: 'ok' }], durationMs: 1 }, failedLogin],
    };
    assert.doesNotMatch(renderProbeReport(r, 'text'), /connection \d+:\s*\n(?!  (pasv|epsv))/);
    assert.doesNotMatch(renderProbeReport(r, 'text'), /connection 2:/);
  });

  test('no sentence refers to the "Pain Points" of a guide the user does not have', () => {
    for (const f of ['diagnose.ts', 'judge-data.ts', 'run-probe.ts']) {
      assert.doesNotMatch(readFileSync(join(repoRoot, 'src', 'probe', f), 'utf8'), /Pain Point/, f);
    }
  });
});
