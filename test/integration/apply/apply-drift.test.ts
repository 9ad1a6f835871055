import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApplyLab, desiredFile, parseConfig, report, siteNamed } from './harness.js';

describe('apply fixes drift through one PowerShell session', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());

  test('drift is fixed at the right scope, verified, ftpsvc restarted once, one pwsh process', async () => {
    const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = report(r);
    assert.equal(rep.apply.status, 'applied');
    assert.equal(rep.apply.verification.compliant, true);
    assert.match(rep.apply.backupName, /^ftps-enforcer-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    assert.equal(rep.apply.restart.performed, true);
    assert.equal(rep.apply.powershell.processes, 1);
    assert.ok(rep.apply.applied.length >= 6 && rep.apply.applied.every((a: any) => a.verified));

    const tree = parseConfig(lab.configFile);
    const server = tree.configuration['system.ftpServer'].firewallSupport;
    assert.equal(server['@_lowDataChannelPort'], '50000');
    assert.equal(server['@_highDataChannelPort'], '50099');
    assert.equal(server['@_externalIp4Address'], undefined, 'never written on system.ftpServer/firewallSupport');
    const defaults = tree.configuration['system.applicationHost'].sites.siteDefaults.ftpServer;
    assert.equal(defaults.firewallSupport['@_externalIp4Address'], '203.0.113.10');
    assert.equal(defaults.security.ssl['@_controlChannelPolicy'], 'SslRequire');
    assert.equal(siteNamed(tree, 'Partner FTP').ftpServer.firewallSupport['@_externalIp4Address'], '203.0.113.10');

    assert.equal(lab.service().restartCount, 1);
    assert.equal(lab.service().status, 'Running');
    assert.equal(lab.pwshStarts(), 1);
  });

  test('the file keeps its BOM, declaration and untouched lines', () => {
    const bytes = readFileSync(lab.configFile);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.ok(text.includes('<?xml version="1.0" encoding="UTF-8"?>'));
    assert.ok(text.includes('<virtualDirectory path="/" physicalPath="C:\\inetpub\\ftproot" />'));
    assert.ok(text.includes('<section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />'));
  });

  test('a second run finds nothing to do: no PowerShell process, no restart, exit 0', async () => {
    const before = readFileSync(lab.configFile);
    const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = report(r);
    assert.equal(rep.apply.status, 'nothing-to-do');
    assert.equal(rep.apply.powershell.processes, 0);
    assert.equal(lab.pwshStarts(), 1, 'still only the first run\'s process');
    assert.equal(lab.service().restartCount, 1);
    assert.deepEqual(readFileSync(lab.configFile), before);
  });

  test('--restart always restarts even with nothing to change (one process); --restart never does not', async () => {
    const always = await lab.apply(['--desired', desiredFile, '--format', 'json', '--restart', 'always']);
    assert.equal(always.code, 0, always.stderr);
    assert.equal(report(always).apply.restart.performed, true);
    assert.equal(lab.service().restartCount, 2);
    assert.equal(lab.pwshStarts(), 2);
  });
});

describe('apply with --restart never', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());

  test('changes are applied and verified, ftpsvc is not restarted', async () => {
    const r = await lab.apply(['--desired', desiredFile, '--format', 'json', '--restart', 'never']);
    assert.equal(r.code, 0, r.stderr);
    const rep = report(r);
    assert.equal(rep.apply.status, 'applied');
    assert.equal(rep.apply.restart.performed, false);
    assert.match(rep.apply.restart.reason, /never/);
    assert.equal(lab.service().restartCount, 0);
  });
});

describe('apply on an already compliant server', () => {
  const lab = new ApplyLab('compliant');
  after(() => lab.cleanup());

  test('no PowerShell process, no restart, file untouched, exit 0', async () => {
    const before = readFileSync(lab.configFile);
    const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(report(r).apply.status, 'nothing-to-do');
    assert.equal(lab.pwshStarts(), 0);
    assert.equal(lab.service().restartCount, 0);
    assert.deepEqual(readFileSync(lab.configFile), before);
  });
});
