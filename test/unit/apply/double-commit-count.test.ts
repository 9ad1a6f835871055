import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DoubleLab } from './double-harness.js';

const FW = "-PSPath 'MACHINE/WEBROOT/APPHOST' -Filter system.ftpServer/firewallSupport";

/** commitCount in the double's ftpsvc.json, 0 when the file does not exist yet. */
function commitCount(lab: DoubleLab): number {
  const p = join(lab.stateDir, 'ftpsvc.json');
  if (!existsSync(p)) return 0;
  return (JSON.parse(readFileSync(p, 'utf8').replace(/^\uFEFF/, '')) as { commitCount?: number }).commitCount ?? 0;
}

describe('WebAdministration double: commitCount counts Stop-WebCommitDelay -Commit $true', () => {
  const lab = new DoubleLab();
  after(() => lab.cleanup());

  test('reads, a Set outside a commit delay and a dropped commit delay count nothing', () => {
    lab.run(`[void](Get-WebConfigurationProperty ${FW} -Name lowDataChannelPort)
      Set-WebConfigurationProperty ${FW} -Name lowDataChannelPort -Value 40000
      Start-WebCommitDelay
      Set-WebConfigurationProperty ${FW} -Name lowDataChannelPort -Value 41000
      Stop-WebCommitDelay -Commit $false; 'null'`);
    assert.equal(commitCount(lab), 0);
  });

  test('each -Commit $true counts once, however many Sets it writes, across processes', () => {
    lab.run(`Start-WebCommitDelay
      Set-WebConfigurationProperty ${FW} -Name lowDataChannelPort -Value 50000
      Set-WebConfigurationProperty ${FW} -Name highDataChannelPort -Value 50099
      Stop-WebCommitDelay -Commit $true; 'null'`);
    assert.equal(commitCount(lab), 1);
    lab.run(`Start-WebCommitDelay; Stop-WebCommitDelay; 'null'`);
    assert.equal(commitCount(lab), 2, 'Stop-WebCommitDelay commits by default, so it counts');
  });
});
