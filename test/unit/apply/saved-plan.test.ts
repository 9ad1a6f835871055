import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameChanges, assertSameHostActions, SavedPlanMismatchError } from '../../../src/apply/resolve-plan.js';
import { refusePowerShell7OnWindows } from '../../../src/apply/apply-command.js';
import { PrerequisiteError } from '../../../src/core/errors.js';
import { decideRestart } from '../../../src/core/restart-decision.js';
import { APPHOST_PSPATH, type Change, type HostAction, type Plan } from '../../../src/core/plan.js';

const change = (extra: Partial<Change> = {}): Change => ({ id: 'server/lowDataChannelPort', pspath: APPHOST_PSPATH, filter: 'system.ftpServer/firewallSupport', name: 'lowDataChannelPort', value: 50000, current: 0, site: null, scope: 'server', requiresRestart: true, ...extra });
const plan = (changes: Change[], extra: Partial<Plan> = {}): Plan => ({ changes, config: { configFile: '/c' }, desired: { file: '/d' }, ...extra } as unknown as Plan);

describe('a saved plan is applied only when it is exactly the fresh plan', () => {
  test('the same changes pass; their `current` (a report field) may differ', () => {
    assert.doesNotThrow(() => assertSameChanges(plan([change({ current: 7 })]), plan([change()]), '/p.json'));
  });
  for (const [what, saved] of [
    ['a change added (serverAutoStart=false)', [change(), change({ id: 'x', filter: "system.applicationHost/sites/site[@name='A']/ftpServer", name: 'serverAutoStart', value: 'false' })]],
    ['a value changed', [change({ value: 50001 })]],
    ['a filter changed', [change({ filter: 'system.ftpServer/firewallSupport/x' })]],
    ['a change removed', []],
    ['requiresRestart turned off', [change({ requiresRestart: false })]],
  ] as const) {
    test(`refused: ${what}`, () => {
      assert.throws(() => assertSameChanges(plan([...saved]), plan([change()]), '/p.json'), (e: unknown) => e instanceof SavedPlanMismatchError && /^The plan \/p\.json does not match what apply would do now with \/c and \/d/.test(e.message));
    });
  }
  test('refused: the same changes in another order', () => {
    const a = change();
    const b = change({ id: 'server/highDataChannelPort', name: 'highDataChannelPort', value: 50099 });
    assert.throws(() => assertSameChanges(plan([b, a]), plan([a, b]), '/p.json'), /or in another order/);
  });
  test('host actions must be the fresh ones', () => {
    const rule: HostAction = { kind: 'ensure-firewall-rule', id: 'r', ruleName: 'n', displayName: 'd', description: 'x', group: 'ftps-enforcer', localPorts: ['990'], mode: 'create' };
    assert.doesNotThrow(() => assertSameHostActions(plan([], { hostActions: [rule] }), plan([], { hostActions: [rule] }), '/p.json'));
    assert.throws(() => assertSameHostActions(plan([], { hostActions: [{ ...rule, localPorts: ['1-65535'] } as HostAction] }), plan([], { hostActions: [rule] }), '/p.json'), SavedPlanMismatchError);
  });
});

describe('PowerShell 7 on Windows', () => {
  test('refused before anything starts, by name (pwsh, pwsh.exe, a path to either)', () => {
    for (const exe of ['pwsh', 'PWSH.EXE', 'C:\\Program Files\\PowerShell\\7\\pwsh.exe']) {
      assert.throws(() => refusePowerShell7OnWindows(exe, 'win32'), (e: unknown) => e instanceof PrerequisiteError && /^apply runs under Windows PowerShell 5\.1 only, not PowerShell 7/.test(e.message), exe);
    }
    assert.doesNotThrow(() => refusePowerShell7OnWindows('powershell.exe', 'win32'));
    assert.doesNotThrow(() => refusePowerShell7OnWindows('pwsh', 'linux'), 'pwsh is what the tests use on Linux');
  });
});

describe('decideRestart: the one place', () => {
  test('always restarts; never does not; on-change restarts when a change needs it', () => {
    assert.equal(decideRestart('always', []).restart, true);
    assert.equal(decideRestart('never', [change()]).restart, false);
    assert.equal(decideRestart('on-change', [change()]).restart, true);
    assert.equal(decideRestart('on-change', [change({ requiresRestart: false })]).restart, false);
    assert.equal(decideRestart('on-change', []).restart, false);
  });
});
