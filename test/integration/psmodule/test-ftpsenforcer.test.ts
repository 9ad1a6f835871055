import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../support/paths.js';
import { q, withModule } from './psmodule-harness.js';

const desired = q(fixture('desired.json'));
const broken = q(fixture('broken-backend', 'applicationHost.config'));
const fixed = q(fixture('fixed-backend', 'applicationHost.config'));

describe('Test-FtpsEnforcer (real pwsh, module imported by path)', () => {
  test('one object per finding, with the JSON report\'s fields; $LASTEXITCODE 2', () => {
    const r = withModule(`$f = @(Test-FtpsEnforcer -DesiredPath ${desired} -ConfigPath ${broken}); [pscustomobject]@{ exit = $LASTEXITCODE; type = $f[0].PSObject.TypeNames[0]; findings = $f } | ConvertTo-Json -Depth 5`);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.exit, 2);
    assert.equal(out.type, 'FtpsEnforcer.Finding');
    const codes = out.findings.map((f: any) => `${f.Code}:${f.Setting}`);
    assert.ok(codes.includes('PORT_RANGE:lowDataChannelPort'));
    assert.ok(codes.includes('EXTERNAL_ADDRESS_SITE:externalIp4Address'));
    const site = out.findings.find((f: any) => f.Code === 'EXTERNAL_ADDRESS_SITE');
    assert.equal(site.Site, 'FTPS Site');
    assert.equal(site.Desired, '203.0.113.10');
    assert.equal(site.Fixable, true);
    assert.ok(site.Message.length > 20);
    assert.deepEqual(Object.keys(site), ['Code', 'Status', 'Site', 'Setting', 'Scope', 'Current', 'Desired', 'Fixable', 'Message', 'Location']);
  });

  test('-Quiet gives $false on drift and $true when compliant; no findings when compliant', () => {
    const r = withModule(`Test-FtpsEnforcer ${desired} -ConfigPath ${broken} -Quiet; Test-FtpsEnforcer ${desired} -ConfigPath ${fixed} -Quiet; @(Test-FtpsEnforcer ${desired} -ConfigPath ${fixed}).Count; $LASTEXITCODE`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split(/\r?\n/), ['False', 'True', '0', '0']);
  });

  test('errors are PowerShell errors with a category: missing file, bad desired state, missing agent', () => {
    const script = [
      `Test-FtpsEnforcer ${q(fixture('nope.json'))} -ConfigPath ${fixed} -ErrorAction SilentlyContinue -ErrorVariable e1`,
      `$c1 = "$($e1[0].CategoryInfo.Category)|$($e1[0].FullyQualifiedErrorId)|$LASTEXITCODE"`,
      `Set-Content -Path (Join-Path ([IO.Path]::GetTempPath()) 'ps-bad-desired.json') -Value '{"externalIp4Address":"ftp.example.com","lowDataChannelPort":50000,"highDataChannelPort":50099}'`,
      `Test-FtpsEnforcer (Join-Path ([IO.Path]::GetTempPath()) 'ps-bad-desired.json') -ConfigPath ${fixed} -ErrorAction SilentlyContinue -ErrorVariable e2`,
      `$c2 = "$($e2[0].CategoryInfo.Category)|$($e2[0].Exception.Message)"`,
      `Test-FtpsEnforcer ${desired} -ConfigPath ${fixed} -AgentPath no-such-agent -ErrorAction SilentlyContinue -ErrorVariable e3`,
      `$c3 = "$($e3[0].CategoryInfo.Category)|$($e3[0].FullyQualifiedErrorId)"`,
      `try { Test-FtpsEnforcer ${q(fixture('nope.json'))} -ConfigPath ${fixed} -ErrorAction Stop; $c4 = 'no throw' } catch { $c4 = 'threw' }`,
      '$c1; $c2; $c3; $c4',
    ].join('\n');
    const r = withModule(script);
    assert.equal(r.code, 0, r.stderr);
    const [c1, c2, c3, c4] = r.stdout.trim().split(/\r?\n/);
    assert.equal(c1, 'ObjectNotFound|FileNotFound,Test-FtpsEnforcer|1');
    assert.match(c2!, /^InvalidData\|.*host name/);
    assert.equal(c3, 'ObjectNotFound|AgentNotFound,Test-FtpsEnforcer');
    assert.equal(c4, 'threw');
  });

  test('-Verbose passes --verbose and shows the agent\'s debug log on the verbose stream', () => {
    const r = withModule(`Test-FtpsEnforcer ${desired} -ConfigPath ${fixed} -Quiet -Verbose 4>&1 | ForEach-Object { "$_" }`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /read .*fixed-backend.*applicationHost\.config: 1 FTP site\(s\)/);
  });

  test('Get-Help -Full shows the comment-based help of both functions', () => {
    const r = withModule('Get-Help Test-FtpsEnforcer -Full | Out-String -Width 200; "@@@@"; Get-Help Invoke-FtpsEnforcer -Full | Out-String -Width 200');
    assert.equal(r.code, 0, r.stderr);
    const [t, i] = r.stdout.split('@@@@');
    assert.match(t!, /Audits this IIS server's FTP settings against a desired-state file/);
    assert.match(t!, /-Quiet/);
    assert.match(t!, /Return \$true when compliant/);
    assert.match(t!, /EXAMPLE 2/);
    assert.match(i!, /Fixes this IIS server's FTP settings/);
    assert.match(i!, /-WhatIf/);
    assert.match(i!, /-Confirm/);
    assert.match(i!, /When to restart ftpsvc/);
  });
});
