/**
 * SIGKILL at each step of apply (real pwsh, the WebAdministration double
 * wrapped to pause at a step): the configuration is always the old file or a
 * whole new one, and the next run notices the interrupted run (stale lock
 * taken over, the backup it left named), recovers, and ends compliant with
 * ftpsvc restarted exactly once.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { makePlan } from '../../src/app/make-plan.js';
import { desiredFile, report } from '../integration/apply/harness.js';
import { silentLogger } from '../support/hardening/silent-logger.js';
import { CrashLab, PAUSE_POINTS, type PausePoint } from '../support/hardening/crash-lab.js';

const BEFORE_COMMIT: readonly PausePoint[] = ['before-backup', 'after-backup', 'during-commit-delay'];
const args = ['--desired', desiredFile, '--format', 'json'];

function assertWholeNewFile(lab: CrashLab, old: Buffer): void {
  const now = readFileSync(lab.configFile);
  assert.notDeepEqual(now, old, 'the commit happened, so the file is the new one');
  assert.equal(XMLValidator.validate(now.toString('utf8').replace(/^\uFEFF/, '')), true, 'the new file is well-formed');
  const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(now.toString('utf8').replace(/^\uFEFF/, ''));
  assert.equal(tree.configuration['system.ftpServer'].firewallSupport['@_lowDataChannelPort'], '50000', 'and carries every change');
}

/** Compliant on disk (planned again in process, as audit does), ftpsvc Running after exactly one restart, no journal left. */
function assertCompliantAfter(lab: CrashLab): void {
  const { plan } = makePlan({ configPath: lab.configFile, desiredPath: desiredFile, mode: 'audit', logger: silentLogger });
  assert.equal(plan.compliant, true, JSON.stringify(plan.checks.filter((c) => c.status !== 'ok')));
  assert.equal(lab.service().status, 'Running');
  assert.equal(lab.service().restartCount, 1, 'ftpsvc restarted exactly once, by the recovering run');
  const journal = join(lab.lockDir, 'journal');
  assert.deepEqual(existsSync(journal) ? readdirSync(journal) : [], [], 'the journal is gone: the next run has nothing to report');
}

describe('SIGKILL of the whole run (node and pwsh) at each step of apply', { concurrency: 3 }, () => {
  for (const point of PAUSE_POINTS) {
    test(`killed ${point}: old-or-new file, the next run notices, recovers, and ftpsvc restarts once`, async () => {
      const lab = new CrashLab('drift');
      try {
        const old = readFileSync(lab.configFile);
        const paused = await lab.applyUntil(point, args);
        lab.killGroup(paused.child);
        assert.equal((await paused.result).signal, 'SIGKILL');

        if (BEFORE_COMMIT.includes(point)) assert.deepEqual(readFileSync(lab.configFile), old, 'killed before the commit: the old file, byte for byte');
        else assertWholeNewFile(lab, old);

        const next = await lab.applyAgain([...args, '--lock-timeout', '5']);
        assert.equal(next.code, 0, next.stderr);
        assert.match(next.stderr, /taking over a stale apply lock left by pid \d+ on .* whose process is gone/);
        // The journal recorded the file with its hash before any write: the next run says whether it was written.
        const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const files = BEFORE_COMMIT.includes(point) ? `it had written none of its files \\(${esc(lab.configFile)}\\)` : `it had written ${esc(lab.configFile)}`;
        const copies = point === 'before-backup' || point === 'after-backup' ? 'it had made no copies of them yet' : 'its own copies of them from before it are in \\S+';
        assert.match(next.stderr, new RegExp(`an earlier apply run did not finish \\(pid \\d+ .*\\): its backup ftps-enforcer-\\d{8}T\\d{6}Z-[0-9a-f]{6}, if it got that far, holds the configuration from before it \\(Restore-WebConfiguration -Name ftps-enforcer-\\S+\\); ${files}; ${copies}; this run checks the configuration again and restarts ftpsvc`));
        const rep = report(next);
        assert.equal(rep.apply.status, 'applied');
        assert.equal(rep.apply.restart.performed, true);
        if (!BEFORE_COMMIT.includes(point)) {
          assert.equal(rep.changes.length, 0, 'the file was already new: only the owed restart');
          assert.match(rep.apply.restart.reason, /earlier apply run was interrupted/);
        }
        assertCompliantAfter(lab);
      } finally {
        lab.cleanup();
      }
    });
  }
});

describe('SIGKILL of the PowerShell child only', { concurrency: true }, () => {
  test('killed after the commit: the CLI says the state was unknown and restores its backup; the next run applies again', async () => {
    const lab = new CrashLab('drift');
    try {
      const old = readFileSync(lab.configFile);
      const paused = await lab.applyUntil('after-commit', args);
      process.kill(paused.pwshPid, 'SIGKILL');
      const first = await paused.result;
      assert.equal(first.code, 1);
      assert.match(first.stderr, /^error: PowerShell \(.*\) exited during Invoke-FtpsEnforcerApply: Shell process \d+ exited; the previous configuration is back \(.*restored from backup ftps-enforcer-\S+/m);
      // One line of plain English: log lines aside, nothing but the error (no library residue, no stack).
      assert.deepEqual(first.stderr.trimEnd().split('\n').filter((l) => !/^(warn|info): /.test(l)).length, 1, first.stderr);
      assert.deepEqual(readFileSync(lab.configFile), old, 'the backup put the old file back, byte for byte');
      const next = await lab.applyAgain(args);
      assert.equal(next.code, 0, next.stderr);
      assert.equal(report(next).apply.status, 'applied');
      const { plan } = makePlan({ configPath: lab.configFile, desiredPath: desiredFile, mode: 'audit', logger: silentLogger });
      assert.equal(plan.compliant, true);
      assert.equal(lab.service().status, 'Running');
    } finally {
      lab.cleanup();
    }
  });
});
