/**
 * `ftps-enforcer rollout` as a process, with a real hook process as the load balancer (a shell script that
 * records its calls): the dry run, the checks before the first drain, and a stop at the first step. The full
 * flow over HAProxy and SSH remoting is test/e2e/rollout/rollout.test.ts.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/run-cli.js';
import { findPwsh } from '../../support/pwsh.js';

let dir: string;
let desired: string;
const hook = (mode: string) => `${join(dir, 'hook.sh')} ${mode}`;
const calls = () => (existsSync(join(dir, 'calls.txt')) ? readFileSync(join(dir, 'calls.txt'), 'utf8').trim().split('\n') : []);
const base = () => ['rollout', '--backend', 'web1=10.0.1.11,web2=10.0.1.12', '--desired', desired, '--probe-user', 'ftpcheck', '--powershell', findPwsh(), '--transport', 'ssh'];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollout-cli-'));
  desired = join(dir, 'desired.json');
  writeFileSync(desired, JSON.stringify({ externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 }));
  writeFileSync(join(dir, 'hook.sh'), `#!/bin/sh
mode=$1; shift
echo "$*\${FTPS_PROBE_PASSWORD:+ (saw the probe password)}" >> ${join(dir, 'calls.txt')}
case "$mode:$1:$2" in
  unknown-web2:sessions:web2) echo "no pool member web2" >&2; exit 1 ;;
  refuse-drain:drain:*) echo "403 Forbidden" >&2; exit 1 ;;
  *:sessions:*) echo 0 ;;
esac
exit 0
`);
  chmodSync(join(dir, 'hook.sh'), 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('ftps-enforcer rollout (the built CLI)', () => {
  test('--dry-run prints the plan and calls nothing; --format json holds the plan', () => {
    const r = runCli([...base(), '--lb-hook', hook('ok'), '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Rollout plan \(dry run: nothing is touched\)/);
    assert.match(r.stdout, /web1 6\. check-vip +probe through the VIP 203\.0\.113\.10/);
    assert.deepEqual(calls(), []);
    const j = runCli([...base(), '--lb-hook', hook('ok'), '--dry-run', '--format', 'json']);
    const doc = JSON.parse(j.stdout);
    assert.deepEqual([doc.kind, doc.result, doc.plan.waves.length, doc.steps.length], ['ftps-enforcer/rollout-report', 'planned', 2, 0]);
  });

  test('every server must be known to the load balancer before the first drain', () => {
    const r = runCli([...base(), '--lb-hook', hook('unknown-web2')], { env: { FTPS_PROBE_PASSWORD: 'x' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /failed "sessions web2" \(exit 1\): no pool member web2/);
    assert.deepEqual(calls().slice(-2), ['sessions web1 10.0.1.11', 'sessions web2 10.0.1.12']);
    assert.ok(!calls().some((c) => c.startsWith('drain')));
  });

  test('a drain the load balancer refuses stops the rollout at once: exit 1, web2 untouched, what to do', () => {
    const before = calls().length;
    const r = runCli([...base(), '--lb-hook', hook('refuse-drain'), '--format', 'json'], { env: { FTPS_PROBE_PASSWORD: 'x' } });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.result, 'stopped');
    assert.deepEqual(doc.backends, [{ name: 'web1', state: 'left-drained' }, { name: 'web2', state: 'untouched' }]);
    assert.equal(doc.stop.step, 'drain');
    assert.match(doc.stop.reason, /403 Forbidden/);
    assert.match(r.stderr, /Rollout stopped at drain on web1/);
    assert.deepEqual(calls().slice(before), ['sessions web1 10.0.1.11', 'sessions web2 10.0.1.12', 'drain web1 10.0.1.11']);
  });

  test('bad input: one sentence naming the option', () => {
    const none = runCli([...base(), '--dry-run']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Say how to drain backends: --haproxy-socket PATH .* or --lb-hook "COMMAND"/);
    const all = runCli([...base(), '--lb-hook', hook('ok'), '--parallel', '2', '--dry-run']);
    assert.equal(all.code, 1);
    assert.match(all.stderr, /--parallel 2 would take all 2 backends out of service at once/);
  });
});
