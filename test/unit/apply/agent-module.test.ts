import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { DoubleLab } from './double-harness.js';

const agent = join(repoRoot, 'scripts', 'FtpsEnforcer.Agent', 'FtpsEnforcer.Agent.psd1');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');
const sslFilter = "system.applicationHost/sites/site[@name='Partner FTP']/ftpServer/security/ssl";
const change = (id: string, name: string, value: string | number, filter = sslFilter) => ({ id, pspath: 'MACHINE/WEBROOT/APPHOST', filter, name, value, requiresRestart: false });

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

  test('strings travel as data: quotes, $(), backticks and Unicode are written and read back exactly', () => {
    const value = `AB'"$(Get-Date)\`;ü€日本`;
    const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', { changes: [change('hash', 'serverCertHash', value)], restartPolicy: 'never', backupName: 'u1', serviceTimeoutSeconds: 5 });
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.applied, [{ id: 'hash', readBack: value, verified: true }]);
    assert.ok(readFileSync(lab.configFile, 'utf8').includes('serverCertHash="AB\'&quot;$(Get-Date)`;ü€日本"'));
  });

  test('enums read back as numbers still verify (typed comparison)', () => {
    setService(lab, { enumAsNumber: true });
    const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', { changes: [change('ccp', 'controlChannelPolicy', 'SslRequireCredentialsOnly')], restartPolicy: 'never', backupName: 'u2', serviceTimeoutSeconds: 5 });
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.applied, [{ id: 'ccp', readBack: 2, verified: true }]);
  });

  test('a service stuck in StartPending: the wait times out, the backup is restored', () => {
    const before = readFileSync(lab.configFile);
    setService(lab, { hangStart: true });
    const r = callAgent(lab, 'Invoke-FtpsEnforcerApply', { changes: [{ ...change('low', 'lowDataChannelPort', 50000, 'system.ftpServer/firewallSupport'), requiresRestart: true }], restartPolicy: 'on-change', backupName: 'u3', serviceTimeoutSeconds: 1 });
    assert.equal(r.ok, false);
    assert.equal(r.failedStep, 'restart');
    assert.match(r.error, /ftpsvc did not reach Running within 1 seconds after the restart \(status: StartPending\)/);
    assert.equal(r.rollback.configRestored, true);
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
