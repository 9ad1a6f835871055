/**
 * The dynamic port range through the real agent function in real pwsh against the HostFacts double
 * (Get-NetTCPSetting as Windows answers it, and netsh where it does not).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { callAgent, newScenario, type NetSecurityScenario } from './host-doubles.js';
import { parseHostFacts } from '../../../src/host/parse-host-facts.js';
import { planHostChecks } from '../../../src/host/plan-host-checks.js';
import { desired, fixedState } from '../../support/state-builder.js';
import { TEST_NOW } from '../../support/clock.js';

const net: NetSecurityScenario = { rules: [], profiles: [{ Name: 'Domain', Enabled: 'True', DefaultInboundAction: 'Block' }], setting: { EnableStatefulFtp: 'False' } };
const os = { Caption: 'Microsoft Windows Server 2022 Standard', Version: '10.0.20348', BuildNumber: '20348', ProductType: 3 };
const request = { certificates: [], firewall: true, service: false, tls: false };

describe('Get-FtpsHostFacts: the TCP dynamic port range', () => {
  test('read from Get-NetTCPSetting (a range moved with netsh, one range excluded)', () => {
    const s = newScenario(net, { os, networkCategories: ['DomainAuthenticated'], dynamicPorts: { StartPort: 10000, NumberOfPorts: 1000, Excluded: [[50000, 50099]] } });
    const facts = parseHostFacts(callAgent(s, 'Get-FtpsHostFacts', request));
    assert.deepEqual(facts.errors, []);
    assert.deepEqual(facts.firewall?.dynamicPortRange, { startPort: 10000, numberOfPorts: 1000, source: 'Get-NetTCPSetting', excluded: [{ from: 50000, to: 50099 }] });
    // 0-0: the firewall must let in 10000-10999, not 49152-65535.
    const checks = planHostChecks({ facts, state: fixedState(), desired: desired({ lowDataChannelPort: 0, highDataChannelPort: 0 }).desired, restart: 'on-change', now: TEST_NOW, evidence: {} }).checks;
    const inbound = checks.find((c) => c.hostCheck === 'FIREWALL_INBOUND')!;
    assert.match(String(inbound.desired), /990, 10000-10999/);
    assert.match(checks.find((c) => c.hostCheck === 'DYNAMIC_PORT_RANGE')!.message, /10000–10999/);
  });

  test('read from netsh when Get-NetTCPSetting has no range; the default range makes 50000-50099 a warning', () => {
    const s = newScenario(net, { os, networkCategories: ['DomainAuthenticated'], dynamicPortsFrom: 'netsh' });
    const facts = parseHostFacts(callAgent(s, 'Get-FtpsHostFacts', request));
    assert.deepEqual(facts.firewall?.dynamicPortRange, { startPort: 49152, numberOfPorts: 16384, source: 'netsh', excluded: [] });
    const checks = planHostChecks({ facts, state: fixedState(), desired: desired().desired, restart: 'on-change', now: TEST_NOW, evidence: {} }).checks;
    const dyn = checks.find((c) => c.hostCheck === 'DYNAMIC_PORT_RANGE')!;
    assert.equal(dyn.status, 'warning');
    assert.match(dyn.message, /netsh int ipv4 add excludedportrange protocol=tcp startport=50000 numberofports=100/);
  });
});
