import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type AddressInfo } from 'node:net';
import { runProbeCommand } from '../../../src/probe/run-probe.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, cwd: process.cwd(), env: { FTPS_PROBE_PASSWORD: 'not-a-real-password' }, platform: 'linux' as const } as any,
    out: () => out,
    err: () => err,
  };
}

const args = (port: number) => ({ vip: '127.0.0.1', port, user: 'probe', explicit: false, insecure: false, roundTrip: false, count: 1, timeout: 2, format: 'json' as const, verbose: false, quiet: true });

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('probe connection layer (local sockets, no FTP server)', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  test('nothing listening: cannot connect at all is an error (exit 1), one sentence', async () => {
    const s = createServer();
    const port = await listen(s);
    await new Promise((r) => s.close(r)); // a port that was free a moment ago
    const c = capture();
    await assert.rejects(runProbeCommand(args(port), c.io), /^UserError: Cannot connect to 127\.0\.0\.1:\d+ .*check --vip and --port/);
  });

  test('a plain-text greeting where Implicit TLS is expected: TLS_HANDSHAKE_FAILED, exit 2, no password sent', async () => {
    let received = '';
    const s = createServer((sock) => {
      sock.on('data', (d) => (received += d));
      sock.write('220 plain FTP here\r\n');
    });
    servers.push(s);
    const c = capture();
    const code = await runProbeCommand(args(await listen(s)), c.io);
    assert.equal(code, 2);
    const report = JSON.parse(c.out());
    assert.deepEqual(report.findings.map((f: { code: string }) => f.code), ['TLS_HANDSHAKE_FAILED']);
    assert.match(report.findings[0].fix, /--explicit/);
    assert.ok(!received.includes('not-a-real-password'));
    assert.ok(!c.out().includes('not-a-real-password'));
  });
});
