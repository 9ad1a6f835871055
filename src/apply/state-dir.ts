/**
 * The state folder: apply's locks, journal, restart record and its own file
 * backups. An elevated run trusts what it finds there (a journal makes it
 * restart ftpsvc, a backup is what a rollback writes back), so the folder is
 * created for Administrators and SYSTEM only, and an existing one that others
 * can write is refused in the run's PowerShell session, before the first write,
 * by the same ACL decision as the desired-state file (instructions-acl.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, win32 } from 'node:path';
import type { CliIo } from '../cli/io.js';
import { UserError } from '../core/errors.js';

/**
 * Where apply keeps its state: FTPS_ENFORCER_STATE_DIR (tests), else
 * %ProgramData%\ftps-enforcer on Windows, else $XDG_STATE_HOME/ftps-enforcer,
 * else /var/lib/ftps-enforcer.
 */
export function resolveStateDir(io: Pick<CliIo, 'env' | 'platform'>): string {
  const env = io.env;
  if (env.FTPS_ENFORCER_STATE_DIR) return env.FTPS_ENFORCER_STATE_DIR;
  if (io.platform === 'win32') return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'ftps-enforcer');
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'ftps-enforcer');
  return '/var/lib/ftps-enforcer';
}

/** Replaces a folder's inherited ACL with full control for SYSTEM and Administrators only. */
export type ProtectFolder = (dir: string) => void;

/**
 * Creates the state folder if it is missing: mode 0700 on POSIX; on Windows,
 * where a folder under ProgramData inherits "Users may create files and
 * folders", icacls then removes the inheritance and grants SYSTEM and
 * Administrators alone (by SID, so a localised Windows matches). A folder that
 * already exists is left as it is: the ACL check decides whether to trust it.
 */
export function ensureStateDir(stateDir: string, platform: NodeJS.Platform = process.platform, protect: ProtectFolder = protectWithIcacls): void {
  let created: string | undefined;
  try {
    created = mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new UserError(`Cannot create the state folder ${stateDir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): run as an administrator, or set FTPS_ENFORCER_STATE_DIR to a folder only administrators can write.`);
  }
  if (created !== undefined && platform === 'win32') protect(stateDir);
}

/** icacls arguments that leave `dir` to SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544), inherited by everything in it. */
export function protectArguments(dir: string): string[] {
  return [dir, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F'];
}

function protectWithIcacls(dir: string): void {
  // icacls.exe by its full path, no shell: the folder name is an argument, never command text.
  const icacls = win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'icacls.exe');
  const r = spawnSync(icacls, protectArguments(dir), { windowsHide: true, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new UserError(`Created the state folder ${dir} but could not limit it to Administrators and SYSTEM (icacls: ${(r.stderr || r.stdout || r.error?.message || `exit ${r.status}`).trim()}); run as an administrator, or set its permissions by hand: icacls "${dir}" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F`);
  }
}

/** An object the ACL check reads, with the folder it lives in (who can delete and replace it). */
export interface AclTarget {
  path: string;
  container: string;
}

/** The state folder and what a run trusts in it (locks, journal, restart records, backups), where they exist now. */
export function stateAclTargets(stateDir: string, journalFile?: string): AclTarget[] {
  const inside = ['locks', 'journal', 'restarts', 'backups'].map((d) => ({ path: join(stateDir, d), container: stateDir }));
  const journal = journalFile ? [{ path: journalFile, container: dirname(journalFile) }] : [];
  return [{ path: stateDir, container: dirname(stateDir) }, ...inside, ...journal].filter((t) => existsSync(t.path));
}
