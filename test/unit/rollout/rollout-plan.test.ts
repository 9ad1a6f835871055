import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { planRollout, withRemoteHosts } from '../../../src/rollout/rollout-plan.js';
import { UserError } from '../../../src/core/errors.js';

const backends = withRemoteHosts(
  [
    { name: 'web1', address: '10.0.1.11' },
    { name: 'web2', address: '10.0.1.12' },
    { name: 'web3', address: '10.0.1.13' },
  ],
  ['web2=web2.corp.example'],
);
const names = (waves: ReturnType<typeof planRollout>['waves']) => waves.map((w) => w.map((b) => `${b.backend.name}:${b.action}`));

describe('rollout plan', () => {
  test('one backend at a time, in the order given, each drained, emptied, applied, checked through the pinned VIP, put back', () => {
    const plan = planRollout({ backends, parallel: 1, sharedConfig: false, checkRoute: 'pinned-vip' });
    assert.deepEqual(names(plan.waves), [['web1:apply'], ['web2:apply'], ['web3:apply']]);
    assert.deepEqual(plan.waves[0]![0]!.steps, ['drain', 'wait-sessions', 'apply', 'check', 'ready']);
  });

  test('a load balancer that cannot pin: checked directly, put back, then checked through the VIP', () => {
    const plan = planRollout({ backends, parallel: 1, sharedConfig: false, checkRoute: 'direct-then-vip' });
    assert.deepEqual(plan.waves[0]![0]!.steps, ['drain', 'wait-sessions', 'apply', 'check', 'ready', 'check-vip']);
  });

  test('--parallel 2 makes waves of two; never all at once', () => {
    assert.deepEqual(names(planRollout({ backends, parallel: 2, sharedConfig: false, checkRoute: 'pinned-vip' }).waves), [['web1:apply', 'web2:apply'], ['web3:apply']]);
    assert.throws(() => planRollout({ backends, parallel: 3, sharedConfig: false, checkRoute: 'pinned-vip' }), (e: Error) => e instanceof UserError && /all 3 backends out of service at once/.test(e.message));
    assert.throws(() => planRollout({ backends, parallel: 0, sharedConfig: false, checkRoute: 'pinned-vip' }), UserError);
  });

  test('shared configuration: the writer alone first (apply), then every other backend restarts, each drained first', () => {
    const plan = planRollout({ backends, parallel: 2, sharedConfig: true, writer: 'WEB2', checkRoute: 'pinned-vip' });
    assert.equal(plan.mode, 'shared-config');
    assert.deepEqual(names(plan.waves), [['web2:apply'], ['web1:restart', 'web3:restart']]);
    assert.deepEqual(plan.waves[1]![0]!.steps, ['drain', 'wait-sessions', 'restart', 'check', 'ready']);
    assert.throws(() => planRollout({ backends, parallel: 1, sharedConfig: true, writer: 'web9', checkRoute: 'pinned-vip' }), /--writer web9 is not one of the backends/);
  });

  test('remote hosts default to the address; --remote must name a backend', () => {
    assert.deepEqual(backends.map((b) => b.remoteHost), ['10.0.1.11', 'web2.corp.example', '10.0.1.13']);
    assert.throws(() => withRemoteHosts(backends, ['web9=x']), /names no backend/);
    assert.throws(() => withRemoteHosts(backends, ['web1']), /is not NAME=HOST/);
  });
});
