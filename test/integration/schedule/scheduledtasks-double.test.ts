/**
 * The ScheduledTasks double must refuse what Task Scheduler refuses, or the
 * schedule tests would prove nothing. One pwsh process tries each documented
 * mistake and reports which ones threw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';

const SCRIPT = `
$ErrorActionPreference = 'Stop'
Import-Module ScheduledTasks
$a = New-ScheduledTaskAction -Execute 'C:\\node.exe' -Argument 'x'
$ok = New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Minutes 15)
$cases = [ordered]@{
  'interval under a minute'          = { New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Seconds 30) }
  'interval over 31 days'            = { New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Days 32) }
  'duration TimeSpan.MaxValue'       = { New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Minutes 15) -RepetitionDuration ([TimeSpan]::MaxValue) }
  'duration shorter than interval'   = { New-ScheduledTaskTrigger -Once -At (Get-Date) -RepetitionInterval (New-TimeSpan -Minutes 15) -RepetitionDuration (New-TimeSpan -Minutes 5) }
  'MultipleInstances StopExisting'   = { New-ScheduledTaskSettingsSet -MultipleInstances StopExisting }
  'ServiceAccount for a user'        = { New-ScheduledTaskPrincipal -UserId 'CONTOSO\\bob' -LogonType ServiceAccount }
  'task path without backslashes'    = { Register-ScheduledTask -TaskName t -TaskPath 'ftps' -Action $a -Trigger $ok }
  'task name with a slash'           = { Register-ScheduledTask -TaskName 'a/b' -Action $a -Trigger $ok }
  'boot Delay that is not a duration' = { $b = New-ScheduledTaskTrigger -AtStartup; $b.Delay = '2 minutes'; Register-ScheduledTask -TaskName t2 -Action $a -Trigger $b }
  'register twice without -Force'    = { Register-ScheduledTask -TaskName t3 -Action $a -Trigger $ok | Out-Null; Register-ScheduledTask -TaskName t3 -Action $a -Trigger $ok }
  'valid, with -Force'               = { Register-ScheduledTask -TaskName t3 -Action $a -Trigger $ok -Force | Out-Null }
}
$result = [ordered]@{}
foreach ($k in $cases.Keys) { try { & $cases[$k] | Out-Null; $result[$k] = 'accepted' } catch { $result[$k] = 'refused' } }
$result | ConvertTo-Json -Compress
`;

test('the ScheduledTasks double refuses what Task Scheduler documents as invalid, and accepts a valid task', () => {
  const dir = mkdtempSync(join(tmpdir(), 'st-double-'));
  const file = join(dir, 'cases.ps1');
  writeFileSync(file, SCRIPT);
  const r = spawnSync(findPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', file], {
    encoding: 'utf8',
    env: pwshEnv({ PSModulePath: `${join(repoRoot, 'test', 'doubles')}${delimiter}${process.env.PSModulePath ?? ''}`, FTPS_DOUBLE_STATE_DIR: dir }),
  });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  const accepted = Object.entries(result).filter(([, v]) => v === 'accepted').map(([k]) => k);
  assert.deepEqual(accepted, ['valid, with -Force']);
});
