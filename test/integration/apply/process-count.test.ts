import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyLab, desiredFile, report } from './harness.js';

/**
 * Issue 6's functional costs of one `apply`, counted by the `--powershell`
 * wrapper (processes) and the WebAdministration double's state file
 * (Stop-WebCommitDelay -Commit $true calls, Restart-Service ftpsvc calls).
 */
function counts(lab: ApplyLab): { processes: number; commits: number; restarts: number } {
  const service = lab.service();
  return { processes: lab.pwshStarts(), commits: Number(service.commitCount ?? 0), restarts: service.restartCount };
}

describe('what one apply costs in PowerShell processes, commits and ftpsvc restarts', () => {
  const compliant = new ApplyLab('compliant');
  const drift = new ApplyLab('drift');
  after(() => {
    compliant.cleanup();
    drift.cleanup();
  });

  test('no drift: 0 processes, 0 commits, 0 restarts', async () => {
    const r = await compliant.apply(['--desired', desiredFile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(report(r).apply.status, 'nothing-to-do');
    assert.deepEqual(counts(compliant), { processes: 0, commits: 0, restarts: 0 });
  });

  test('drift: 1 process, 1 commit, 1 restart', async () => {
    const r = await drift.apply(['--desired', desiredFile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = report(r);
    assert.equal(rep.apply.status, 'applied');
    assert.ok(rep.changes.length > 1, 'several changes, still one commit');
    assert.deepEqual(counts(drift), { processes: 1, commits: 1, restarts: 1 });
  });
});
