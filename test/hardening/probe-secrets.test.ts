/**
 * The probe's password never reaches argv, logs, reports (every format) or
 * error messages, on success and on every failure path (wrong password, TLS
 * failure, unreachable host), whether it came from the environment or a file.
 * The probe runs as a real process against a local fake Implicit FTPS server.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../support/paths.js';
import { runMeasured } from '../support/hardening/measured-run.js';
import { closedPort, startFakeFtps, type FakeFtps } from '../support/hardening/fake-ftps.js';

const PASSWORD = 'Pr0be-S3cret!pa55-7Qz';
/** The password and the encodings a careless log might use. */
const FORMS = [PASSWORD, Buffer.from(PASSWORD).toString('base64'), Buffer.from(PASSWORD).toString('hex'), encodeURIComponent(PASSWORD)];
const FORMATS = ['text', 'json', 'markdown', 'junit'] as const;

function assertNoSecret(where: string, text: string): void {
  for (const f of FORMS) assert.ok(!text.includes(f), `the password (${f === PASSWORD ? 'plain' : 'encoded'}) appears in ${where}:\n${text.slice(0, 2000)}`);
}

/** Command lines of a process and all its descendants, from /proc. */
function cmdlines(root: number): string[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch { /* gone */ }
  }
  const out: string[] = [];
  const walk = (pid: number) => {
    try { out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')); } catch { /* gone */ }
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

describe('the probe password stays secret', () => {
  let dir: string;
  let server: FakeFtps;
  let slow: FakeFtps;
  let dead: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ftps-secrets-'));
    server = await startFakeFtps(dir, PASSWORD, 50);
    slow = await startFakeFtps(mkdtempSync(join(dir, 'slow-')), PASSWORD, 2500);
    dead = await closedPort();
    writeFileSync(join(dir, 'password.txt'), `${PASSWORD}\n`);
  });
  after(async () => {
    await server.close();
    await slow.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sources: { name: string; args: string[]; env: Record<string, string> }[] = [
    { name: 'FTPS_PROBE_PASSWORD', args: [], env: { FTPS_PROBE_PASSWORD: PASSWORD } },
    { name: '--password-env', args: ['--password-env', 'MY_FTP_PW'], env: { MY_FTP_PW: PASSWORD } },
    { name: '--password-file', args: ['--password-file', 'password.txt'], env: {} },
  ];
  const scenarios = () => [
    { name: 'login works, data channel refused', args: ['--port', String(server.port), '--ca', server.caFile], password: PASSWORD, codes: [2] },
    { name: 'wrong password', args: ['--port', String(server.port), '--ca', server.caFile], password: 'not-the-password', codes: [1, 2] },
    { name: 'TLS failure (untrusted certificate)', args: ['--port', String(server.port)], password: PASSWORD, codes: [1, 2] },
    { name: 'TLS failure accepted with --insecure', args: ['--port', String(server.port), '--insecure'], password: PASSWORD, codes: [1, 2] },
    { name: 'unreachable host', args: ['--port', String(dead)], password: PASSWORD, codes: [1, 2] },
  ];

  test('no report format, log file, stdout or stderr carries it, on success or failure', async () => {
    const runs = scenarios().flatMap((s, i) => FORMATS.map((format, j) => ({ s, format, source: sources[(i + j) % sources.length]! })));
    const results = await Promise.all(runs.map(async ({ s, format, source }, k) => {
      const out = join(dir, `report-${k}.${format}`);
      const log = join(dir, `log-${k}.jsonl`);
      // A wrong password must come from the same source as a right one would.
      const env = Object.fromEntries(Object.entries(source.env).map(([n]) => [n, s.password]));
      if (source.name === '--password-file') writeFileSync(join(dir, `password-${k}.txt`), `${s.password}\n`);
      const args = source.name === '--password-file' ? ['--password-file', `password-${k}.txt`] : source.args;
      const r = await runMeasured(['probe', '--host', '127.0.0.1', '--user', 'probe', '--timeout', '5', '--format', format, '--output', out, '--log-file', log, '--verbose', ...s.args, ...args], { cwd: dir, env, timeoutMs: 60_000 });
      return { s, format, source, r, out, log };
    }));
    for (const { s, format, source, r, out, log } of results) {
      const label = `${s.name}, ${format}, password from ${source.name}`;
      assert.equal(r.timedOut, false, label);
      assert.ok(s.codes.includes(r.code ?? -1), `${label}: exit ${r.code}\n${r.stderr}`);
      assert.doesNotMatch(r.stderr, /internal error/, label);
      assertNoSecret(`stdout (${label})`, r.stdout);
      assertNoSecret(`stderr (${label})`, r.stderr);
      if (existsSync(out)) assertNoSecret(`the ${format} report (${label})`, readFileSync(out, 'utf8'));
      if (existsSync(log)) assertNoSecret(`the log file (${label})`, readFileSync(log, 'utf8'));
    }
    // The run that logged in really had the password (else "not leaked" would prove nothing).
    const ok = results.find((x) => x.s.name.startsWith('login works') && x.format === 'json')!;
    assert.match(readFileSync(ok.out, 'utf8'), /DATA_PORT_UNREACHABLE/);
    const wrong = results.find((x) => x.s.name === 'wrong password' && x.format === 'text')!;
    assert.match(wrong.r.stderr + (existsSync(wrong.out) ? readFileSync(wrong.out, 'utf8') : ''), /530|refused|password/i);
  });

  test('never in the command line of the running probe or any process it starts', async () => {
    const child = spawn(process.execPath, [cliPath, 'probe', '--host', '127.0.0.1', '--port', String(slow.port), '--ca', slow.caFile, '--user', 'probe', '--timeout', '10'], {
      cwd: dir,
      env: { ...process.env, FTPS_PROBE_PASSWORD: PASSWORD, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const closed = new Promise<number | null>((ok) => child.on('close', ok));
    const seen: string[] = [];
    // The fake server holds its greeting for 2.5 s: sample the process tree meanwhile.
    for (let i = 0; i < 15 && child.exitCode === null; i++) {
      seen.push(...cmdlines(child.pid!));
      await new Promise((r) => setTimeout(r, 100));
    }
    const code = await closed;
    assert.ok(seen.some((c) => c.includes('probe --host 127.0.0.1')), 'sampled the probe while it ran');
    for (const c of seen) assertNoSecret('a command line', c);
    assert.equal(code, 2, stdout);
    assertNoSecret('stdout', stdout);
  });

  test('a password on the command line is refused, and not echoed', async () => {
    const r = await runMeasured(['probe', '--host', '127.0.0.1', '--port', String(dead), '--user', 'probe', '--password', PASSWORD], { cwd: dir, env: { FTPS_PROBE_PASSWORD: '' } });
    assert.equal(r.code, 1);
    assertNoSecret('stderr', r.stderr);
    assertNoSecret('stdout', r.stdout);
  });
});
