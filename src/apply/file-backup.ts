/**
 * apply's own backup of every file it may write (issue 16 item 1). IIS's
 * Backup-WebConfiguration is assumed to copy only the local inetsrv\config
 * files (DOMAIN.md: AppCmd-style backups leave a redirected, shared
 * applicationHost.config out, and nothing documents that the cmdlet differs),
 * and configSource files are not documented either. So before the first write
 * the agent copies each file apply may write into the state folder
 * (`backups/<backupName>/`), checking every copy against the hash Node took
 * and the journal recorded; a rollback puts back each file that no longer has
 * its recorded hash, and checks the hash again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../core/hash.js';
import type { Plan } from '../core/plan.js';

/** One file apply may write, with its sha256 before the run wrote anything. */
export interface BackedUpFile {
  path: string;
  sha256: string;
}

/** What the agent copies at the backup point and restores on rollback; the journal records the same. */
export interface FileBackup {
  /** `<state folder>/backups/<backupName>`: created by the agent, which fails if it exists. */
  folder: string;
  files: BackedUpFile[];
}

/**
 * The files apply may write: the effective applicationHost.config (the shared
 * one with shared configuration) and its configSource files. redirection.config
 * is read, never written.
 */
export function filesApplyMayWrite(config: Plan['config']): string[] {
  const redirection = config.redirection?.redirectionConfig;
  return config.filesRead.filter((f) => f !== redirection);
}

export function backupFolder(stateDir: string, backupName: string): string {
  return join(stateDir, 'backups', backupName);
}

/** Hashes each file now (under the lock, just before the run writes). */
export function describeFileBackup(stateDir: string, backupName: string, files: readonly string[]): FileBackup {
  return { folder: backupFolder(stateDir, backupName), files: files.map((path) => ({ path, sha256: sha256(readFileSync(path)) })) };
}

/** How each recorded file stands now, against the hash it had before the run: the next run's account of an interrupted one. */
export type FileStanding = { path: string; state: 'as-before' | 'written' | 'missing' };

export function fileStandings(files: readonly BackedUpFile[]): FileStanding[] {
  return files.map((f) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(f.path);
    } catch {
      return { path: f.path, state: 'missing' as const };
    }
    return { path: f.path, state: sha256(bytes) === f.sha256 ? ('as-before' as const) : ('written' as const) };
  });
}
