import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkFirewall, coverage, requiredPorts, ruleAppliesToFtpsvc, OWN_RULE_NAME } from '../../../src/host/firewall-checks.js';
import type { FirewallFacts, FirewallRuleFact } from '../../../src/host/host-facts.js';

const need = requiredPorts(50000, 50099);

function rule(name: string, localPort: string[], extra: Partial<FirewallRuleFact> = {}): FirewallRuleFact {
  return { name, displayName: name, group: null, enabled: 'True', action: 'Allow', profile: 'Any', protocol: 'TCP', localPort, program: 'Any', service: 'Any', remoteAddress: ['Any'], policyStoreSource: 'PersistentStore', ...extra };
}

function facts(rules: FirewallRuleFact[], extra: Partial<FirewallFacts> = {}): FirewallFacts {
  return {
    rules,
    profiles: ['Domain', 'Private', 'Public'].map((name) => ({ name, enabled: 'True', defaultInboundAction: 'NotConfigured' })),
    activeNetworkCategories: null,
    enableStatefulFtp: 'NotConfigured',
    ...extra,
  };
}

const codes = (r: ReturnType<typeof checkFirewall>) => r.checks.map((c) => `${c.hostCheck}:${c.status}`);

describe('requiredPorts', () => {
  test('990 plus the passive range; 0-0 is the Windows dynamic range', () => {
    assert.deepEqual(requiredPorts(50000, 50099), [{ from: 990, to: 990 }, { from: 50000, to: 50099 }]);
    assert.deepEqual(requiredPorts(0, 0), [{ from: 990, to: 990 }, { from: 49152, to: 65535 }]);
  });
});

describe('checkFirewall', () => {
  test('one rule with a list covering everything is ok', () => {
    const r = checkFirewall(facts([rule('FTPS', ['990', '50000-50099'])]), need, false);
    assert.deepEqual(codes(r), ['FIREWALL_INBOUND:ok', 'FIREWALL_STATEFUL_FTP:ok']);
    assert.equal(r.action, undefined);
  });
  test('several overlapping rules together cover the range', () => {
    const r = checkFirewall(facts([rule('A', ['990']), rule('B', ['50000-50060']), rule('C', ['50040-50099'])]), need, false);
    assert.equal(r.checks[0]?.status, 'ok');
  });
  test('a partial range is an error naming the gap (no windowsFirewall section)', () => {
    const r = checkFirewall(facts([rule('A', ['990', '50000-50049'])]), need, false);
    const c = r.checks[0]!;
    assert.equal(c.hostCheck, 'FIREWALL_INBOUND');
    assert.equal(c.status, 'error');
    assert.equal(c.fixable, false);
    assert.match(String(c.current), /50050-50099/);
    assert.match(c.message, /Fix: add "windowsFirewall"/);
    assert.equal(r.action, undefined);
  });
  test('with ensureInboundRule a gap is fixable drift that creates our own rule for the whole set', () => {
    const r = checkFirewall(facts([rule('A', ['990'])]), need, true);
    assert.deepEqual(codes(r), ['FIREWALL_INBOUND:drift', 'FIREWALL_STATEFUL_FTP:warning']);
    assert.equal(r.checks[0]?.fixable, true);
    assert.deepEqual(r.checks[0]?.changeIds, ['host:firewall-rule']);
    assert.equal(r.action?.kind, 'ensure-firewall-rule');
    if (r.action?.kind !== 'ensure-firewall-rule') return;
    assert.equal(r.action.mode, 'create');
    assert.equal(r.action.ruleName, OWN_RULE_NAME);
    assert.equal(r.action.displayName, 'ftps-enforcer: FTPS 990 + passive range');
    assert.deepEqual(r.action.localPorts, ['990', '50000-50099']);
  });
  test('our own rule that no longer covers is updated, never someone else\'s', () => {
    const r = checkFirewall(facts([rule(OWN_RULE_NAME, ['990', '40000-40099']), rule('Other', ['990'])]), need, true);
    assert.equal(r.action?.kind === 'ensure-firewall-rule' && r.action.mode, 'update');
  });
  test('disabled rules do not count, and are named as help', () => {
    const r = checkFirewall(facts([rule('Old FTPS', ['990', '50000-50099'], { enabled: 'False' })]), need, false);
    assert.equal(r.checks[0]?.status, 'error');
    assert.match(r.checks[0]!.message, /Disabled rule\(s\) that would help: "Old FTPS"/);
  });
  test('a block rule wins over allow rules and makes the gap unfixable', () => {
    const r = checkFirewall(facts([rule('Allow all', ['Any']), rule('Block high', ['50050-50059'], { action: 'Block' })]), need, true);
    assert.deepEqual(codes(r), ['FIREWALL_BLOCKED:error', 'FIREWALL_INBOUND:drift', 'FIREWALL_STATEFUL_FTP:warning']);
    assert.match(String(r.checks[1]?.current), /50050-50059/);
    assert.equal(r.checks[1]?.fixable, false);
    assert.equal(r.action, undefined);
  });
  test('disabled block rules and block rules for other programs do not block', () => {
    const r = checkFirewall(facts([rule('Allow', ['990', '50000-50099']), rule('B1', ['990'], { action: 'Block', enabled: 'False' }), rule('B2', ['990'], { action: 'Block', program: 'C:\\app\\other.exe' })]), need, false);
    assert.deepEqual(codes(r), ['FIREWALL_INBOUND:ok', 'FIREWALL_STATEFUL_FTP:ok']);
  });
  test('UDP rules and outbound-irrelevant protocols do not count; protocol Any and 6 do', () => {
    assert.equal(checkFirewall(facts([rule('U', ['990', '50000-50099'], { protocol: 'UDP' })]), need, false).checks[0]?.status, 'error');
    assert.equal(checkFirewall(facts([rule('T', ['990', '50000-50099'], { protocol: '6' })]), need, false).checks[0]?.status, 'ok');
  });
  test('rules scoped to ftpsvc count, rules for another service or program do not', () => {
    assert.equal(ruleAppliesToFtpsvc(rule('x', [], { service: 'ftpsvc', program: '%SystemRoot%\\system32\\svchost.exe' })), true);
    assert.equal(ruleAppliesToFtpsvc(rule('x', [], { service: 'FTPSVC' })), true);
    assert.equal(ruleAppliesToFtpsvc(rule('x', [], { service: '*' })), true);
    assert.equal(ruleAppliesToFtpsvc(rule('x', [], { service: 'w3svc' })), false);
    assert.equal(ruleAppliesToFtpsvc(rule('x', [], { program: 'C:\\Windows\\System32\\inetsrv\\inetinfo.exe' })), false);
    // The built-in IIS rules: 990 and the passive range for the ftpsvc service.
    const builtIn = [rule('IIS-WebServerRole-FTP-Secure-In-TCP', ['990'], { service: 'ftpsvc', program: '%windir%\\system32\\svchost.exe' }),
      rule('IIS-WebServerRole-FTP-Passive-In-TCP', ['1024-65535'], { service: 'ftpsvc', program: '%windir%\\system32\\svchost.exe' })];
    assert.equal(checkFirewall(facts(builtIn), need, false).checks[0]?.status, 'ok');
  });
  test('profiles: a Domain-only rule does not cover the Public profile unless only Domain networks are connected', () => {
    const rules = [rule('Domain only', ['990', '50000-50099'], { profile: 'Domain' })];
    const all = checkFirewall(facts(rules), need, false).checks[0]!;
    assert.equal(all.status, 'error');
    assert.match(String(all.current), /Private: 990, 50000-50099; Public: 990, 50000-50099/);
    assert.equal(checkFirewall(facts(rules, { activeNetworkCategories: ['DomainAuthenticated'] }), need, false).checks[0]?.status, 'ok');
    assert.equal(checkFirewall(facts([rule('DP', ['990', '50000-50099'], { profile: 'Domain, Private' })], { activeNetworkCategories: ['Private'] }), need, false).checks[0]?.status, 'ok');
  });
  test('a profile with the firewall off, or default inbound Allow, needs no rule', () => {
    const profiles = [{ name: 'Domain', enabled: 'False', defaultInboundAction: 'Block' }, { name: 'Private', enabled: 'True', defaultInboundAction: 'Allow' }, { name: 'Public', enabled: 'True', defaultInboundAction: 'Block' }];
    const cov = coverage(facts([], { profiles, activeNetworkCategories: ['DomainAuthenticated', 'Private'] }), need);
    assert.deepEqual(cov.map((c) => [c.profile, c.filtering, c.missing.length]), [['Domain', false, 0], ['Private', false, 0]]);
    assert.equal(checkFirewall(facts([], { profiles, activeNetworkCategories: ['Public'] }), need, false).checks[0]?.status, 'error');
  });
  test('stateful FTP is reported as blind to FTPS', () => {
    const r = checkFirewall(facts([rule('A', ['990', '50000-50099'])], { enableStatefulFtp: 'True' }), need, false);
    assert.match(r.checks[1]!.message, /cannot read encrypted FTPS control channels/);
    assert.equal(checkFirewall(facts([], { enableStatefulFtp: 'False' }), need, false).checks[1]?.current, 'off');
  });
  test('a remote-address restriction is noted on an ok result', () => {
    const r = checkFirewall(facts([rule('LB only', ['990', '50000-50099'], { remoteAddress: ['10.0.0.0/8'] })]), need, false);
    assert.match(r.checks[0]!.message, /"LB only" only from 10\.0\.0\.0\/8/);
  });
});
