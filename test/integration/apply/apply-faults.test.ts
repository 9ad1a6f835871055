/**
 * Fault injection at every step apply takes (issue 15), with real pwsh against the WebAdministration double,
 * which fails the way IIS fails (test/doubles/WebAdministration/private/Service.ps1 lists the switches). Each
 * test asserts the bytes on disk, the report's rollback fields, the exit code, and the event the scheduled
 * task would write for that report (eventsForRun, what `schedule run` hands to eventcreate).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventsForRun } from '../../../src/eventlog/events-for-run.js';
import { ApplyLab, desiredFile, report, type ServiceState } from './harness.js';

interface Faulted {
  code: number | null;
  stderr: string;
  rep: any;
  events: { id: number; description: string }[];
}

async function applyWith(lab: ApplyLab, service: Partial<ServiceState>, env: Record<string, string> = {}, extra: string[] = []): Promise<Faulted> {
  lab.setService(service);
  const r = await lab.apply(['--desired', desiredFile, '--format', 'json', ...extra], env);
  const rep = report(r);
  const error = r.stderr.split('\n').find((l) => l.startsWith('error: '))?.slice(7);
  const events = eventsForRun({ mode: 'apply', exitCode: r.code ?? -1, report: rep, ...(error ? { error } : {}) });
  return { code: r.code, stderr: r.stderr, rep, events };
}

const ids = (f: Faulted) => f.events.map((e) => e.id);

/** Nothing about this backend changed, and the report and event say the previous configuration is back. */
function assertRolledBack(f: Faulted, lab: ApplyLab, before: Buffer[], files: string[]): void {
  assert.equal(f.code, 1, f.stderr);
  assert.equal(f.rep.apply.status, 'failed');
  assert.equal(f.rep.apply.rollback.succeeded, true);
  assert.equal(f.rep.apply.rollback.configRestored, true);
  assert.equal(f.rep.apply.ftpDown, null);
  files.forEach((file, i) => assert.deepEqual(readFileSync(file), before[i], `${file} is byte-identical`));
  assert.deepEqual(ids(f), [300], 'ApplyFailedRolledBack');
  assert.equal(lab.service().status, 'Running');
}

describe('fault injection: every step of apply, real pwsh against the double', () => {
  test('backup fails (access denied): nothing written, the service untouched, exit 1, event 300', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, { failBackup: true });
      assertRolledBack(f, lab, [before], [lab.configFile]);
      assert.match(f.rep.apply.error, /^apply failed at the backup step: Cannot create backup '.*': Access is denied/);
      assert.equal(f.rep.apply.rollback.attempted, false, 'nothing had been written');
      assert.equal(lab.service().setCalls ?? 0, 0);
      assert.equal(lab.service().restartCount, 0);
    } finally {
      lab.cleanup();
    }
  });

  test('a Set inside the commit delay fails: the delay is discarded, the backup restored, exit 1, event 300', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, { failSetOnCall: 2 });
      assertRolledBack(f, lab, [before], [lab.configFile]);
      assert.match(f.rep.apply.error, /^apply failed at the set step: .*Cannot write configuration file/);
      assert.equal(f.rep.apply.rollback.attempted, true);
      assert.equal(lab.service().commitCount ?? 0, 0, 'never committed');
      assert.equal(lab.service().restartCount, 0);
    } finally {
      lab.cleanup();
    }
  });

  test('the commit fails before writing: backup restored, ftpsvc untouched, exit 1, event 300', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, { failCommit: true });
      assertRolledBack(f, lab, [before], [lab.configFile]);
      assert.match(f.rep.apply.error, /^apply failed at the commit step: .*Cannot commit configuration changes because the file has changed on disk/);
      assert.equal(lab.service().restartCount, 0);
    } finally {
      lab.cleanup();
    }
  });

  test('the commit writes applicationHost.config of a configSource split, then fails on sites.config: both files back, exit 1, event 300', async () => {
    const lab = new ApplyLab('config-source');
    try {
      const files = [lab.configFile, lab.path('sites.config')];
      const before = files.map((f) => readFileSync(f));
      const f = await applyWith(lab, { failCommitAfterFiles: 1 });
      assertRolledBack(f, lab, before, files);
      assert.match(f.rep.apply.error, /^apply failed at the commit step: .*sites\.config.*Cannot write configuration file/);
    } finally {
      lab.cleanup();
    }
  });

  test('the read-back differs (IIS normalising a value): failed at verify, restored, ftpsvc untouched, exit 1, event 300', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, { normalizeOnRead: { externalIp4Address: '203.0.113.010' } });
      assertRolledBack(f, lab, [before], [lab.configFile]);
      assert.match(f.rep.apply.error, /^apply failed at the verify step: Read-back mismatch after commit: externalIp4Address on .* reads back '203\.0\.113\.010', not '203\.0\.113\.10'/);
      assert.ok(f.rep.apply.applied.some((a: any) => a.verified === false && a.readBack === '203.0.113.010'));
      assert.equal(lab.service().restartCount, 0, 'a run that failed before its restart never touches ftpsvc');
    } finally {
      lab.cleanup();
    }
  });

  test('Restore-WebConfiguration fails after a half-written commit: the agent\'s own copies put both files back, exit 1, the IIS failure named', async () => {
    // IIS's backup is not trusted alone (issue 16 item 1): the agent's hashed copies restore what the commit wrote.
    const lab = new ApplyLab('config-source');
    try {
      const sitesBefore = readFileSync(lab.path('sites.config'));
      const mainBefore = readFileSync(lab.configFile);
      const f = await applyWith(lab, { failCommitAfterFiles: 1, failRestore: true });
      assert.equal(f.code, 1, f.stderr);
      assert.equal(f.rep.apply.rollback.attempted, true);
      assert.equal(f.rep.apply.rollback.succeeded, true);
      assert.equal(f.rep.apply.rollback.configRestored, true);
      // The IIS restore's failure is still said, not swallowed: the own copies are why the configuration is back.
      assert.match(f.rep.apply.rollback.message, /Restore-WebConfiguration -Name ftps-enforcer-\S+ failed: Cannot restore backup/);
      assert.match(f.rep.apply.rollback.message, /the agent's own copies put back \S*applicationHost\.config \(sha256 checked\)/);
      assert.equal(f.rep.apply.ftpDown ?? null, null);
      // Both files are byte for byte what they were before the run.
      assert.deepEqual(readFileSync(lab.configFile), mainBefore);
      assert.deepEqual(readFileSync(lab.path('sites.config')), sitesBefore);
      assert.deepEqual(ids(f), [300], 'ApplyFailedRolledBack');
    } finally {
      lab.cleanup();
    }
  });

  test('ftpsvc does not start again: the file is restored but FTP is down, so the rollback did NOT succeed: exit 3, event 310', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, { failStart: true });
      assert.equal(f.code, 3, f.stderr);
      assert.equal(f.rep.apply.restart.performed, false);
      assert.equal(f.rep.apply.rollback.succeeded, false);
      assert.equal(f.rep.apply.rollback.configRestored, true);
      assert.deepEqual(f.rep.apply.rollback.service, { before: 'Running', after: 'Stopped' });
      assert.match(f.rep.apply.ftpDown, /^FTP IS DOWN on this backend: ftpsvc is Stopped, and was Running before the run; the previous configuration is back/);
      assert.deepEqual(readFileSync(lab.configFile), before);
      assert.equal(lab.service().restartCount, 2, 'the restart, then the restart after the rollback');
      assert.deepEqual(ids(f), [310]);
      assert.match(f.events[0]!.description, /^FTP IS DOWN on this backend/);
    } finally {
      lab.cleanup();
    }
  });

  test('ftpsvc starts and then stops on its own (crashes on the new settings): caught by the settle check; exit 3 while it keeps crashing', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, { stopAfterStartMs: 300 });
      assert.equal(f.code, 3, f.stderr);
      assert.match(f.rep.apply.error, /^apply failed at the restart step: ftpsvc did not stay Running after the restart/);
      assert.equal(f.rep.apply.rollback.configRestored, true);
      assert.equal(f.rep.apply.rollback.succeeded, false);
      assert.deepEqual(readFileSync(lab.configFile), before);
      assert.equal(lab.service().status, 'Stopped');
      assert.deepEqual(ids(f), [310]);
    } finally {
      lab.cleanup();
    }
  });

  test('the restart hook fails once (the new settings do not start), then the previous ones do: rollback succeeded, exit 1, event 300', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const hook = join(lab.dir, 'fail-once.sh');
      const marker = join(lab.dir, 'failed-once');
      writeFileSync(hook, `#!/bin/sh\nif [ ! -e "${marker}" ]; then touch "${marker}"; exit 1; fi\nexit 0\n`);
      chmodSync(hook, 0o755);
      const f = await applyWith(lab, {}, { FTPS_DOUBLE_RESTART_HOOK: hook });
      assertRolledBack(f, lab, [before], [lab.configFile]);
      assert.match(f.rep.apply.error, /restart hook exited with 1/);
      assert.deepEqual(f.rep.apply.rollback.service, { before: 'Running', after: 'Running' });
      assert.equal(lab.service().restartCount, 2);
    } finally {
      lab.cleanup();
    }
  });

  test('ftpsvc was Stopped before the run and does not start: the rollback leaves it Stopped, as it was, and succeeds: exit 1, event 300', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, { status: 'Stopped', failStart: true });
      assert.equal(f.code, 1, f.stderr);
      assert.equal(f.rep.apply.rollback.succeeded, true);
      assert.deepEqual(f.rep.apply.rollback.service, { before: 'Stopped', after: 'Stopped' });
      assert.deepEqual(readFileSync(lab.configFile), before);
      assert.deepEqual(ids(f), [300]);
    } finally {
      lab.cleanup();
    }
  });

  test('the agent reads back what it wrote, but another writer replaces the file at the restart: Node re-reads, finds drift, restores the backup', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      // A configuration sync putting back a hand-edited copy once, when ftpsvc starts on the new settings.
      const other = join(lab.dir, 'someone-elses.config');
      writeFileSync(other, before.toString('utf8').replace('<firewallSupport', '<firewallSupport lowDataChannelPort="1"'));
      const hook = join(lab.dir, 'sync-once.sh');
      const marker = join(lab.dir, 'synced-once');
      writeFileSync(hook, `#!/bin/sh\nif [ ! -e "${marker}" ]; then touch "${marker}"; cp "${other}" "$1"; fi\nexit 0\n`);
      chmodSync(hook, 0o755);
      const f = await applyWith(lab, {}, { FTPS_DOUBLE_RESTART_HOOK: hook });
      assert.equal(f.code, 1, f.stderr);
      assert.match(f.rep.apply.error, /^apply wrote the changes, but the configuration read again from disk still drifts \(lowDataChannelPort.*\); the previous configuration is back/);
      assert.equal(f.rep.apply.rollback.attempted, true);
      assert.equal(f.rep.apply.rollback.succeeded, true);
      assert.deepEqual(readFileSync(lab.configFile), before, 'the backup, not the other writer\'s file');
      assert.equal(lab.service().restartCount, 2, 'the restart, then the one after the restore');
      assert.deepEqual(ids(f), [210, 300]);
    } finally {
      lab.cleanup();
    }
  });
});

describe('prerequisites before the backup', () => {
  test('Server 2008 R2 (Begin-/End-WebCommitDelay): one sentence, exit 1, no backup, nothing written', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const f = await applyWith(lab, {}, { FTPS_DOUBLE_IIS75: '1' });
      assert.equal(f.code, 1);
      assert.match(f.stderr, /^error: WebAdministration here has no Start-WebCommitDelay\/Stop-WebCommitDelay \(this is the Server 2008 R2 WebAdministration, which has Begin-\/End-WebCommitDelay instead\), and apply writes every change in one commit delay: apply needs Windows Server 2012 or later\.$/m);
      assert.equal(f.rep.apply.backupName, null);
      assert.deepEqual(readFileSync(lab.configFile), before);
    } finally {
      lab.cleanup();
    }
  });
});


