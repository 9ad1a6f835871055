/**
 * The end-to-end proof (issue 4): a real FTPS client through a real load
 * balancer to two stand-in backends whose passive settings come from their
 * own applicationHost.config. Broken backends fail exactly as in the guide;
 * a wrong-scope "fix" leaves them broken; `ftps-enforcer apply` (real pwsh,
 * the WebAdministration double, an ftpsvc restart) fixes them; the load
 * balancer's own mistakes are diagnosed by `probe`. Needs root, vsftpd,
 * haproxy, lftp, openssl, iproute2 and pwsh: it fails (never skips) without them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../support/paths.js';
import { findPwsh } from '../support/pwsh.js';
import { checkLabPrerequisites } from './lab/prereqs.js';
import { Lab, labLbConfig, PASSIVE, VIP_NAME, type LbSetup } from './lab/lab.js';
import { breakLbConfig } from './lab/haproxy.js';
import { VIP } from './lab/topology.js';

interface ProbeJson {
  ok: boolean;
  findings: Array<{ code: string; occurrences: number; of: number; intermittent: boolean; evidence: string; problem: string }>;
  attempts: unknown[];
}

const codes = (r: ProbeJson) => r.findings.map((f) => f.code).sort();
const RANGE = `${PASSIVE.low}-${PASSIVE.high}`;

describe('lab: FTPS through a load balancer, broken and fixed', { timeout: 300_000 }, () => {
  let lab: Lab;
  let lb: LbSetup;

  before(async () => {
    checkLabPrerequisites();
    findPwsh();
    lab = await Lab.create(fixture('broken-backend', 'applicationHost.config'));
    lb = labLbConfig(lab);
    await lab.haproxy.start(breakLbConfig(lb.config, 'healthy'), '990');
  });

  after(async () => {
    await lab?.destroy();
  });

  function probe(args: string[], o: { ca?: boolean; timeoutSeconds?: number } = {}): { status: number | null; report: ProbeJson; stderr: string } {
    const r = lab.probe(['--format', 'json', '--expect-range', RANGE, ...args], o);
    assert.ok(r.stdout.trim().startsWith('{'), `probe printed no JSON report (exit ${r.status}): ${r.stderr}`);
    assert.ok(!r.stdout.includes(lab.password) && !r.stderr.includes(lab.password), 'the password appeared in the probe output');
    return { status: r.status, report: JSON.parse(r.stdout) as ProbeJson, stderr: r.stderr };
  }

  test('the load balancer runs the configuration ftps-enforcer lb-config generates', (t) => {
    t.diagnostic(`HAProxy configuration source: ${lb.source}`);
    assert.equal(lb.source, 'ftps-enforcer lb-config');
  });

  test('broken backends: lftp (PASV) cannot list through the VIP; probe names the backend address', () => {
    const l = lab.lftp('ls');
    assert.notEqual(l.status, 0, `lftp listed through a broken VIP:\n${l.stdout}`);
    assert.match(l.stderr, /227 Entering Passive Mode \(10,99,1,1[12],/, 'lftp saw a 227 with a backend address');
    assert.doesNotMatch(l.stdout, /served-by-/);

    const p = probe([]);
    assert.equal(p.status, 2);
    const f = p.report.findings.find((x) => x.code === 'PASV_ADDRESS_BACKEND');
    assert.ok(f, `no PASV_ADDRESS_BACKEND in ${codes(p.report)}`);
    assert.match(f.evidence, /→ 10\.99\.1\.1[12]:\d+/);
    assert.match(f.problem, /10\.99\.1\.1[12]/);
    // 0-0 in the configuration: Windows' dynamic range, which the load balancer does not forward.
    assert.ok(codes(p.report).includes('PASSIVE_PORT_OUT_OF_RANGE'), String(codes(p.report)));
  });

  test('negative control: the guide\'s wrong-scope fix leaves the VIP broken, so the lab would catch an enforcer that made it', async () => {
    // The guide's PowerShell: WebAdministration refuses the attribute on that section, as IIS does, and nothing changes
    // (one backend shows it; the refusal does not depend on the backend).
    const be1 = lab.backends[0]!;
    const guide = await lab.applyGuideScript(be1);
    assert.notEqual(guide.status, 0);
    assert.match(guide.stderr + guide.stdout, /externalIp4Address is not found/);
    assert.equal(JSON.parse(readFileSync(join(be1.dir, 'passive.json'), 'utf8')).minPort, 49152, 'nothing changed, no restart');
    // The guide's XML sample written into the file, ftpsvc restarted: the port range takes effect, the address does not.
    const edits = await Promise.all(lab.backends.map((b) => lab.applyWrongScopeEdit(b)));
    for (const [i, b] of lab.backends.entries()) {
      assert.equal(edits[i]!.status, 0, `Restart-Service ftpsvc on ${b.name}: ${edits[i]!.stderr}`);
      const passive = JSON.parse(readFileSync(join(b.dir, 'passive.json'), 'utf8'));
      assert.deepEqual(passive, { pasvAddress: b.address, addressFrom: 'default', minPort: PASSIVE.low, maxPort: PASSIVE.high });
    }
    const p = probe([]);
    assert.equal(p.status, 2);
    assert.deepEqual(codes(p.report), ['PASV_ADDRESS_BACKEND']);
    // Back to the broken configuration for the real enforcer (a misplaced attribute is audit's business, not this lab's).
    for (const b of lab.backends) lab.resetConfig(b);
  });

  test('ftps-enforcer apply on each backend, in its namespace, with real pwsh: lftp ls, put and get work; probe --count 20 passes', async () => {
    // Each backend runs its own enforcer (a scheduled task in production): in parallel, as in a fleet.
    const results = await Promise.all(lab.backends.map((b) => lab.apply(b)));
    for (const [i, b] of lab.backends.entries()) {
      const r = results[i]!;
      assert.equal(r.status, 0, `apply on ${b.name} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
      const passive = JSON.parse(readFileSync(join(b.dir, 'passive.json'), 'utf8'));
      assert.deepEqual(passive, { pasvAddress: VIP, addressFrom: 'siteDefaults', minPort: PASSIVE.low, maxPort: PASSIVE.high });
    }
    const upload = join(lab.dir, 'upload.txt');
    writeFileSync(upload, `lab payload ${Date.now()}\n`);
    const l = lab.lftp(`ls; put ${upload} -o lab-upload.txt; get lab-upload.txt -o ${join(lab.dir, 'download.txt')}; rm lab-upload.txt`);
    assert.equal(l.status, 0, `lftp failed after apply:\n${l.stderr.slice(-2000)}`);
    assert.match(l.stdout, /served-by-be[12]\.txt/);
    assert.match(l.stderr, /227 Entering Passive Mode \(10,99,0,100,/);
    assert.equal(readFileSync(join(lab.dir, 'download.txt'), 'utf8'), readFileSync(upload, 'utf8'));

    const p = probe(['--count', '20', '--round-trip', '--expect-address', VIP]);
    assert.deepEqual(codes(p.report), []);
    assert.equal(p.status, 0);
    assert.equal(p.report.attempts.length, 20);
  });

  test('certificate: an untrusted chain and a name outside CN/SAN are each diagnosed, and no password is sent', () => {
    const untrusted = probe([], { ca: false });
    assert.equal(untrusted.status, 2);
    assert.deepEqual(codes(untrusted.report), ['CERT_UNTRUSTED']);
    const wrongName = probe(['--servername', 'files.example.test']);
    assert.equal(wrongName.status, 2);
    assert.deepEqual(codes(wrongName.report), ['CERT_NAME_MISMATCH']);
    const byName = probe(['--servername', VIP_NAME]);
    assert.equal(byName.status, 0, String(codes(byName.report)));
  });

  test('explicit FTPS (AUTH TLS on 21) straight to a backend: the guide\'s "direct connection works"', async () => {
    const be1 = lab.backends[0]!;
    await lab.startExplicit(be1);
    const r = lab.probeDirect(be1, ['--explicit', '--servername', VIP_NAME, '--expect-range', RANGE, '--format', 'json']);
    const report = JSON.parse(r.stdout) as ProbeJson & { target: { port: number; tls: string } };
    assert.deepEqual(codes(report), []);
    assert.equal(r.status, 0);
    assert.deepEqual([report.target.port, report.target.tls], [21, 'explicit']);
    // Implicit TLS against the explicit port: the server greets in plain text, the handshake fails.
    const wrongMode = lab.probeDirect(be1, ['--port', '21', '--servername', VIP_NAME, '--format', 'json']);
    assert.equal(wrongMode.status, 2);
    assert.deepEqual(codes(JSON.parse(wrongMode.stdout) as ProbeJson), ['TLS_HANDSHAKE_FAILED']);
  });

  test('load balancer without the passive range: probe diagnoses the data port as not forwarded', async () => {
    await lab.haproxy.start(breakLbConfig(lb.config, 'no-passive-range'), '990');
    assert.notEqual(lab.lftp('ls').status, 0);
    const p = probe([]);
    assert.equal(p.status, 2);
    assert.deepEqual(codes(p.report), ['DATA_PORT_UNREACHABLE']);
  });

  test('load balancer without persistence: probe --count 10 reports data connections reaching another backend, intermittently', async () => {
    await lab.haproxy.start(breakLbConfig(lb.config, 'no-persistence'), '990');
    // A data connection nobody answers costs a whole --timeout: keep it short, the lab answers in milliseconds.
    const p = probe(['--count', '10'], { timeoutSeconds: 1 });
    assert.equal(p.status, 2);
    const f = p.report.findings.find((x) => x.code === 'DATA_WRONG_BACKEND');
    assert.ok(f, `no DATA_WRONG_BACKEND in ${codes(p.report)}`);
    assert.equal(f.intermittent, true, `${f.occurrences} of ${f.of}`);
    assert.deepEqual(codes(p.report), ['DATA_WRONG_BACKEND']);
    await lab.haproxy.start(breakLbConfig(lb.config, 'healthy'), '990');
  });
});
