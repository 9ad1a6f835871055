/**
 * Issue 18 in the lab: `ftps-enforcer rollout` fixes two backends behind the
 * VIP while clients transfer 1 MB files through it, with 0 failed transfers;
 * the negative control (apply on both at once, as two scheduled tasks would)
 * fails transfers. Real HAProxy (runtime API on its admin socket), real
 * PowerShell remoting over SSH into each backend's namespace (no invoker
 * seam), the product's probe. Needs root, sshd (openssh-server), vsftpd,
 * haproxy, lftp, openssl, iproute2 and pwsh: it fails (never skips) without them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPwsh } from '../../support/pwsh.js';
import { checkLabPrerequisites } from '../lab/prereqs.js';
import { describeTally, DRIFTED_HIGH_PORT, LOAD_CLIENTS, RolloutLab } from './rollout-lab.js';
import { PASSIVE } from '../lab/lab.js';
import { VIP } from '../lab/topology.js';
import { haproxyCommand, parseShowStat } from '../../../src/rollout/haproxy-runtime.js';
import type { TransferLoad, TransferTally } from '../lab/transfer-load.js';
import type { RolloutReport } from '../../../src/rollout/step-log.js';

/** Waits until the clients have made `n` transfers (so the load is really running), at most 60 s. */
async function warmUp(load: TransferLoad, n: number): Promise<void> {
  for (let i = 0; i < 600 && load.tally.transfers < n; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(load.tally.transfers >= n, `the clients made only ${load.tally.transfers} transfers in 60 s`);
}

describe('lab: rolling a fix across the backends while clients transfer', { timeout: 900_000 }, () => {
  let r: RolloutLab;
  const counts: { rollout?: TransferTally; control?: TransferTally } = {};

  before(async () => {
    checkLabPrerequisites();
    if (!existsSync('/usr/sbin/sshd')) throw new Error('The rollout lab cannot run: missing sshd (apt-get install -y openssh-server, with a policy-rc.d that stops it from starting, as .ci/run does).');
    findPwsh();
    r = await RolloutLab.create();
  });

  after(async () => {
    if (counts.rollout || counts.control) {
      // The two numbers the README quotes.
      console.log(`\n${describeTally('rollout (one backend at a time, drained first)', counts.rollout ?? { transfers: 0, failed: 0, failures: [] })}`);
      console.log(describeTally('negative control (apply on both at once)', counts.control ?? { transfers: 0, failed: 0, failures: [] }));
    }
    await r?.destroy();
  });

  // The state a drain sets, without the health check's progress: "UP 1/3" (one check failed while the machine
  // was busy) is still UP, and a drained server reads "DRAIN" whatever its checks say.
  const servers = async () => parseShowStat(await haproxyCommand(r.socket, 'show stat')).map((s) => `${s.proxy}/${s.server} ${s.status.split(' ')[0]}`);
  const ALL_UP = ['ftps_control/be1 UP', 'ftps_control/be2 UP', 'ftps_passive/be1 UP', 'ftps_passive/be2 UP'];

  test('the backends start on 50000-50049 (inside what the load balancer forwards), advertising the VIP', () => {
    for (const b of r.lab.backends) assert.deepEqual(r.passive(b), { pasvAddress: VIP, addressFrom: 'siteDefaults', minPort: PASSIVE.low, maxPort: DRIFTED_HIGH_PORT });
  });

  test('--dry-run prints the plan (order, drains, checks) and touches nothing', async () => {
    const res = await r.rollout(['--dry-run']);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Wave 1: be1\n {2}be1 1\. drain/);
    assert.match(res.stdout, /Wave 2: be2/);
    assert.match(res.stdout, /be2 4\. check +probe through the VIP 10\.99\.0\.100, the load balancer sending the probe to be2/);
    assert.deepEqual(await servers(), ALL_UP);
    for (const b of r.lab.backends) assert.equal(r.passive(b).maxPort, DRIFTED_HIGH_PORT);
  });

  test('the first failure stops the rollout: be1 stays drained, be2 is untouched, exit 1 with what to do', async () => {
    // An agent that fails on the backend (reached over SSH, then exits 1).
    const res = await r.rollout([], '/bin/false');
    assert.equal(res.status, 1, `${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /✗ be1 +apply .*exited 1/);
    assert.match(res.stdout, /What to do: The apply on be1 failed and be1 is left drained/);
    assert.doesNotMatch(res.stdout, /be2 +drain/);
    assert.deepEqual(await servers(), ['ftps_control/be1 DRAIN', 'ftps_control/be2 UP', 'ftps_passive/be1 DRAIN', 'ftps_passive/be2 UP']);
    for (const b of r.lab.backends) assert.equal(r.passive(b).maxPort, DRIFTED_HIGH_PORT);
    for (const cmd of ['set server ftps_control/be1 state ready', 'set server ftps_passive/be1 state ready']) assert.equal((await haproxyCommand(r.socket, cmd)).trim(), '');
  });

  test(`rollout while ${LOAD_CLIENTS.length} clients transfer 1 MB files through the VIP: both backends fixed, 0 failed transfers`, async () => {
    const load = r.load(600_000);
    load.start(LOAD_CLIENTS);
    let res;
    try {
      await warmUp(load, LOAD_CLIENTS.length);
      res = await r.rollout(['--format', 'json', '--output', join(r.lab.dir, 'rollout-report.json')]);
    } finally {
      counts.rollout = await load.stop();
    }
    assert.equal(res.status, 0, `rollout exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
    const report = JSON.parse(readFileSync(join(r.lab.dir, 'rollout-report.json'), 'utf8')) as RolloutReport;
    // A failed transfer is lined up with the rollout's steps by time.
    const steps = report.steps.map((s) => `    ${s.backend} ${s.step} ${s.startedAt.slice(11, 23)}-${s.finishedAt.slice(11, 23)} ${s.outcome}: ${s.detail}`).join('\n');
    assert.equal(counts.rollout.failed, 0, `${describeTally('rollout', counts.rollout)}\n  the rollout's steps:\n${steps}`);
    assert.ok(counts.rollout.transfers >= 2 * LOAD_CLIENTS.length, describeTally('rollout', counts.rollout));
    for (const b of r.lab.backends) assert.deepEqual(r.passive(b), { pasvAddress: VIP, addressFrom: 'siteDefaults', minPort: PASSIVE.low, maxPort: PASSIVE.high });
    assert.deepEqual(await servers(), ALL_UP);

    assert.equal(report.result, 'completed');
    assert.deepEqual(report.steps.map((s) => `${s.backend} ${s.step} ${s.outcome}`), ['be1', 'be2'].flatMap((b) => ['drain', 'wait-sessions', 'apply', 'check', 'ready'].map((k) => `${b} ${k} ok`)));
    for (const s of report.steps) assert.ok(Date.parse(s.startedAt) <= Date.parse(s.finishedAt), `${s.backend} ${s.step}`);
    // The FTP service's own count was asked over the same SSH remoting (the script shipped with -FilePath and
    // ran in the backend's namespace); a Linux backend has no IIS to answer, so the load balancer's count decided.
    for (const s of report.steps.filter((x) => x.step === 'wait-sessions')) assert.match(s.detail, /the FTP service's own count could not be read \(this backend is not Windows/, JSON.stringify(s));
    // The probe went through the VIP and landed on the backend it checked (HAProxy counted its connections there).
    for (const s of report.steps.filter((x) => x.step === 'check')) assert.equal(s.facts?.landedOnServer, 2, JSON.stringify(s));
  });

  test('negative control: apply on both backends at once while the clients transfer: transfers fail', async () => {
    await r.resetToDrift();
    const load = r.load(600_000);
    load.start(LOAD_CLIENTS);
    let applies;
    try {
      await warmUp(load, LOAD_CLIENTS.length);
      applies = await r.applyAllAtOnce();
      const settled = load.tally.transfers;
      await warmUp(load, settled + LOAD_CLIENTS.length);
    } finally {
      counts.control = await load.stop();
    }
    for (const a of applies) assert.equal(a.status, 0, a.stderr);
    for (const b of r.lab.backends) assert.equal(r.passive(b).maxPort, PASSIVE.high);
    assert.ok(counts.control.failed > 0, describeTally('negative control', counts.control));
  });
});
