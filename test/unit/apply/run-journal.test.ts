/**
 * The run journal and the restart record (src/apply/run-journal.ts), in process on a temp state folder: where
 * they live and how they are keyed, what the next run reads, and the warning that accounts for an interrupted
 * run's files. The basic begin/finish cycle is test/hardening/run-journal.test.ts's.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptedRunSentence, openRunJournal, type JournalEntry } from '../../../src/apply/run-journal.js';
import { effectiveConfigFile, lockKey } from '../../../src/apply/run-lock.js';
import type { Change } from '../../../src/core/plan.js';
import { decideRestart } from '../../../src/core/restart-decision.js';

const dir = mkdtempSync(join(tmpdir(), 'ftps-journal-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { FTPS_ENFORCER_STATE_DIR: join(dir, 'state') };
const change = (requiresRestart: boolean): Change => ({ id: 'c', pspath: 'MACHINE/WEBROOT/APPHOST', filter: 'f', name: 'n', value: 1, current: null, site: null, scope: 'server', requiresRestart });
const sha = (t: string) => createHash('sha256').update(t).digest('hex');

describe('where the journal lives', () => {
  test('state/journal/<lock key>.json, the key of the effective configuration file', () => {
    const config = join(dir, 'a', 'applicationHost.config');
    const j = openRunJournal(config, env, 'linux');
    assert.equal(j.stateDir, join(dir, 'state'));
    assert.equal(j.file, join(dir, 'state', 'journal', `${lockKey(effectiveConfigFile(config).file, 'linux')}.json`));
  });
  test('on Windows the path\'s case does not matter (one file, one journal); elsewhere it does', () => {
    const upper = join(dir, 'W', 'ApplicationHost.config');
    const lower = upper.toLowerCase();
    assert.equal(openRunJournal(upper, env, 'win32').file, openRunJournal(lower, env, 'win32').file);
    assert.notEqual(openRunJournal(upper, env, 'linux').file, openRunJournal(lower, env, 'linux').file);
  });
});

describe('begin, finish, and what the next run finds', () => {
  test('the entry: this process, this host, the config, the backup, the restart it wants; written whole', () => {
    const config = join(dir, 'b.config');
    const j = openRunJournal(config, env, 'linux');
    assert.equal(j.begin('bk1', decideRestart('on-change', [change(false), change(true)])), undefined, 'no files: no file backup');
    const entry = openRunJournal(config, env, 'linux').interrupted!;
    assert.equal(entry.pid, process.pid);
    assert.equal(entry.host, hostname());
    assert.equal(entry.configFile, config);
    assert.equal(entry.backupName, 'bk1');
    assert.equal(entry.restartWanted, true, 'one change needing a restart is enough');
    assert.ok(!Number.isNaN(Date.parse(entry.startedAt)));
    assert.equal(entry.files, undefined);
    assert.equal(entry.backupFolder, undefined);
    assert.deepEqual(readdirSync(join(dir, 'state', 'journal')).filter((f) => f.endsWith('.tmp')), [], 'no half-written file left beside it');
    j.finish();
    assert.equal(existsSync(j.file), false);
    j.finish();
  });
  test('an empty list of files is no file backup', () => {
    const j = openRunJournal(join(dir, 'c.config'), env, 'linux');
    assert.equal(j.begin('bk2', decideRestart('on-change', [change(true)]), []), undefined);
    assert.equal(openRunJournal(join(dir, 'c.config'), env, 'linux').interrupted?.files, undefined);
    j.finish();
  });
  test('a journal that is not JSON is no journal', () => {
    const j = openRunJournal(join(dir, 'd.config'), env, 'linux');
    mkdirSync(join(dir, 'state', 'journal'), { recursive: true });
    writeFileSync(j.file, '{ half');
    assert.equal(openRunJournal(join(dir, 'd.config'), env, 'linux').interrupted, undefined);
    j.finish();
  });
});

describe('the restart record', () => {
  test('none at first; recorded with this host and "restart" unless said otherwise; kept across runs', () => {
    const config = join(dir, 'e.config');
    assert.equal(openRunJournal(config, env, 'linux').lastRestart, undefined);
    openRunJournal(config, env, 'linux').recordRestart('h1', '2026-11-26T00:00:00Z');
    assert.deepEqual(openRunJournal(config, env, 'linux').lastRestart, { settingsHash: 'h1', at: '2026-11-26T00:00:00Z', host: hostname(), source: 'restart' });
    openRunJournal(config, env, 'linux').recordRestart('h2', '2026-11-26T00:01:00Z', 'first-seen');
    assert.deepEqual(openRunJournal(config, env, 'linux').lastRestart, { settingsHash: 'h2', at: '2026-11-26T00:01:00Z', host: hostname(), source: 'first-seen' });
    const key = lockKey(effectiveConfigFile(config).file, 'linux');
    assert.ok(existsSync(join(dir, 'state', 'restarts', `${key}.json`)));
    // Finishing a run does not forget the last restart.
    openRunJournal(config, env, 'linux').finish();
    assert.equal(openRunJournal(config, env, 'linux').lastRestart?.settingsHash, 'h2');
  });
});

describe('the warning about an interrupted run', () => {
  const base: JournalEntry = { pid: 42, host: 'web1', startedAt: '2026-11-25T00:00:00Z', configFile: '/c', backupName: 'bk', restartWanted: true };
  const files = join(dir, 'files');
  mkdirSync(files, { recursive: true });
  const a = join(files, 'applicationHost.config');
  const b = join(files, 'sites.config');
  const copies = join(files, 'copies');

  test('the head names the run, its backup and how to restore it; restarting or not', () => {
    const head = 'an earlier apply run did not finish (pid 42 on web1, started 2026-11-25T00:00:00Z): its backup bk, if it got that far, holds the configuration from before it (Restore-WebConfiguration -Name bk)';
    assert.equal(interruptedRunSentence(base, true), `${head}; this run checks the configuration again and restarts ftpsvc, which that run may not have done`);
    assert.equal(interruptedRunSentence(base, false), `${head}; this run checks the configuration again`);
  });

  test('every file written, one missing, copies made: each named', () => {
    writeFileSync(a, 'new a');
    rmSync(b, { force: true });
    mkdirSync(copies, { recursive: true });
    const s = interruptedRunSentence({ ...base, files: [{ path: a, sha256: sha('old a') }, { path: b, sha256: sha('old b') }], backupFolder: copies }, false);
    assert.ok(s.endsWith(`; it had written ${a}; ${b} is missing; its own copies of them from before it are in ${copies}; this run checks the configuration again`), s);
  });

  test('nothing written but a file missing: "written none", the missing one named, no copies yet', () => {
    writeFileSync(a, 'old a');
    rmSync(copies, { recursive: true, force: true });
    const s = interruptedRunSentence({ ...base, files: [{ path: a, sha256: sha('old a') }, { path: b, sha256: sha('old b') }], backupFolder: copies }, false);
    assert.ok(s.includes(`; it had written none; not ${a} (as before), so the configuration is part old, part new and this run finishes it; ${b} is missing; it had made no copies of them yet;`), s);
  });

  test('no copy folder recorded: nothing said about copies', () => {
    writeFileSync(a, 'old a');
    const s = interruptedRunSentence({ ...base, files: [{ path: a, sha256: sha('old a') }] }, false);
    assert.ok(s.includes(`; it had written none of its files (${a}); this run checks`), s);
  });

  test('the files as recorded in the journal: read back the same', () => {
    writeFileSync(a, 'x');
    const config = join(dir, 'f.config');
    const j = openRunJournal(config, env, 'linux');
    const backup = j.begin('bk3', decideRestart('never', [change(true)]), [a]);
    assert.deepEqual(backup, { folder: join(dir, 'state', 'backups', 'bk3'), files: [{ path: a, sha256: sha('x') }] });
    const entry = openRunJournal(config, env, 'linux').interrupted!;
    assert.equal(entry.restartWanted, false);
    assert.deepEqual(entry.files, backup!.files);
    assert.equal(entry.backupFolder, backup!.folder);
    assert.equal(readFileSync(j.file, 'utf8').endsWith('\n'), true);
    j.finish();
  });
});
