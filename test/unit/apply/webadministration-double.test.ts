import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { DoubleLab, attempt } from './double-harness.js';

const APPHOST = "-PSPath 'MACHINE/WEBROOT/APPHOST'";
const SITE_FW = (selector: string) => `-Filter "system.applicationHost/sites/site[${selector}]/ftpServer/firewallSupport"`;

describe('WebAdministration double: filters and the ConfigurationAttribute shape', () => {
  const lab = new DoubleLab();
  after(() => lab.cleanup());

  test('a site is selected by name in single quotes, double quotes, or by id', () => {
    const r = lab.run(`@(
      (Get-WebConfigurationProperty ${APPHOST} ${SITE_FW("@name='Partner FTP'")} -Name externalIp4Address).Value,
      (Get-WebConfigurationProperty ${APPHOST} ${SITE_FW('@name=`"Partner FTP`"')} -Name externalIp4Address).Value,
      (Get-WebConfigurationProperty -PSPath 'IIS:\\' ${SITE_FW("@id='2'")} -Name externalIp4Address).Value
    ) | ConvertTo-Json -Compress`);
    assert.deepEqual(r, ['10.0.1.11', '10.0.1.11', '10.0.1.11']);
  });

  test('Get returns a ConfigurationAttribute: the schema default when unset, enums by name', () => {
    const r = lab.run(`$a = Get-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort
      $s = Get-WebConfigurationProperty ${APPHOST} -Filter "system.applicationHost/sites/site[@name='Default Web Site']/ftpServer/security/ssl" -Name dataChannelPolicy
      @{ name = $a.Name; value = $a.Value; inherited = $a.IsInheritedFromDefaultValue; type = $a.TypeName; schemaType = $a.Schema.Type;
         sslValue = $s.Value; sslInherited = $s.IsInheritedFromDefaultValue } | ConvertTo-Json -Compress`);
    assert.deepEqual(r, { name: 'lowDataChannelPort', value: 0, inherited: true, type: 'Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute', schemaType: 'int', sslValue: 'SslAllow', sslInherited: true });
  });

  test('with enumAsNumber set, enum attributes come back as numbers (another access path IIS has)', () => {
    writeFileSync(`${lab.stateDir}/ftpsvc.json`, JSON.stringify({ enumAsNumber: true }));
    const r = lab.run(`(Get-WebConfigurationProperty ${APPHOST} -Filter "system.applicationHost/sites/site[@id='2']/ftpServer/security/ssl" -Name controlChannelPolicy).Value | ConvertTo-Json -Compress`);
    assert.equal(r, 1);
  });
});

describe('WebAdministration double: schema validation like IIS', () => {
  const lab = new DoubleLab();
  after(() => lab.cleanup());

  test('the guide\'s mistake fails: there is no externalIp4Address on system.ftpServer/firewallSupport', () => {
    const r = lab.run(attempt(`Set-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name externalIp4Address -Value 203.0.113.10`));
    assert.deepEqual(r, { ok: false, error: 'Property externalIp4Address is not found on /system.ftpServer/firewallSupport.' });
  });

  test('ranges, enums and unknown elements are enforced; the file is untouched', () => {
    const before = readFileSync(lab.configFile);
    const range = lab.run(attempt(`Set-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort -Value 70000`));
    const enumBad = lab.run(attempt(`Set-WebConfigurationProperty ${APPHOST} -Filter system.applicationHost/sites/siteDefaults/ftpServer/security/ssl -Name controlChannelPolicy -Value SslSometimes`));
    const noSite = lab.run(attempt(`Set-WebConfigurationProperty ${APPHOST} ${SITE_FW("@name='Nope'")} -Name externalIp4Address -Value 1.2.3.4`));
    const notModelled = lab.run(attempt(`Set-WebConfigurationProperty ${APPHOST} -Filter system.webServer/httpErrors -Name errorMode -Value Custom`));
    assert.match(range.error, /lowDataChannelPort .* not in the valid range 0-65535/);
    assert.match(enumBad.error, /enum must be one of SslAllow, SslRequire, SslRequireCredentialsOnly/);
    assert.equal(noSite.ok, true, 'IIS only warns when the filter selects nothing');
    assert.match(notModelled.error, /does not model 'system.webServer\/httpErrors'/);
    assert.deepEqual(readFileSync(lab.configFile), before);
  });

  test('a filter that selects no site: a warning like IIS\'s, nothing written', () => {
    const before = readFileSync(lab.configFile);
    const r = lab.run(`Set-WebConfigurationProperty ${APPHOST} ${SITE_FW("@name='Nope'")} -Name externalIp4Address -Value 1.2.3.4 -WarningVariable w -WarningAction SilentlyContinue; @{ warning = "$w" } | ConvertTo-Json -Compress`);
    assert.equal(r.warning, "Target configuration object '/system.applicationHost/sites/site[@name='Nope']/ftpServer/firewallSupport' is not found at path 'MACHINE/WEBROOT/APPHOST'.");
    assert.deepEqual(readFileSync(lab.configFile), before);
  });

  test('enums accept their number and are stored by name; a missing element is created', () => {
    lab.run(attempt(`Set-WebConfigurationProperty ${APPHOST} -Filter "system.applicationHost/sites/site[@name='Default Web Site']/ftpServer/security/ssl" -Name controlChannelPolicy -Value 2`));
    assert.match(readFileSync(lab.configFile, 'utf8'), /<ssl controlChannelPolicy="SslRequireCredentialsOnly" \/>/);
  });
});

describe('WebAdministration double: commit delay and backups', () => {
  const lab = new DoubleLab();
  after(() => lab.cleanup());

  test('inside a commit delay nothing reaches the disk; reads see pending writes; -Commit $false drops them', () => {
    const before = readFileSync(lab.configFile);
    const r = lab.run(`Start-WebCommitDelay
      Set-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort -Value 50000
      $pending = (Get-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort).Value
      $onDisk = (Get-Content -LiteralPath $env:FTPS_DOUBLE_APPHOST -Raw).Contains('50000')
      Stop-WebCommitDelay -Commit $false
      $after = (Get-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort).Value
      @{ pending = $pending; onDisk = $onDisk; after = $after } | ConvertTo-Json -Compress`);
    assert.deepEqual(r, { pending: 50000, onDisk: false, after: 0 });
    assert.deepEqual(readFileSync(lab.configFile), before);
  });

  test('-Commit $true writes every pending change at once', () => {
    lab.run(`Start-WebCommitDelay
      Set-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort -Value 50000
      Set-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name highDataChannelPort -Value 50099
      Stop-WebCommitDelay -Commit $true; 'null'`);
    assert.match(readFileSync(lab.configFile, 'utf8'), /<firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" \/>/);
  });

  test('Backup-WebConfiguration refuses an existing name; Restore-WebConfiguration puts the bytes back exactly', () => {
    const before = readFileSync(lab.configFile);
    const r = lab.run(`Backup-WebConfiguration -Name b1 | Out-Null
      $second = try { Backup-WebConfiguration -Name b1 | Out-Null; 'no error' } catch { $_.Exception.Message }
      Set-WebConfigurationProperty ${APPHOST} -Filter system.ftpServer/firewallSupport -Name lowDataChannelPort -Value 40000
      Restore-WebConfiguration -Name b1
      @{ names = @(Get-WebConfigurationBackup | ForEach-Object { $_.Name }); second = $second } | ConvertTo-Json -Compress`);
    assert.deepEqual(r.names, ['b1']);
    assert.match(r.second, /a backup with that name already exists/);
    assert.deepEqual(readFileSync(lab.configFile), before);
  });
});

describe('WebAdministration double: ftpsvc', () => {
  const lab = new DoubleLab();
  after(() => lab.cleanup());

  test('Restart-Service counts restarts; failStart leaves it Stopped with an error', () => {
    const ok = lab.run(`Restart-Service ftpsvc; Get-Service ftpsvc | Select-Object Name, Status | ConvertTo-Json -Compress`);
    assert.deepEqual(ok, { Name: 'ftpsvc', Status: 'Running' });
    writeFileSync(`${lab.stateDir}/ftpsvc.json`, JSON.stringify({ status: 'Running', restartCount: 1, failStart: true }));
    const failed = lab.run(attempt('Restart-Service ftpsvc'));
    assert.match(failed.error, /cannot be started/);
    const state = JSON.parse(readFileSync(`${lab.stateDir}/ftpsvc.json`, 'utf8').replace(/^\uFEFF/, ''));
    assert.equal(state.restartCount, 2);
    assert.equal(state.status, 'Stopped');
  });
});
