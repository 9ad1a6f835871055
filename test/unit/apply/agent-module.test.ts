import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { DoubleLab } from './double-harness.js';

const agent = join(repoRoot, 'scripts', 'FtpsEnforcer.Agent', 'FtpsEnforcer.Agent.psd1');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');
const sslFilter = "system.applicationHost/sites/site[@name='Partner FTP']/ftpServer/security/ssl";
const change = (id: string, name: string, value: string | number, filter = sslFilter) => ({ id, pspath: 'MACHINE/WEBROOT/APPHOST', filter, name, value });
const noRestart = { perform: false, reason: 'the restart policy is never' };

/** Calls an agent entry point the way Node does: the function name and a base64 JSON payload, nothing else. */
function callAgent(lab: DoubleLab, fn: string, payload: unknown): any {
  return lab.run(`Import-Module '${agent}'; ${fn} -PayloadBase64 '${b64(payload)}'`);
}

function setService(lab: DoubleLab, state: object): void {
  mkdirSync(lab.stateDir, { recursive: true });
  writeFileSync(join(lab.stateDir, 'ftpsvc.json'), JSON.stringify({ status: 'Running', restartCount: 0, ...state }));
}

describe('FtpsEnforcer.Agent against the double', () => {
  const lab = new DoubleLab();
  after(() => lab.cleanup());

  test('exports only the *-Ftps* entry points', () => {
    const names = lab.run(`Import-Module '${agent}'; @((Get-Command -Module FtpsEnforcer.Agent).Name | Sort-Object) | ConvertTo-Json -Compress`);
    assert.ok(names.includes('Invoke-FtpsEnforcerApply') && names.includes('Test-FtpsEnforcerPrerequisites') && names.includes('Restore-FtpsEnforcerBackup'));
    assert.ok(names.every((n: string) => /-Ftps/.test(n)), names.join(', '));
  });

  test('a value outside what the planner writes (not a thumbprint) is refused before the backup; nothing written', () => {
    const before = readFileSync(lab.configFile);
    const value = `AB'"$(Get-Date)\`;ü€日本`;
    const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', { changes: [change('hash', 'serverCertHash', value)], restart: noRestart, backupName: 'u1', serviceTimeoutSeconds: 5 });
    assert.equal(r.ok, false);
    assert.equal(r.failedStep, 'validate');
    assert.match(r.error, /^The plan asks to set .*-Name 'serverCertHash' to 'AB'"\$\(Get-Date\)`;ü€日本', which is not a value ftps-enforcer writes there: refused before anything was written/);
    assert.equal(r.backupCreated, false);
    assert.equal(r.rollback.attempted, false);
    assert.deepEqual(readFileSync(lab.configFile), before);
  });

  for (const [what, c] of [
    ['serverAutoStart=false on a site (the edited plan of issue 14)', change('auto', 'serverAutoStart', 'false', "system.applicationHost/sites/site[@name='Partner FTP']/ftpServer")],
    ['a name the planner never writes on an allowed element', change('ssl128', 'ssl128', 'true')],
    ['another PSPath', { ...change('low', 'lowDataChannelPort', 50000, 'system.ftpServer/firewallSupport'), pspath: 'MACHINE/WEBROOT' }],
    ['a port out of range', change('low', 'lowDataChannelPort', 70000, 'system.ftpServer/firewallSupport')],
    ['a filter with a trailing predicate', change('ext', 'externalIp4Address', '203.0.113.10', "system.applicationHost/sites/site[@name='A']/ftpServer/firewallSupport[@x='1']")],
  ] as const) {
    test(`the closed set: ${what} is refused, nothing written`, () => {
      const before = readFileSync(lab.configFile);
      setService(lab, {});
      const ok = change('ext', 'externalIp4Address', '203.0.113.10', 'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport');
      const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', { changes: [ok, c], restart: noRestart, backupName: `closed-${c.id}`, serviceTimeoutSeconds: 5 });
      assert.equal(r.ok, false);
      assert.equal(r.failedStep, 'validate');
      assert.equal(r.backupCreated, false);
      assert.equal(JSON.parse(readFileSync(join(lab.stateDir, 'ftpsvc.json'), 'utf8').replace(/^\uFEFF/, '')).setCalls ?? 0, 0, 'no Set at all, not even the allowed change before it');
      assert.deepEqual(readFileSync(lab.configFile), before);
    });
  }

  test('the closed set lets through what the planner writes: site by name (either quote) or id, siteDefaults, server ports', () => {
    setService(lab, {});
    const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', {
      changes: [
        change('low', 'lowDataChannelPort', 50000, 'system.ftpServer/firewallSupport'),
        change('ext', 'externalIp4Address', '203.0.113.10', 'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport'),
        change('ccp', 'controlChannelPolicy', 'SslRequire'),
        change('hash', 'serverCertHash', 'ab'.repeat(20)),
      ],
      restart: noRestart, backupName: 'closed-ok', serviceTimeoutSeconds: 5,
    });
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.applied.map((a: any) => a.verified), [true, true, true, true]);
  });

  test('enums read back as numbers still verify (typed comparison)', () => {
    setService(lab, { enumAsNumber: true });
    const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', { changes: [change('ccp', 'controlChannelPolicy', 'SslRequireCredentialsOnly')], restart: noRestart, backupName: 'u2', serviceTimeoutSeconds: 5 });
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.applied, [{ id: 'ccp', readBack: 2, verified: true }]);
  });

  test('a service stuck in StartPending: the wait times out, the backup is restored', () => {
    const before = readFileSync(lab.configFile);
    setService(lab, { hangStart: true });
    const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', { changes: [change('low', 'lowDataChannelPort', 50000, 'system.ftpServer/firewallSupport')], restart: { perform: true, reason: 'r' }, backupName: 'u3', serviceTimeoutSeconds: 1 });
    assert.equal(r.ok, false);
    assert.equal(r.failedStep, 'restart');
    assert.match(r.error, /ftpsvc did not stay Running after the restart \(waited up to 1 seconds for it, then 2000 ms more; status: StartPending\)/);
    assert.equal(r.rollback.configRestored, true);
    assert.equal(r.rollback.serviceAsBefore, false, 'it was Running before the run and is StartPending now');
    assert.equal(r.rollback.succeeded, false, 'the file is back, but FTP is not: not a successful rollback');
    assert.deepEqual(readFileSync(lab.configFile), before);
  });

  test('Restore-FtpsEnforcerBackup with no such backup: nothing had been written', () => {
    setService(lab, {});
    const r = callAgent(lab, 'Restore-FtpsEnforcerBackup', { backupName: 'never-made', restartService: true, serviceTimeoutSeconds: 5 });
    assert.equal(r.ok, true);
    assert.equal(r.rollback.attempted, false);
    assert.match(r.rollback.message, /no backup named never-made exists/);
  });
});
