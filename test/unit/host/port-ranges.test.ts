import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocalPort, subtract, union, intersect, formatPorts, portCount, normalize } from '../../../src/host/port-ranges.js';

describe('parseLocalPort (Windows Firewall LocalPort string arrays)', () => {
  test('numbers, ranges, Any, lists inside items, keywords ignored', () => {
    assert.deepEqual(parseLocalPort(['990']).ports, [{ from: 990, to: 990 }]);
    assert.deepEqual(parseLocalPort(['50000-50099', '990']).ports, [{ from: 990, to: 990 }, { from: 50000, to: 50099 }]);
    assert.deepEqual(parseLocalPort(['Any']).ports, [{ from: 1, to: 65535 }]);
    assert.deepEqual(parseLocalPort(['any']).ports, [{ from: 1, to: 65535 }]);
    assert.deepEqual(parseLocalPort(['21,990, 50000 - 50010']).ports, [{ from: 21, to: 21 }, { from: 990, to: 990 }, { from: 50000, to: 50010 }]);
    const k = parseLocalPort(['RPC', 'RPCEPMap', 'IPHTTPSIn', 'PlayToDiscovery', '990']);
    assert.deepEqual(k.ports, [{ from: 990, to: 990 }]);
    assert.deepEqual(k.ignored, ['RPC', 'RPCEPMap', 'IPHTTPSIn', 'PlayToDiscovery']);
  });
  test('malformed and reversed ranges are ignored, not guessed', () => {
    assert.deepEqual(parseLocalPort(['50099-50000', '70000', 'abc', '']).ports, []);
    assert.deepEqual(parseLocalPort(['50099-50000', '70000', 'abc']).ignored, ['50099-50000', '70000', 'abc']);
  });
});

describe('port set algebra', () => {
  test('union merges overlapping and adjacent ranges', () => {
    assert.deepEqual(union([{ from: 50000, to: 50049 }], [{ from: 50050, to: 50099 }]), [{ from: 50000, to: 50099 }]);
    assert.deepEqual(union([{ from: 50000, to: 50060 }], [{ from: 50040, to: 50099 }], [{ from: 990, to: 990 }]), [{ from: 990, to: 990 }, { from: 50000, to: 50099 }]);
  });
  test('subtract finds partial gaps', () => {
    const need = [{ from: 990, to: 990 }, { from: 50000, to: 50099 }];
    assert.deepEqual(subtract(need, [{ from: 50000, to: 50049 }, { from: 990, to: 990 }]), [{ from: 50050, to: 50099 }]);
    assert.deepEqual(subtract(need, [{ from: 50010, to: 50020 }]), [{ from: 990, to: 990 }, { from: 50000, to: 50009 }, { from: 50021, to: 50099 }]);
    assert.deepEqual(subtract(need, [{ from: 1, to: 65535 }]), []);
  });
  test('intersect, count, format', () => {
    assert.deepEqual(intersect([{ from: 1, to: 65535 }], [{ from: 990, to: 990 }]), [{ from: 990, to: 990 }]);
    assert.equal(portCount([{ from: 990, to: 990 }, { from: 50000, to: 50099 }]), 101);
    assert.equal(formatPorts(normalize([{ from: 50000, to: 50099 }, { from: 990, to: 990 }])), '990, 50000-50099');
    assert.equal(formatPorts([]), 'none');
  });
});
