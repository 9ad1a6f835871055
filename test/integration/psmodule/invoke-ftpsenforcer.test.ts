import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApplyLab, desiredFile } from '../apply/harness.js';
import { q, withModule } from './psmodule-harness.js';

describe('Invoke-FtpsEnforcer (real pwsh, WebAdministration double)', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());
  const args = `-DesiredPath ${q(desiredFile)} -ConfigPath ${q(lab.configFile)} -PowerShellPath ${q(lab.wrapper)}`;

  test('-WhatIf shows the plan (one line per Set-WebConfigurationProperty) and changes nothing', () => {
    const before = readFileSync(lab.configFile);
    const r = withModule(`Invoke-FtpsEnforcer ${args} -WhatIf`, lab.env());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /What if: Performing the operation "Apply \d+ change\(s\), restart policy on-change:/);
    assert.match(r.stdout, /Set-WebConfigurationProperty -PSPath 'MACHINE\/WEBROOT\/APPHOST' -Filter 'system\.ftpServer\/firewallSupport' -Name 'lowDataChannelPort' -Value 50000/);
    assert.match(r.stdout, /-Name 'externalIp4Address' -Value '203\.0\.113\.10'/);
    assert.deepEqual(readFileSync(lab.configFile), before);
    assert.equal(lab.pwshStarts(), 0, 'the dry run starts no PowerShell');
    assert.equal(lab.service().restartCount, 0);
  });

  test('-Confirm:$false applies: result object, one restart, and a second run has nothing to do', () => {
    const r = withModule(`$a = Invoke-FtpsEnforcer ${args} -Confirm:$false; $b = Invoke-FtpsEnforcer ${args} -Confirm:$false; "$($a.PSObject.TypeNames[0])|$($a.Status)|$($a.Compliant)|$($a.Restarted)|$([bool]$a.BackupName)|$LASTEXITCODE"; "$($b.Status)|$($b.Restarted)"`, lab.env());
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split(/\r?\n/), ['FtpsEnforcer.ApplyResult|applied|True|True|True|0', 'nothing-to-do|False']);
    assert.equal(lab.service().restartCount, 1);
    assert.equal(lab.pwshStarts(), 1);
  });
});

describe('Invoke-FtpsEnforcer when apply fails', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());

  test('a PowerShell error of category InvalidResult saying the rollback restored the configuration; $LASTEXITCODE 1', () => {
    const before = readFileSync(lab.configFile);
    lab.setService({ failSetOnCall: 2 });
    const r = withModule(`Invoke-FtpsEnforcer -DesiredPath ${q(desiredFile)} -ConfigPath ${q(lab.configFile)} -PowerShellPath ${q(lab.wrapper)} -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable e; "$($e[0].CategoryInfo.Category)|$($e[0].FullyQualifiedErrorId)|$LASTEXITCODE"; $e[0].Exception.Message`, lab.env());
    assert.equal(r.code, 0, r.stderr);
    const [head, message] = r.stdout.trim().split(/\r?\n/);
    assert.equal(head, 'InvalidResult|ApplyFailed,Invoke-FtpsEnforcer|1');
    assert.match(message!, /previous configuration is back/);
    assert.deepEqual(readFileSync(lab.configFile), before);
  });
});
