/** The hook contract, against a real hook process (a small shell script that records its calls). */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookDriver, splitCommandLine } from '../../../src/rollout/lb-hook.js';
import { LoadBalancerError } from '../../../src/rollout/load-balancer.js';

let dir: string;
let hook: string;
const driver = (mode: string, timeoutMs = 10_000) =>
  new HookDriver([hook, mode], (server) => ({ web1: '10.0.1.11' })[server as 'web1'], { ...process.env }, timeoutMs);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ftps-hook-'));
  hook = join(dir, 'hook.sh');
  // $1 is the test's mode; the contract's arguments follow: action, server, address.
  writeFileSync(hook, `#!/bin/sh
mode=$1; shift
echo "$* | $FTPS_ROLLOUT_ACTION $FTPS_ROLLOUT_SERVER $FTPS_ROLLOUT_ADDRESS" >> "${join('$HOOK_DIR', 'calls.txt')}"
case "$mode" in
  ok) [ "$1" = sessions ] && echo 4; exit 0 ;;
  cannot) exit 3 ;;
  garbage) echo "lots"; exit 0 ;;
  fail) echo "pool member not found" >&2; exit 1 ;;
  slow) sleep 5 ;;
esac
`.replace('$HOOK_DIR', dir));
  chmodSync(hook, 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('load-balancer hook', () => {
  test('drain, ready and sessions call the hook with action, server and address (arguments and environment)', async () => {
    const d = driver('ok');
    await d.drain('web1');
    await d.ready('web1');
    assert.deepEqual(await d.sessions('web1'), { total: 4, detail: 'hook: 4 session(s)' });
    assert.deepEqual(readFileSync(join(dir, 'calls.txt'), 'utf8').trim().split('\n'), [
      'drain web1 10.0.1.11 | drain web1 10.0.1.11',
      'ready web1 10.0.1.11 | ready web1 10.0.1.11',
      'sessions web1 10.0.1.11 | sessions web1 10.0.1.11',
    ]);
  });

  test('exit 3 from sessions: the load balancer cannot tell (null); from drain it is a failure', async () => {
    assert.equal(await driver('cannot').sessions('web1'), null);
    await assert.rejects(driver('cannot').drain('web1'), (e: Error) => e instanceof LoadBalancerError && /failed "drain web1" \(exit 3\)/.test(e.message));
  });

  test('a failure carries the hook\'s own words; a count that is not a number is refused; a hung hook is killed', async () => {
    await assert.rejects(driver('fail').drain('web1'), /exit 1\): pool member not found/);
    await assert.rejects(driver('garbage').sessions('web1'), /printed "lots", not a number of sessions/);
    await assert.rejects(driver('slow', 300).drain('web1'), /did not finish "drain web1" within 0.3 s/);
  });

  test('the command line is split without a shell, quotes keep a part together', () => {
    assert.deepEqual(splitCommandLine('pwsh -File "C:\\LB hooks\\f5.ps1" -Pool \'ftp pool\''), ['pwsh', '-File', 'C:\\LB hooks\\f5.ps1', '-Pool', 'ftp pool']);
  });
});
