/** The apply journal on its own: what a killed run leaves, what the next run reads, and when it is gone. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptedRunSentence, openRunJournal } from '../../src/apply/run-journal.js';
import type { Change } from '../../src/core/plan.js';
import { decideRestart } from '../../src/core/restart-decision.js';

const change = (requiresRestart: boolean): Change => ({ id: 'c', pspath: 'MACHINE/WEBROOT/APPHOST', filter: 'f', name: 'n', value: 1, current: null, site: null, scope: 'server', requiresRestart });

describe('run journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-journal-'));
  const env = { FTPS_ENFORCER_STATE_DIR: dir };
  const config = join(dir, 'applicationHost.config');

  test('a begun, unfinished run is what the next run finds; finishing clears it', () => {
    assert.equal(openRunJournal(config, env, 'linux').interrupted, undefined);
    openRunJournal(config, env, 'linux').begin('ftps-enforcer-20260101T000000Z-abcdef', decideRestart('on-change', [change(true)]));
    const next = openRunJournal(config, env, 'linux');
    assert.equal(next.interrupted?.backupName, 'ftps-enforcer-20260101T000000Z-abcdef');
    assert.equal(next.interrupted?.pid, process.pid);
    assert.equal(next.interrupted?.restartWanted, true);
    assert.equal(openRunJournal(join(dir, 'other.config'), env, 'linux').interrupted, undefined, 'one journal per configuration file');
    next.finish();
    assert.equal(openRunJournal(config, env, 'linux').interrupted, undefined);
  });

  test('restartWanted follows the restart policy and whether a change needs the restart', () => {
    const cases: [Change[], 'on-change' | 'never' | 'always', boolean][] = [
      [[change(true)], 'on-change', true],
      [[change(false)], 'on-change', false],
      [[change(true)], 'never', false],
      [[], 'always', true],
    ];
    for (const [changes, policy, wanted] of cases) {
      openRunJournal(config, env, 'linux').begin('b', decideRestart(policy, changes));
      assert.equal(openRunJournal(config, env, 'linux').interrupted?.restartWanted, wanted, `${policy} ${changes.length}`);
      openRunJournal(config, env, 'linux').finish();
    }
  });

  test('with the files apply may write: each one\'s sha256 before the write, and where the agent copies it', () => {
    const main = join(dir, 'applicationHost.config');
    const sites = join(dir, 'sites.config');
    writeFileSync(main, '<configuration/>');
    writeFileSync(sites, '<sites/>');
    const backup = openRunJournal(config, env, 'linux').begin('ftps-enforcer-b', decideRestart('on-change', [change(true)]), [main, sites]);
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    const expected = [{ path: main, sha256: sha('<configuration/>') }, { path: sites, sha256: sha('<sites/>') }];
    assert.deepEqual(backup, { folder: join(dir, 'backups', 'ftps-enforcer-b'), files: expected });
    const entry = openRunJournal(config, env, 'linux').interrupted!;
    assert.deepEqual(entry.files, expected);
    assert.equal(entry.backupFolder, join(dir, 'backups', 'ftps-enforcer-b'));
    assert.match(interruptedRunSentence(entry, true), /it had written none of its files .*; it had made no copies of them yet/);
    // Killed between the two files (the agent had made its copies): the next run says which one was written.
    mkdirSync(backup!.folder, { recursive: true });
    writeFileSync(main, '<configuration><new/></configuration>');
    assert.match(interruptedRunSentence(entry, true), new RegExp(`it had written ${main}; not ${sites} \\(as before\\), so the configuration is part old, part new and this run finishes it; its own copies of them from before it are in .*ftps-enforcer-b`));
    openRunJournal(config, env, 'linux').finish();
  });

  test('the warning names the run, its backup and how to restore it', () => {
    const s = interruptedRunSentence({ pid: 42, host: 'web1', startedAt: '2026-01-01T00:00:00Z', configFile: config, backupName: 'ftps-enforcer-x', restartWanted: true }, true);
    assert.match(s, /pid 42 on web1.*its backup ftps-enforcer-x.*Restore-WebConfiguration -Name ftps-enforcer-x.*restarts ftpsvc/);
    rmSync(dir, { recursive: true, force: true });
  });
});
