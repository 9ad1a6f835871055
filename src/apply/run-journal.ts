/**
 * The apply journal: a small record written just before apply starts writing
 * (backup, commit, restart) and removed once the run knows how it ended. A
 * journal found by the next run means a run was killed part-way (SIGKILL, a
 * power cut, a task stopped by hand).
 *
 * Each file IIS replaces is replaced whole (written beside, then renamed), but
 * a commit that touches applicationHost.config and a configSource file (or a
 * shared applicationHost.config and its configSource files) replaces them one
 * after the other: a run killed between the two leaves some files new and some
 * old. So the journal records every file apply may write with its sha256 from
 * before the write, and where the agent's own copy of it is. The next run
 * compares the files with those hashes and says which ones the killed run
 * wrote; it then plans again from the files as they are and applies what is
 * left (the mix is finished), and the copies from before the killed run stay
 * in the state folder to undo it by hand. It also restarts ftpsvc when the
 * killed run meant to, since nothing drifts any more once the files are new.
 *
 * One more record outlives the runs (`restarts/<key>.json`): the hash of the
 * effective firewall settings at the last ftpsvc restart this agent made (see
 * settings-restart.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describeFileBackup, fileStandings, type BackedUpFile, type FileBackup } from './file-backup.js';
import { effectiveConfigFile, lockKey } from './run-lock.js';
import type { RestartRecord } from './settings-restart.js';
import { resolveStateDir } from './state-dir.js';
import type { RestartDecision } from '../core/restart-decision.js';

/** What an apply run was about to do, as the next run needs to know it. */
export interface JournalEntry {
  pid: number;
  host: string;
  startedAt: string;
  configFile: string;
  /** The Backup-WebConfiguration name the run used (the backup exists if the run got that far). */
  backupName: string;
  /** The run would have restarted ftpsvc (its restart decision, restart-decision.ts). */
  restartWanted: boolean;
  /** Every file the run may write, with its sha256 before the write (absent in journals of older versions). */
  files?: BackedUpFile[];
  /** The agent's own copies of those files. */
  backupFolder?: string;
}

export interface RunJournal {
  /** The record an earlier run left, if it did not finish. */
  readonly interrupted: JournalEntry | undefined;
  /** The state folder the journal lives in (the agent's file backups go under it too). */
  readonly stateDir: string;
  /** The journal file itself (for the state folder's ACL check). */
  readonly file: string;
  /**
   * Records the run before its first write. Given the files apply may write, hashes them now and returns
   * what the agent must copy at the backup point (and put back on rollback).
   */
  begin(backupName: string, restart: RestartDecision, files?: readonly string[]): FileBackup | undefined;
  finish(): void;
  /** The effective firewall settings at the last ftpsvc restart this agent made, if any. */
  readonly lastRestart: RestartRecord | undefined;
  /** Called after every ftpsvc restart this agent made, with the settings ftpsvc now runs with. */
  recordRestart(settingsHash: string, at: string, source?: RestartRecord['source']): void;
}

/** One journal per effective configuration (after redirection), in the state folder beside the locks. */
export function openRunJournal(configFile: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): RunJournal {
  const stateDir = resolveStateDir({ env, platform });
  const dir = join(stateDir, 'journal');
  const key = lockKey(effectiveConfigFile(configFile).file, platform);
  const file = join(dir, `${key}.json`);
  // Outside journal/: that folder holds only records of runs in flight.
  const restartDir = join(stateDir, 'restarts');
  const restartFile = join(restartDir, `${key}.json`);
  return {
    interrupted: read<JournalEntry>(file),
    stateDir,
    file,
    lastRestart: read<RestartRecord>(restartFile),
    begin(backupName, restart, files) {
      const backup = files && files.length > 0 ? describeFileBackup(stateDir, backupName, files) : undefined;
      const entry: JournalEntry = {
        pid: process.pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        configFile,
        backupName,
        restartWanted: restart.restart,
        ...(backup ? { files: backup.files, backupFolder: backup.folder } : {}),
      };
      writeWhole(dir, file, entry);
      return backup;
    },
    finish() {
      rmSync(file, { force: true });
    },
    recordRestart(settingsHash, at, source = 'restart') {
      const record: RestartRecord = { settingsHash, at, host: hostname(), source };
      writeWhole(restartDir, restartFile, record);
    },
  };
}

/** Written beside, then renamed: a run killed mid-write leaves the old record or the new one, never half. */
function writeWhole(dir: string, file: string, value: object): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

function read<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The warning the next run logs: who was interrupted, what it had written, its backups, and what this run does about it. */
export function interruptedRunSentence(e: JournalEntry, restarting: boolean): string {
  const head = `an earlier apply run did not finish (pid ${e.pid} on ${e.host}, started ${e.startedAt}): its backup ${e.backupName}, if it got that far, holds the configuration from before it (Restore-WebConfiguration -Name ${e.backupName})`;
  const files = e.files ? filesSentence(e.files, e.backupFolder) : '';
  return `${head}${files}; this run checks the configuration again${restarting ? ' and restarts ftpsvc, which that run may not have done' : ''}`;
}

function filesSentence(files: readonly BackedUpFile[], folder: string | undefined): string {
  const standings = fileStandings(files);
  const written = standings.filter((s) => s.state === 'written').map((s) => s.path);
  const before = standings.filter((s) => s.state === 'as-before').map((s) => s.path);
  const missing = standings.filter((s) => s.state === 'missing').map((s) => s.path);
  const copies = !folder ? '' : existsSync(folder) ? `; its own copies of them from before it are in ${folder}` : '; it had made no copies of them yet';
  if (written.length === 0 && missing.length === 0) return `; it had written none of its files (${before.join(', ')})${copies}`;
  const parts = [`it had written ${written.join(', ') || 'none'}`];
  if (before.length) parts.push(`not ${before.join(', ')} (as before), so the configuration is part old, part new and this run finishes it`);
  if (missing.length) parts.push(`${missing.join(', ')} is missing`);
  return `; ${parts.join('; ')}${copies}`;
}
