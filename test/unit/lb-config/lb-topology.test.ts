import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildLbTopology } from '../../../src/lb-config/lb-topology.js';
import { parseBackendList } from '../../../src/lb-config/backends.js';
import { UserError } from '../../../src/core/errors.js';

const desired = { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 };
const source = { file: 'desired.json', contentHash: 'abc', toolVersion: '0.0.0' };

describe('backend list', () => {
  test('comma lists and repeated flags both work, order kept', () => {
    assert.deepEqual(parseBackendList(['web1=10.0.1.11,web2=10.0.1.12', 'web3=10.0.1.13']), [
      { name: 'web1', address: '10.0.1.11' },
      { name: 'web2', address: '10.0.1.12' },
      { name: 'web3', address: '10.0.1.13' },
    ]);
  });

  const bad: Array<[string[], RegExp]> = [
    [[], /No backend given/],
    [['10.0.1.11'], /has no name; write NAME=IP/],
    [['web1=ftp.example.com'], /not an IPv4 address/],
    [['web1=10.0.1.11:990'], /not an IPv4 address.*no port/],
    [['web1=010.0.1.11'], /not an IPv4 address/],
    [['web 1=10.0.1.11'], /not usable in a load balancer configuration/],
    [['web1=10.0.1.11,WEB1=10.0.1.12'], /given twice/],
    [['a=10.0.1.11,b=10.0.1.11'], /10\.0\.1\.11 is given twice/],
  ];
  for (const [input, message] of bad) {
    test(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(() => parseBackendList(input), (e: unknown) => e instanceof UserError && message.test(e.message));
    });
  }
});

describe('topology', () => {
  test('the VIP itself is refused as a backend (it would forward the load balancer to itself)', () => {
    assert.throws(() => buildLbTopology(desired, { backends: ['a=10.0.1.11', 'vip=203.0.113.10'] }, source), /--backend vip=203\.0\.113\.10 is the VIP the load balancer listens on/);
    assert.throws(() => buildLbTopology(desired, { backends: ['a=10.0.1.12'], bind: '10.0.1.12' }, source), /is the VIP/);
  });

  test('VIP and passive range come from the desired state; persistence follows the idle timeout', () => {
    const t = buildLbTopology(desired, { backends: ['a=10.0.1.11'] }, source);
    assert.equal(t.vip, '203.0.113.10');
    assert.deepEqual(t.passive, { low: 50000, high: 50099, fromEphemeralDefault: false });
    assert.equal(t.idleTimeoutMinutes, 60);
    assert.equal(t.persistenceMinutes, 60);
    assert.equal(t.checkIntervalSeconds, 10);
  });

  test('0-0 (IIS default) forwards Windows\' whole ephemeral range', () => {
    const t = buildLbTopology({ ...desired, lowDataChannelPort: 0, highDataChannelPort: 0 }, { backends: ['a=10.0.1.11'] }, source);
    assert.deepEqual(t.passive, { low: 49152, high: 65535, fromEphemeralDefault: true });
  });

  test('--bind overrides the listen address', () => {
    assert.equal(buildLbTopology(desired, { backends: ['a=10.0.1.11'], bind: '10.99.0.100' }, source).vip, '10.99.0.100');
    assert.throws(() => buildLbTopology(desired, { backends: ['a=10.0.1.11'], bind: 'vip.example.com' }, source), /--bind "vip.example.com" is not an IPv4 address/);
  });

  test('persistence and idle timeout below 30 minutes are refused, with the reason', () => {
    assert.throws(() => buildLbTopology(desired, { backends: ['a=10.0.1.11'], persistenceMinutes: 10 }, source), /--persistence 10 .*another backend/);
    assert.throws(() => buildLbTopology(desired, { backends: ['a=10.0.1.11'], idleTimeoutMinutes: 5 }, source), /--idle-timeout 5 .*long transfer/);
    assert.throws(() => buildLbTopology(desired, { backends: ['a=10.0.1.11'], checkIntervalSeconds: 0 }, source), /--check-interval 0/);
    assert.equal(buildLbTopology(desired, { backends: ['a=10.0.1.11'], idleTimeoutMinutes: 120 }, source).persistenceMinutes, 120);
    assert.equal(buildLbTopology(desired, { backends: ['a=10.0.1.11'], persistenceMinutes: 30, idleTimeoutMinutes: 45 }, source).persistenceMinutes, 30);
  });
});
