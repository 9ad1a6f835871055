/** Issue 19 item 3: what a PowerShell user sees from Test-FtpsEnforcer (real pwsh, module imported by path). */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../support/paths.js';
import { q, withModule } from './psmodule-harness.js';

const broken = q(fixture('broken-backend', 'applicationHost.config'));
const fixed = q(fixture('fixed-backend', 'applicationHost.config'));

describe('Test-FtpsEnforcer usability', () => {
  let dir = '';
  let bad = '';
  let zeroRange = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-usability-'));
    bad = join(dir, 'bad.json');
    // Three problems: an unknown key, a host name for the address, a reversed range.
    writeFileSync(bad, '{"externalIp4Address":"ftp.example.com","lowDataChannelPort":50000,"highDataChannelPort":40099,"x":1}\n');
    zeroRange = join(dir, 'zero.json');
    // Valid but warned about: 0-0 leaves the passive ports to Windows' ephemeral range.
    writeFileSync(zeroRange, '{"externalIp4Address":"203.0.113.10","lowDataChannelPort":0,"highDataChannelPort":0}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a bad desired-state file: the error message lists every problem, without -Verbose', () => {
    const r = withModule(`Test-FtpsEnforcer ${q(bad)} -ConfigPath ${fixed} -ErrorAction SilentlyContinue -ErrorVariable e; "$($e[0].CategoryInfo.Category)"; $e[0].Exception.Message`);
    assert.equal(r.code, 0, r.stderr);
    const [category, ...message] = r.stdout.trim().split(/\r?\n/);
    assert.equal(category, 'InvalidData');
    assert.match(message[0]!, /bad\.json has 3 problems/);
    assert.match(message.join('\n'), /x is not a known key/);
    assert.match(message.join('\n'), /a host name/);
    assert.match(message.join('\n'), /swap them/);
  });

  test('the agent\'s warnings reach the Warning stream', () => {
    const r = withModule(`$null = Test-FtpsEnforcer ${q(zeroRange)} -ConfigPath ${fixed} -WarningVariable w -WarningAction SilentlyContinue; $w.Count; "$($w[0])"`);
    assert.equal(r.code, 0, r.stderr);
    const [count, first] = r.stdout.trim().split(/\r?\n/);
    assert.equal(count, '1');
    assert.match(first!, /zero\.json: line 1: lowDataChannelPort and highDataChannelPort are 0/);
  });

  test('findings print as a table with Site, Setting, Status, Current, Desired, Location', () => {
    const r = withModule(`Test-FtpsEnforcer -DesiredPath ${q(zeroRange)} -ConfigPath ${broken} -WarningAction SilentlyContinue | Out-String -Width 300`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    assert.match(lines[0]!, /^Site\s+Setting\s+Status\s+Current\s+Desired\s+Location\s*$/);
    assert.match(lines[1]!, /^-+\s+-+/);
    assert.ok(lines.some((l) => /^\(server\)\s+desired state\s+warning\s+.*zero\.json:1\s*$/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /^FTPS Site\s+externalIp4Address\s+drift\s+203\.0\.113\.10/.test(l)), r.stdout);
    assert.ok(!lines.some((l) => /^Message\s*:/.test(l)), 'no list view');
  });

  test('the desired-state file comes from the pipeline: a path string or Get-ChildItem', () => {
    const r = withModule([
      `$a = @(Get-ChildItem ${q(zeroRange)} | Test-FtpsEnforcer -ConfigPath ${fixed} -WarningAction SilentlyContinue)`,
      `$b = @(${q(zeroRange)}, ${q(fixture('desired.json'))} | Test-FtpsEnforcer -ConfigPath ${fixed} -Quiet -WarningAction SilentlyContinue)`,
      '"$($a.Count)|$(@($a | Where-Object Code -eq DESIRED_STATE).Count)"; $b -join ","',
    ].join('\n'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split(/\r?\n/), ['3|1', 'False,True']);
  });

  test('each finding keeps the file:line it comes from as Location', () => {
    const r = withModule(`${q(zeroRange)}, ${q(fixture('desired.json'))} | Test-FtpsEnforcer -ConfigPath ${broken} -WarningAction SilentlyContinue | ForEach-Object { "$($_.Code)|$($_.Setting)|$($_.Location)" }`);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split(/\r?\n/);
    const desired = rows.find((l) => l.startsWith('DESIRED_STATE|'));
    assert.equal(desired, `DESIRED_STATE|desired state|${zeroRange}:1`);
    assert.ok(rows.some((l) => /^[A-Z_]+\|controlChannelPolicy\|.*broken-backend[\\/]applicationHost\.config:\d+$/.test(l)), r.stdout);
  });

  test('the error category comes from the agent\'s typed answer, not its sentence: file names that look like other errors', () => {
    // Paths whose words the old text matching took for an apply failure ("rollback") or a missing module
    // ("WebAdministration"): a missing file is still FileNotFound, a bad file still InvalidDesiredState.
    const missing = join(dir, 'rollback-restored', 'desired.json');
    const webadmin = join(dir, 'WebAdministration-bad.json');
    writeFileSync(webadmin, '{"externalIp4Address":"203.0.113.10","lowDataChannelPort":50000}\n');
    const r = withModule([
      `Test-FtpsEnforcer ${q(missing)} -ConfigPath ${fixed} -ErrorAction SilentlyContinue -ErrorVariable e1`,
      `Test-FtpsEnforcer ${q(webadmin)} -ConfigPath ${fixed} -ErrorAction SilentlyContinue -ErrorVariable e2`,
      '"$($e1[0].CategoryInfo.Category)|$($e1[0].FullyQualifiedErrorId)"; "$($e2[0].CategoryInfo.Category)|$($e2[0].FullyQualifiedErrorId)"',
    ].join('\n'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split(/\r?\n/), ['ObjectNotFound|FileNotFound,Test-FtpsEnforcer', 'InvalidData|InvalidDesiredState,Test-FtpsEnforcer']);
  });
});
