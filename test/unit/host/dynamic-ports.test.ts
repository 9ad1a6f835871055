/** The host's TCP dynamic port range (issue 16, item 6): read, not assumed. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkDynamicPorts, dynamicRange, requiredPorts } from '../../../src/host/firewall-checks.js';
import type { DynamicPortRangeFact } from '../../../src/host/host-facts.js';
import { parseHostFacts } from '../../../src/host/parse-host-facts.js';

const moved: DynamicPortRangeFact = { startPort: 10000, numberOfPorts: 1000, source: 'Get-NetTCPSetting', excluded: [] };
const windows: DynamicPortRangeFact = { startPort: 49152, numberOfPorts: 16384, source: 'netsh', excluded: [] };

describe('checkDynamicPorts', () => {
  test('0-0 is explained with the range the host really has', () => {
    const c = checkDynamicPorts(0, 0, moved);
    assert.equal(c.status, 'ok');
    assert.equal(c.current, '10000-10999');
    assert.match(c.message, /0-0, so IIS uses this host's dynamic port range 10000–10999 \(1000 ports, from Get-NetTCPSetting\)/);
  });

  test('a passive range inside the dynamic range is a warning with the netsh fix, not an error', () => {
    const c = checkDynamicPorts(50000, 50099, windows);
    assert.equal(c.status, 'warning');
    assert.equal(c.hostCheck, 'DYNAMIC_PORT_RANGE');
    assert.match(c.message, /inside this host's dynamic port range 49152–65535 \(ports 50000-50099 are not excluded\)/);
    assert.match(c.message, /netsh int ipv4 add excludedportrange protocol=tcp startport=50000 numberofports=100/);
  });

  test('outside the moved range, or excluded from it: fine', () => {
    assert.equal(checkDynamicPorts(50000, 50099, moved).status, 'ok');
    assert.match(checkDynamicPorts(50000, 50099, moved).message, /outside this host's dynamic port range 10000–10999/);
    const reserved = { ...windows, excluded: [{ from: 49990, to: 50199 }] };
    assert.equal(checkDynamicPorts(50000, 50099, reserved).status, 'ok');
    assert.match(checkDynamicPorts(50000, 50099, reserved).message, /excluded from/);
    assert.match(checkDynamicPorts(50000, 50099, { ...windows, excluded: [{ from: 50000, to: 50049 }] }).message, /ports 50050-50099 are not excluded/);
  });

  test('unknown range: says what Windows uses unless changed, without asserting it', () => {
    const c = checkDynamicPorts(0, 0, null);
    assert.equal(c.status, 'ok');
    assert.match(c.message, /could not be read; Windows' dynamic port range is 49152–65535 unless changed with netsh/);
  });
});

test('the firewall must let in the host\'s real dynamic range when the passive range is 0-0', () => {
  assert.deepEqual(requiredPorts(0, 0, dynamicRange(moved)), [{ from: 990, to: 990 }, { from: 10000, to: 10999 }]);
  assert.deepEqual(requiredPorts(0, 0, dynamicRange(null)), [{ from: 990, to: 990 }, { from: 49152, to: 65535 }]);
});

test('parseHostFacts keeps a sane dynamic range and drops an impossible one', () => {
  const raw = (d: unknown) => ({ collectedAt: 'x', errors: [], firewall: { rules: [], profiles: [], dynamicPortRange: d } });
  assert.deepEqual(parseHostFacts(raw({ startPort: 10000, numberOfPorts: 1000, source: 'netsh', excluded: { from: 10100, to: 10199 } })).firewall?.dynamicPortRange,
    { startPort: 10000, numberOfPorts: 1000, source: 'netsh', excluded: [{ from: 10100, to: 10199 }] });
  assert.equal(parseHostFacts(raw({ startPort: 65000, numberOfPorts: 16384, source: 'netsh' })).firewall?.dynamicPortRange, null);
  assert.equal(parseHostFacts(raw(null)).firewall?.dynamicPortRange, null);
});
