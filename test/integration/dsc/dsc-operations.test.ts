import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../support/paths.js';
import { invoke } from './dsc-harness.js';

const want = { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 };
const broken = { ...want, configPath: fixture('broken-backend', 'applicationHost.config') };
const fixed = { ...want, configPath: fixture('fixed-backend', 'applicationHost.config') };

describe('the resource, invoked from its manifest as DSC does (built CLI)', () => {
  test('get returns the actual state in the instance\'s own terms', () => {
    const r = invoke('get', broken);
    assert.equal(r.exitCode, 0, JSON.stringify(r.stderrLines));
    assert.deepEqual(r.state, { externalIp4Address: null, lowDataChannelPort: 0, highDataChannelPort: 0, restart: 'on-change', configPath: broken.configPath });
  });

  test('test on a broken backend: _inDesiredState false, the drifted properties, exit 0 (drift is not an error to DSC)', () => {
    const r = invoke('test', broken);
    assert.equal(r.exitCode, 0);
    assert.equal(r.state!._inDesiredState, false);
    assert.deepEqual(r.diff, ['externalIp4Address', 'lowDataChannelPort', 'highDataChannelPort']);
  });

  test('test on a fixed backend: in desired state, empty diff', () => {
    const r = invoke('test', fixed);
    assert.equal(r.state!._inDesiredState, true);
    assert.deepEqual(r.diff, []);
  });

  test('whatIf projects the desired values and names what would change, writing nothing', () => {
    const r = invoke('whatIf', broken);
    assert.equal(r.exitCode, 0);
    assert.equal(r.state!.externalIp4Address, '203.0.113.10');
    assert.deepEqual(r.diff, ['externalIp4Address', 'lowDataChannelPort', 'highDataChannelPort']);
    assert.equal(invoke('test', broken).state!._inDesiredState, false, 'still broken afterwards');
  });

  test('an invalid instance: exit 1 and DSC-readable {"error": ...} lines naming the problem', () => {
    const r = invoke('test', { ...broken, externalIp4Address: 'ftp.example.com' });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.stderrLines, [{ error: 'externalIp4Address is "ftp.example.com", a host name; IIS needs the VIP\'s IPv4 address here (e.g. 203.0.113.10).' }]);
  });

  test('a missing configuration: exit 1 with one error line', () => {
    const r = invoke('get', { ...want, configPath: '/nonexistent/applicationHost.config' });
    assert.equal(r.exitCode, 1);
    assert.equal(r.stderrLines.length, 1);
    assert.match(String((r.stderrLines[0] as { error: string }).error), /does not exist/);
  });
});
