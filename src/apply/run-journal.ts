/**
 * The apply journal: a small record written just before apply starts writing
 * (backup, commit, restart) and removed once the run knows how it ended. A
 * journal found by the next run means a run was killed part-way (SIGKILL, a
 * power cut, a task stopped by hand): the configuration is either the old one
 * or the new one (the commit is one file replace), but ftpsvc may not have been
 * restarted with it, and a backup may be left. The next run says so, and
 * restarts ftpsvc when the interrupted run meant to.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { sha256 } from '../core/hash.js';
import type { RestartPolicy } from '../core/desired-state.js';
import type { Change } from '../core/plan.js';
import { resolveStateDir } from './state-dir.js';
import { decideRestart } from '../core/restart-decision.js';

/** What an apply run was about to do, as the next run needs to know it. */
export interface JournalEntry {
  pid: number;
  host: string;
  startedAt: string;
  configFile: string;
  /** The Backup-WebConfiguration name the run used (the backup exists if the run got that far). */
  backupName: string;
  /** The run would have restarted ftpsvc (policy always, or on-change with a firewallSupport change). */
  restartWanted: boolean;
}

export interface RunJournal {
  /** The record an earlier run left, if it did not finish. */
  readonly interrupted: JournalEntry | undefined;
  begin(backupName: string, changes: readonly Change[], policy: RestartPolicy): void;
  finish(): void;
}

/** One journal per configuration file, in the state folder beside the locks. */
export function openRunJournal(configFile: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): RunJournal {
  const dir = join(resolveStateDir({ env, platform }), 'journal');
  const key = sha256(Buffer.from(platform === 'win32' ? resolve(configFile).toLowerCase() : resolve(configFile), 'utf8')).slice(0, 16);
  const file = join(dir, `${key}.json`);
  return {
    interrupted: read(file),
    begin(backupName, changes, policy) {
      const entry: JournalEntry = {
        pid: process.pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        configFile,
        backupName,
        restartWanted: decideRestart(policy, changes).restart,
      };
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, `${JSON.stringify(entry)}\n`);
    },
    finish() {
      rmSync(file, { force: true });
    },
  };
}

function read(file: string): JournalEntry | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
  } catch {
    return undefined;
  }
}

/** The warning the next run logs: who was interrupted, the backup it left, and what this run does about it. */
export function interruptedRunSentence(e: JournalEntry, restarting: boolean): string {
  return `an earlier apply run did not finish (pid ${e.pid} on ${e.host}, started ${e.startedAt}): its backup ${e.backupName}, if it got that far, holds the configuration from before it (Restore-WebConfiguration -Name ${e.backupName}); this run checks the configuration again${restarting ? ' and restarts ftpsvc, which that run may not have done' : ''}`;
}
