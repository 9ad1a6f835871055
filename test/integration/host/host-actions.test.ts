import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { callAgent, newScenario, readNetSecurity, type NetSecurityScenario } from './host-doubles.js';
import { parseHostFacts } from '../../../src/host/parse-host-facts.js';
import { checkFirewall, requiredPorts, OWN_RULE_NAME } from '../../../src/host/firewall-checks.js';
import type { HostAction } from '../../../src/core/plan.js';

const need = requiredPorts(50000, 50099);
const someoneElses = { Name: 'Corp-FTPS', DisplayName: 'Corp FTPS control', Enabled: 'True', Action: 'Allow', Profile: 'Any', Protocol: 'TCP', LocalPort: ['990'] };
const base: NetSecurityScenario = { rules: [someoneElses], profiles: [], setting: { EnableStatefulFtp: 'True' } };
const host = { os: { Caption: 'Microsoft Windows Server 2019 Datacenter', Version: '10.0.17763', BuildNumber: '17763', ProductType: 3 }, service: null, registry: {} };

type ActionsResult = { ok: boolean; results: { id: string; ok: boolean; done: string; message: string }[] };

function firewallPlan(s: ReturnType<typeof newScenario>) {
  const facts = parseHostFacts(callAgent(s, 'Get-FtpsHostFacts', { certificates: [], firewall: true, service: false, tls: false }));
  return checkFirewall(facts.firewall!, need, true);
}

describe('Invoke-FtpsHostActions with the NetSecurity double', () => {
  test('creates the missing rule (recognisable name, group, description) and the re-read is then compliant', () => {
    const s = newScenario(base, host);
    const before = firewallPlan(s);
    assert.equal(before.checks[0]?.status, 'drift');
    assert.equal(before.action?.kind === 'ensure-firewall-rule' && before.action.mode, 'create');
    const r = callAgent(s, 'Invoke-FtpsHostActions', { actions: [before.action] }) as ActionsResult;
    assert.deepEqual(r, { ok: true, results: [{ id: 'host:firewall-rule', ok: true, done: 'created', message: `Created inbound rule '${OWN_RULE_NAME}' allowing TCP 990, 50000-50099.` }] });
    const state = readNetSecurity(s);
    const ours = state.rules.find((x) => x.Name === OWN_RULE_NAME)!;
    assert.equal(ours.DisplayName, 'ftps-enforcer: FTPS 990 + passive range');
    assert.equal(ours.Group, 'ftps-enforcer');
    assert.match(String(ours.Description), /^Created by iis-ftps-enforcer/);
    assert.deepEqual([ours.Direction, ours.Action, ours.Protocol, ours.Profile, ours.Enabled, ours.LocalPort], ['Inbound', 'Allow', 'TCP', 'Any', 'True', ['990', '50000-50099']]);
    assert.deepEqual(state.calls, [{ cmdlet: 'New-NetFirewallRule', name: OWN_RULE_NAME }]);
    assert.deepEqual(state.rules.find((x) => x.Name === 'Corp-FTPS'), someoneElses);
    const after = firewallPlan(s);
    assert.equal(after.checks[0]?.status, 'ok');
    assert.equal(after.action, undefined);
  });

  test('updates our own rule when it no longer covers the range, touching nothing else', () => {
    const ownOld = { Name: OWN_RULE_NAME, DisplayName: 'ftps-enforcer: FTPS 990 + passive range', Group: 'ftps-enforcer', Enabled: 'False', Action: 'Allow', Profile: 'Any', Protocol: 'TCP', LocalPort: ['990', '40000-40099'] };
    const s = newScenario({ ...base, rules: [someoneElses, ownOld] }, host);
    const plan = firewallPlan(s);
    assert.equal(plan.action?.kind === 'ensure-firewall-rule' && plan.action.mode, 'update');
    const r = callAgent(s, 'Invoke-FtpsHostActions', { actions: [plan.action] }) as ActionsResult;
    assert.equal(r.results[0]?.done, 'updated');
    const state = readNetSecurity(s);
    assert.deepEqual(state.calls, [{ cmdlet: 'Set-NetFirewallRule', name: OWN_RULE_NAME }]);
    const ours = state.rules.find((x) => x.Name === OWN_RULE_NAME)!;
    assert.deepEqual([ours.Enabled, ours.LocalPort], ['True', ['990', '50000-50099']]);
    assert.equal(firewallPlan(s).checks[0]?.status, 'ok');
  });

  test('refuses to edit a rule that has our name but is not in our group', () => {
    const impostor = { Name: OWN_RULE_NAME, DisplayName: 'hand-made', Group: 'Operations', Enabled: 'True', Action: 'Allow', Profile: 'Any', Protocol: 'TCP', LocalPort: ['21'] };
    const s = newScenario({ ...base, rules: [impostor] }, host);
    const action: HostAction = { kind: 'ensure-firewall-rule', id: 'host:firewall-rule', ruleName: OWN_RULE_NAME, displayName: 'x', description: 'x', group: 'ftps-enforcer', localPorts: ['990'], mode: 'update' };
    const r = callAgent(s, 'Invoke-FtpsHostActions', { actions: [action] }) as ActionsResult;
    assert.equal(r.ok, false);
    assert.equal(r.results[0]?.done, 'refused');
    assert.match(r.results[0]?.message ?? '', /someone else's/);
    assert.deepEqual(readNetSecurity(s).calls ?? [], []);
  });

  test('restart actions are left to the apply flow', () => {
    const s = newScenario(base, host);
    const r = callAgent(s, 'Invoke-FtpsHostActions', { actions: [{ kind: 'restart-ftpsvc', id: 'host:restart-ftpsvc', reason: 'x' }] }) as ActionsResult;
    assert.deepEqual(r.results.map((x) => [x.ok, x.done]), [[true, 'skipped']]);
  });
});
