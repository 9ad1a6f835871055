/**
 * The rollout's flow against recording fakes of its own three interfaces (load balancer, remoting, probe):
 * the real ones are exercised in test/e2e/rollout (HAProxy, SSH remoting, the probe) and lb-hook.test.ts.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { executeRollout, type RolloutSettings } from '../../../src/rollout/execute-rollout.js';
import { planRollout, withRemoteHosts, type CheckRoute } from '../../../src/rollout/rollout-plan.js';
import type { LoadBalancerDriver, ProbePin, SessionCount } from '../../../src/rollout/load-balancer.js';
import type { FtpServiceSessions, RemoteInvoker, RemoteResult } from '../../../src/rollout/remoting.js';
import type { AttemptResult, CheckOutcome, ProbeCheckName } from '../../../src/probe/probe-result.js';
import type { ProbeOptions } from '../../../src/probe/probe-options.js';
import { TEST_NOW } from '../../support/clock.js';

const backends = withRemoteHosts(['web1', 'web2', 'web3'].map((name, i) => ({ name, address: `10.0.1.1${i + 1}` })), []);
const CHECKS: ProbeCheckName[] = ['control', 'certificate-chain', 'certificate-name', 'login', 'pasv-address', 'pasv-port', 'pasv-data', 'epsv-port', 'epsv-data'];

function attempt(n: number, fail: Partial<Record<ProbeCheckName, CheckOutcome['code']>> = {}): AttemptResult {
  return {
    n,
    controlAddress: '203.0.113.10',
    checks: CHECKS.map((check) => (fail[check] ? { check, status: 'fail', code: fail[check], detail: `${check} failed`, facts: { port: 49200, low: 50000, high: 50099 } } : { check, status: 'pass', detail: 'ok' })),
    durationMs: 5,
  };
}

class FakeLb implements LoadBalancerDriver {
  readonly description = 'fake';
  readonly calls: string[] = [];
  sessionsLeft = new Map<string, number[]>();
  /** Connections the "load balancer" counts per server; a pinned probe adds to it unless `misroute`. */
  served = new Map<string, number>();
  misroute = false;
  canCount = true;
  async drain(s: string) {
    this.calls.push(`drain ${s}`);
  }
  async ready(s: string) {
    this.calls.push(`ready ${s}`);
  }
  async sessions(s: string): Promise<SessionCount | null> {
    if (!this.canCount) return null;
    const left = this.sessionsLeft.get(s) ?? [0];
    const n = left.length > 1 ? left.shift()! : left[0]!;
    return { total: n, detail: `${n} left` };
  }
  /** Clients whose stick entry still names the server, per look (the last one repeats). */
  pointing = new Map<string, number[]>();
  async releaseIdleClients(s: string) {
    this.calls.push(`release ${s}`);
    const left = this.pointing.get(s) ?? [0];
    return { released: 1, remaining: left.length > 1 ? left.shift()! : left[0]! };
  }
  async pinProbe(s: string, source: string): Promise<ProbePin> {
    this.calls.push(`pin ${s} ${source}`);
    const before = this.served.get(s) ?? 0;
    return {
      servedBefore: before,
      served: async () => (this.misroute ? before : before + 2),
      release: async () => void this.calls.push(`unpin ${s}`),
    };
  }
}

/** The FTP service's answers for a backend, one per question (the last one repeats). */
type ServiceAnswers = Record<string, FtpServiceSessions[]>;

function setup(o: { route?: CheckRoute; remote?: Record<string, RemoteResult>; probe?: (opts: ProbeOptions) => AttemptResult[]; settings?: Partial<RolloutSettings>; service?: ServiceAnswers } = {}) {
  const lb = new FakeLb();
  const remoteCalls: string[] = [];
  const remote: RemoteInvoker = {
    description: 'fake remoting',
    run: async (b, action) => {
      remoteCalls.push(`${action} ${b.remoteHost}`);
      return o.remote?.[b.name] ?? { reached: true, exitCode: 0, stdout: '{"changes":[1,2],"apply":{"status":"applied","backupName":"ftps-enforcer-20261126T000000Z-abc123","restart":{"performed":true}}}', stderr: '' };
    },
    ...(o.service
      ? {
          ftpSessions: async (b) => {
            remoteCalls.push(`ftp-sessions ${b.remoteHost}`);
            const left = o.service![b.name] ?? [{ readable: true, total: 0, sites: [] }];
            return left.length > 1 ? left.shift()! : left[0]!;
          },
        }
      : {}),
  };
  const probed: string[] = [];
  let now = TEST_NOW.getTime();
  const slept: number[] = [];
  const settings: RolloutSettings = {
    drainTimeoutMs: 10_000,
    onDrainTimeout: 'stop',
    pollMs: 1000,
    probe: { host: '203.0.113.10', port: 990, tls: 'implicit', user: 'probe', password: 'x', servername: 'ftp.example.test', insecure: false, expectAddress: '203.0.113.10', roundTrip: false, count: 2, timeoutMs: 1000 },
    probeSource: '192.0.2.5',
    ...o.settings,
  };
  const fx = {
    lb,
    remote,
    probe: async (opts: ProbeOptions) => {
      probed.push(opts.host);
      return o.probe ? o.probe(opts) : [attempt(1), attempt(2)];
    },
    now: () => new Date(now),
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
  const plan = planRollout({ backends, parallel: 1, sharedConfig: false, checkRoute: o.route ?? 'pinned-vip' });
  return { lb, remoteCalls, probed, slept, run: () => executeRollout(plan, settings, fx) };
}

describe('executing a rollout', () => {
  test('every backend in turn: drain, wait, apply, pinned check through the VIP, ready; every step recorded with its times', async () => {
    const s = setup();
    const r = await s.run();
    assert.equal(r.stop, undefined);
    assert.deepEqual(r.backends, backends.map((b) => ({ name: b.name, state: 'done' })));
    assert.deepEqual(s.lb.calls.slice(0, 6), ['drain web1', 'release web1', 'pin web1 192.0.2.5', 'unpin web1', 'ready web1', 'drain web2']);
    assert.deepEqual(s.remoteCalls, ['apply 10.0.1.11', 'apply 10.0.1.12', 'apply 10.0.1.13']);
    assert.deepEqual(s.probed, ['203.0.113.10', '203.0.113.10', '203.0.113.10']);
    assert.equal(r.steps.length, 15);
    assert.ok(r.steps.every((st) => st.outcome === 'ok' && st.startedAt <= st.finishedAt && st.startedAt.startsWith('2026-11-26')));
    assert.deepEqual(r.steps.find((st) => st.step === 'apply')!.facts, { agentExitCode: 0, changes: 2, outcome: 'applied', restarted: true, backup: 'ftps-enforcer-20261126T000000Z-abc123' });
  });

  test('the first failure stops the rollout: that backend stays drained, the next is untouched, with what to do', async () => {
    const s = setup({ remote: { web2: { reached: true, exitCode: 1, stdout: '', stderr: 'error: WebAdministration could not commit' } } });
    const r = await s.run();
    assert.deepEqual(r.backends, [
      { name: 'web1', state: 'done' },
      { name: 'web2', state: 'left-drained' },
      { name: 'web3', state: 'untouched' },
    ]);
    assert.ok(!s.lb.calls.includes('ready web2'), 'web2 was put back after a failed apply');
    assert.ok(!s.lb.calls.some((c) => c.endsWith('web3')), `web3 was touched: ${s.lb.calls}`);
    assert.equal(r.stop?.step, 'apply');
    assert.match(r.stop!.reason, /exited 1: error: WebAdministration could not commit/);
    assert.match(r.stop!.advice, /web2 is left drained/);
  });

  test('a backend that cannot be reached stops the rollout the same way', async () => {
    const r = await setup({ remote: { web1: { reached: false, error: 'ssh: connect to host 10.0.1.11 port 22: Connection refused' } } }).run();
    assert.deepEqual(r.backends.map((b) => b.state), ['left-drained', 'untouched', 'untouched']);
    assert.match(r.stop!.reason, /10\.0\.1\.11: ssh: connect to host/);
  });

  test('sessions that do not end: stop at the drain timeout (default), or go on with --on-drain-timeout proceed', async () => {
    const stopping = setup();
    stopping.lb.sessionsLeft.set('web1', [3]);
    const r = await stopping.run();
    assert.equal(r.stop?.step, 'wait-sessions');
    assert.equal(r.steps.at(-1)!.outcome, 'timed-out');
    assert.deepEqual(stopping.remoteCalls, []);
    assert.ok(stopping.slept.length >= 10 && stopping.slept.every((ms) => ms === 1000), String(stopping.slept));

    const going = setup({ settings: { onDrainTimeout: 'proceed' } });
    going.lb.sessionsLeft.set('web1', [3]);
    const g = await going.run();
    assert.equal(g.stop, undefined);
    assert.equal(g.steps.find((st) => st.step === 'wait-sessions')!.outcome, 'timed-out');
    assert.equal(going.remoteCalls.length, 3);
  });

  test('sessions end while waiting: idle clients are released on every look', async () => {
    const s = setup();
    s.lb.sessionsLeft.set('web1', [2, 1, 0]);
    const r = await s.run();
    const wait = r.steps.find((st) => st.step === 'wait-sessions' && st.backend === 'web1')!;
    assert.equal(wait.outcome, 'ok');
    assert.equal(wait.facts?.releasedClients, 3);
    assert.deepEqual(s.slept.slice(0, 2), [1000, 1000]);
  });

  test('no sessions, but a client still pinned to the server (its session ended after the release): wait for one more look', async () => {
    const s = setup();
    s.lb.pointing.set('web1', [1, 0]);
    const r = await s.run();
    const wait = r.steps.find((st) => st.step === 'wait-sessions' && st.backend === 'web1')!;
    assert.equal(wait.outcome, 'ok');
    assert.deepEqual(s.lb.calls.slice(0, 3), ['drain web1', 'release web1', 'release web1']);
    assert.equal(s.slept[0], 1000);
  });

  test('a load balancer that cannot count sessions: the whole drain timeout is waited', async () => {
    const s = setup({ route: 'direct-then-vip' });
    s.lb.canCount = false;
    await s.run();
    assert.deepEqual(s.slept, [10_000, 10_000, 10_000]);
  });

  test('a pinned probe that did not land on the backend fails the check (and the pin is released)', async () => {
    const s = setup();
    s.lb.misroute = true;
    const r = await s.run();
    assert.equal(r.stop?.step, 'check');
    assert.match(r.stop!.reason, /did not land on web1 \(0 of 2/);
    assert.ok(s.lb.calls.includes('unpin web1'));
    assert.equal(r.backends[0]!.state, 'left-drained');
  });

  test('a failing probe through the VIP fails the check with the probe\'s code', async () => {
    const r = await setup({ probe: () => [attempt(1, { 'pasv-port': 'PASSIVE_PORT_OUT_OF_RANGE' })] }).run();
    assert.equal(r.stop?.step, 'check');
    assert.match(r.stop!.reason, /PASSIVE_PORT_OUT_OF_RANGE/);
  });

  test('direct route: the PASV data connection is left to the VIP check; a VIP check failure takes the backend out again', async () => {
    const s = setup({
      route: 'direct-then-vip',
      probe: (opts) => (opts.host === '203.0.113.10' ? [attempt(1, { 'epsv-data': 'DATA_TLS_FAILED' })] : [attempt(1, { 'pasv-data': 'DATA_WRONG_BACKEND' })]),
    });
    const r = await s.run();
    assert.deepEqual(s.probed, ['10.0.1.11', '203.0.113.10']);
    const check = r.steps.find((st) => st.step === 'check')!;
    assert.equal(check.outcome, 'ok');
    assert.match(check.detail, /DATA_WRONG_BACKEND\) is left to the VIP check/);
    assert.equal(r.stop?.step, 'check-vip');
    assert.deepEqual(s.lb.calls, ['drain web1', 'release web1', 'ready web1', 'drain web1']);
    assert.equal(r.backends[0]!.state, 'left-drained');
  });
});

describe("waiting for a drained backend: the FTP service's own sessions", () => {
  const site = (name: string, sessions: number): FtpServiceSessions => ({ readable: true, total: sessions, sites: [{ name, sessions }] });

  test('asked only once the load balancer has none; the wait goes on while the service still has sessions', async () => {
    const s = setup({ service: { web1: [site('FTPS Site', 2), site('FTPS Site', 0)] } });
    s.lb.sessionsLeft.set('web1', [3, 0]);
    const r = await s.run();
    assert.equal(r.stop, undefined);
    // First look: 3 through the load balancer (service not asked); then 0 there but 2 on the service; then 0 and 0.
    assert.deepEqual(s.remoteCalls.filter((c) => c.endsWith('10.0.1.11')), ['ftp-sessions 10.0.1.11', 'ftp-sessions 10.0.1.11', 'apply 10.0.1.11']);
    const wait = r.steps.find((x) => x.backend === 'web1' && x.step === 'wait-sessions')!;
    assert.equal(wait.outcome, 'ok');
    assert.match(wait.detail, /no sessions left after 2\.0 s \(0 left; the FTP service has none either\)/);
    assert.deepEqual(wait.facts, { sessionsLeft: 0, ftpServiceSessions: 0, waitedMs: 2000, releasedClients: 3 });
  });

  test('sessions only the service sees (clients connected directly) time the drain out, naming the site; the rollout stops there', async () => {
    const s = setup({ service: { web1: [site('FTPS Site', 1)] } });
    const r = await s.run();
    assert.equal(r.stop?.backend, 'web1');
    assert.equal(r.stop?.step, 'wait-sessions');
    const wait = r.steps.find((x) => x.step === 'wait-sessions')!;
    assert.equal(wait.outcome, 'timed-out');
    assert.match(wait.detail, /^1 session\(s\) still open on the FTP service \(FTPS Site: 1\), none of them through the load balancer: clients connected to web1 directly after 10 s/);
    assert.equal(wait.facts?.ftpServiceSessions, 1);
    assert.ok(!s.remoteCalls.includes('apply 10.0.1.11'));
  });

  test('a service that cannot be asked is asked once, said so, and the load balancer alone decides', async () => {
    const s = setup({ service: { web1: [{ readable: false, why: 'this backend is not Windows' }] } });
    s.lb.sessionsLeft.set('web1', [0]);
    const r = await s.run();
    assert.equal(r.stop, undefined);
    assert.equal(s.remoteCalls.filter((c) => c === 'ftp-sessions 10.0.1.11').length, 1);
    const wait = r.steps.find((x) => x.backend === 'web1' && x.step === 'wait-sessions')!;
    assert.match(wait.detail, /the FTP service's own count could not be read \(this backend is not Windows\)/);
    assert.equal(wait.facts?.ftpServiceSessions, null);
  });

  test('a load balancer that cannot count: the service decides, without sitting out the whole drain timeout', async () => {
    const s = setup({ service: { web1: [site('FTPS Site', 1), site('FTPS Site', 0)] } });
    s.lb.canCount = false;
    const r = await s.run();
    assert.equal(r.stop, undefined);
    const wait = r.steps.find((x) => x.backend === 'web1' && x.step === 'wait-sessions')!;
    assert.match(wait.detail, /the load balancer cannot count; the FTP service has none either/);
    assert.equal(wait.facts?.waitedMs, 1000);
  });
});
