import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parsePortRange, checkExpectAddress } from '../../../src/probe/probe-options.js';
import { resolvePassword } from '../../../src/probe/credentials.js';
import { probeOptions } from '../../../src/probe/run-probe.js';
import { renderProbeReport } from '../../../src/probe/render-probe.js';
import type { ProbeReport } from '../../../src/probe/probe-report.js';
import { UserError } from '../../../src/core/errors.js';

describe('probe options', () => {
  test('port ranges', () => {
    assert.deepEqual(parsePortRange('50000-50099'), { low: 50000, high: 50099 });
    assert.deepEqual(parsePortRange(' 50000 - 50099 '), { low: 50000, high: 50099 });
    for (const bad of ['50099-50000', '0-10', '1-70000', '50000', 'a-b']) assert.throws(() => parsePortRange(bad), UserError, bad);
  });
  test('--expect-address must be IPv4', () => {
    assert.equal(checkExpectAddress('203.0.113.10'), '203.0.113.10');
    assert.throws(() => checkExpectAddress('ftp.example.com'), /not an IPv4 address/);
  });
  test('the password comes from the environment or a file, never argv', () => {
    assert.equal(resolvePassword({}, { FTPS_PROBE_PASSWORD: 's3cret' }, '/'), 's3cret');
    assert.equal(resolvePassword({ passwordEnv: 'MY_PW' }, { MY_PW: 'x y' }, '/'), 'x y');
    const dir = mkdtempSync(join(tmpdir(), 'probe-'));
    writeFileSync(join(dir, 'pw'), 'from-file\n');
    assert.equal(resolvePassword({ passwordFile: 'pw' }, {}, dir), 'from-file');
    assert.throws(() => resolvePassword({}, {}, '/'), /set the environment variable FTPS_PROBE_PASSWORD/);
    assert.throws(() => resolvePassword({ passwordFile: 'missing' }, {}, dir), /Could not read the password file .*check --password-file\./);
    // rollout's check reads it through its own --probe-* options, and the sentence names those.
    const rollout = { env: '--probe-password-env', file: '--probe-password-file' };
    assert.throws(() => resolvePassword({}, {}, '/', rollout), /name another with --probe-password-env, or use --probe-password-file FILE/);
    assert.throws(() => resolvePassword({ passwordFile: 'missing' }, {}, dir, rollout), /check --probe-password-file\./);
  });
  test('defaults: Implicit TLS on 990, explicit on 21; --count and --timeout are checked', () => {
    const base = { vip: 'vip', user: 'u', explicit: false, insecure: false, roundTrip: false, count: 1, timeout: 10, format: 'text' as const };
    const env = { env: { FTPS_PROBE_PASSWORD: 'p' }, cwd: '/' };
    assert.deepEqual([probeOptions(base, env).port, probeOptions(base, env).tls], [990, 'implicit']);
    assert.deepEqual([probeOptions({ ...base, explicit: true }, env).port, probeOptions({ ...base, explicit: true }, env).tls], [21, 'explicit']);
    assert.equal(probeOptions(base, env).servername, 'vip');
    assert.throws(() => probeOptions({ ...base, count: 0 }, env), /--count 0/);
    assert.throws(() => probeOptions({ ...base, timeout: 0 }, env), /--timeout 0/);
    assert.throws(() => probeOptions({ ...base, ca: '/nonexistent.pem' }, env), /Could not read the CA file/);
  });
});

const report: ProbeReport = {
  command: 'probe',
  target: { host: '203.0.113.10', port: 990, tls: 'implicit', servername: '203.0.113.10', user: 'probe', count: 2, roundTrip: false, expectRange: { low: 50000, high: 50099 } },
  insecure: false,
  startedAt: '2026-11-25T00:00:00.000Z',
  finishedAt: '2026-11-25T00:00:01.000Z',
  checks: [
    { check: 'control', passed: 2, failed: 0, warned: 0, skipped: 0 },
    { check: 'pasv-address', passed: 0, failed: 2, warned: 0, skipped: 0 },
  ],
  findings: [
    { code: 'PASV_ADDRESS_BACKEND', severity: 'error', checks: ['pasv-address'], occurrences: 2, of: 2, intermittent: false, problem: 'PASV response IP mismatch <&>', evidence: '227 (10,0,1,11,195,80)', fix: 'Set externalIp4Address' },
  ],
  attempts: [],
  ok: false,
};

describe('probe report formats', () => {
  test('text names the finding, the evidence and the fix', () => {
    const t = renderProbeReport(report, 'text');
    assert.match(t, /ERROR PASV_ADDRESS_BACKEND \(2\/2 connections\)/);
    assert.match(t, /fix: Set externalIp4Address/);
    assert.match(t, /PROBLEMS FOUND: 1 \(exit 2\)/);
  });
  test('json round-trips', () => assert.deepEqual(JSON.parse(renderProbeReport(report, 'json')), report));
  test('markdown has the checks and findings tables', () => {
    const m = renderProbeReport(report, 'markdown');
    assert.match(m, /\| pasv-address \| 0 \| 2 \| 0 \| 0 \|/);
    assert.match(m, /`PASV_ADDRESS_BACKEND`/);
  });
  test('junit is well-formed XML with one failing test case per failing check', () => {
    const x = renderProbeReport(report, 'junit');
    assert.match(x, /<testsuites name="ftps-enforcer probe" tests="2" failures="1">/);
    assert.match(x, /<failure type="PASV_ADDRESS_BACKEND" message="PASV response IP mismatch &lt;&amp;&gt;">/);
    const dir = mkdtempSync(join(tmpdir(), 'probe-'));
    writeFileSync(join(dir, 'r.xml'), x);
    // xmllint comes with libxml2-utils, which .ci/run installs.
    execFileSync('xmllint', ['--noout', join(dir, 'r.xml')]);
  });
});
