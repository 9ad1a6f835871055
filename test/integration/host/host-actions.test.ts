import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callAgent, newScenario, readNetSecurity, type NetSecurityScenario } from './host-doubles.js';
import { checkService } from '../../../src/host/service-checks.js';
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
    assert.deepEqual(r, { ok: true, results: [{ id: 'host:firewall-rule', ok: true, done: 'created', message: `Created inbound rule '${OWN_RULE_NAME}' allowing TCP 990, 50000-50099.` }], restartedAt: null });
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

  test('a pending restart: ftpsvc is restarted once, unless this run already restarted it; the re-read then shows no pending restart', () => {
    const s = newScenario(base, { ...host, service: { State: 'Running', StartMode: 'Auto', ProcessId: 77, FromWebAdministrationDouble: true } });
    mkdirSync(join(s.dir, 'webadmin-state'), { recursive: true });
    writeFileSync(join(s.dir, 'webadmin-state', 'ftpsvc.json'), JSON.stringify({ status: 'Running', lastStart: '2026-01-01T00:00:00.0000000Z' }));
    const restart = { kind: 'restart-ftpsvc', id: 'host:restart-ftpsvc', reason: 'the port range changed' };
    const skipped = callAgent(s, 'Invoke-FtpsHostActions', { actions: [restart], restartAlreadyDone: true, serviceTimeoutSeconds: 5 }, true, true) as ActionsResult & { restartedAt: string | null };
    assert.deepEqual([skipped.ok, skipped.results[0]?.done, skipped.restartedAt], [true, 'skipped', null]);
    const done = callAgent(s, 'Invoke-FtpsHostActions', { actions: [restart], restartAlreadyDone: false, serviceTimeoutSeconds: 5 }, true, true) as ActionsResult & { restartedAt: string | null };
    assert.deepEqual([done.ok, done.results[0]?.done], [true, 'restarted']);
    assert.match(done.results[0]?.message ?? '', /the port range changed/);
    const svc = JSON.parse(readFileSync(join(s.dir, 'webadmin-state', 'ftpsvc.json'), 'utf8').replace(/^\uFEFF/, '')) as { restartCount: number };
    assert.equal(svc.restartCount, 1);
    const facts = parseHostFacts(callAgent(s, 'Get-FtpsHostFacts', { certificates: [], firewall: false, service: true, tls: false }, true, true));
    const started = new Date(facts.service!.processStartTime!);
    assert.ok(started.getTime() >= new Date(done.restartedAt!).getTime() - 5000);
    const check = checkService(facts.service!, { firewallChangedAt: { at: new Date(started.getTime() - 60_000), source: 'apply' } }, 'on-change').checks.find((c) => c.hostCheck === 'SERVICE_RESTART_PENDING')!;
    assert.equal(check.status, 'ok');
  });
});
