/**
 * One apply at a time per configuration IIS really reads (a scheduled task and
 * a pipeline must not interleave): the lock is keyed on the effective
 * applicationHost.config after redirection.config, so `--config` spelt two ways,
 * or the local file and the shared one it redirects to, are one lock. With
 * shared configuration a second lock, the farm lock, sits beside the shared
 * applicationHost.config itself: every backend of the farm takes it, so two
 * backends never write that file at once. proper-lockfile holds each lock (a directory whose
 * mtime the holder refreshes); an owner record beside it says who holds it.
 * A lock left by a run that was killed is taken over, and the log says so:
 * at once when its owner was on this host and its process is gone, else when
 * proper-lockfile finds it stale (not refreshed for STALE_MS). The owner
 * record also names the run's PowerShell process: when only Node was killed,
 * that orphan may still be writing, so the lock is treated as held until it
 * exits (bounded by --lock-timeout).
 */
import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { findRedirection } from '../config/redirection.js';
import { ensureStateDir } from './state-dir.js';
import type { Logger } from '../log/logger.js';
import { powerShellStillRunning, processIsAlive, stampPowerShell, type PowerShellStamp } from './powershell-stamp.js';

const STALE_MS = 15_000;
const POLL_MS = 250;

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  since: string;
  configFile: string;
  /** The run's PowerShell process, recorded as soon as its session starts. */
  powershell?: PowerShellStamp;
}

export interface RunLock {
  release(): Promise<void>;
  /** Set when a stale lock was taken over: whose it was, in words. */
  tookOver?: string;
  waitedMs: number;
  /** Records the run's PowerShell process in the owner record. */
  recordPowerShell(pid: number): void;
  /** The applicationHost.config the lock is keyed on (after redirection). */
  effectiveConfig: string;
  /** With shared configuration: the farm lock beside the shared file, held too. */
  farmLock?: string;
}

export interface LockRequest {
  stateDir: string;
  configFile: string;
  command: string;
  timeoutSeconds: number;
  logger: Logger;
}

/**
 * The applicationHost.config IIS reads for `configFile`: the shared one when redirection.config enables it,
 * as a real path (symlinks and `..` resolved), so every spelling of one file is one key.
 */
export function effectiveConfigFile(configFile: string): { file: string; shared: boolean } {
  const shared = findRedirection(configFile)?.redirection?.configFile;
  return { file: realPath(resolve(shared ?? configFile)), shared: shared !== undefined };
}

function realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    // Not there (yet): planning reports that in its own words; the path as given is the key meanwhile.
    return file;
  }
}

/** A lock's file name stem: the effective configuration's path (case-folded on Windows), hashed. */
export function lockKey(effectiveConfig: string, platform: NodeJS.Platform = process.platform): string {
  return sha256(Buffer.from(platform === 'win32' ? effectiveConfig.toLowerCase() : effectiveConfig, 'utf8')).slice(0, 16);
}

/** The farm lock's stem: beside the shared applicationHost.config, seen by every backend that reads it. */
export function farmLockTarget(sharedConfig: string): string {
  return join(dirname(sharedConfig), 'ftps-enforcer.farm');
}

export async function acquireRunLock(req: LockRequest): Promise<RunLock> {
  ensureStateDir(req.stateDir);
  const dir = join(req.stateDir, 'locks');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new UserError(`Cannot create the lock folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): run as an administrator, or set FTPS_ENFORCER_STATE_DIR to a writable folder.`);
  }
  const effective = effectiveConfigFile(req.configFile);
  const started = Date.now();
  const deadline = started + Math.max(0, req.timeoutSeconds) * 1000;
  const local = await takeLock({ ...req, target: join(dir, lockKey(effective.file)), what: 'the apply lock', busy: `Another ftps-enforcer run is applying to ${req.configFile}`, heldBy: 'the lock is held by', deadline, started });
  if (!effective.shared) return { ...local, effectiveConfig: effective.file };
  let farm: Held;
  try {
    farm = await takeLock({ ...req, target: farmLockTarget(effective.file), what: `the farm lock beside ${effective.file} (one writer per shared configuration)`,
      busy: `Another ftps-enforcer run is writing the shared configuration ${effective.file}`, heldBy: 'the farm lock beside it is held by', deadline, started });
  } catch (err) {
    await local.release();
    throw err;
  }
  return {
    effectiveConfig: effective.file,
    farmLock: `${farmLockTarget(effective.file)}.lock`,
    waitedMs: Date.now() - started,
    ...(local.tookOver || farm.tookOver ? { tookOver: [local.tookOver, farm.tookOver].filter(Boolean).join('; ') } : {}),
    recordPowerShell(pid: number) {
      local.recordPowerShell(pid);
      farm.recordPowerShell(pid);
    },
    release: async () => {
      await farm.release();
      await local.release();
    },
  };
}

type Held = Omit<RunLock, 'effectiveConfig' | 'farmLock'>;

interface TakeRequest extends LockRequest {
  /** Path stem: `<target>.lock` is the lock, `<target>.owner.json` the owner record. */
  target: string;
  /** The lock, in words, for the log. */
  what: string;
  /** The error's first words when the lock stays held: who is busy with what. */
  busy: string;
  /** "the lock is held by", before the holder. */
  heldBy: string;
  deadline: number;
  started: number;
}

async function takeLock(req: TakeRequest): Promise<Held> {
  const { target, deadline, started } = req;
  const dir = dirname(target);
  const lockPath = `${target}.lock`;
  const ownerPath = `${target}.owner.json`;
  let tookOver: string | undefined;
  let announced = false;
  let orphan: PowerShellStamp | undefined;

  for (;;) {
    const previous = readOwner(ownerPath);
    const running = orphanedPowerShell(lockPath, previous);
    if (running) {
      // Node is gone but its PowerShell may still be writing: the lock is held until it exits.
      if (Date.now() >= deadline) {
        throw new UserError(`Another ftps-enforcer run is applying to ${req.configFile}: ${describeOwner(previous)} is gone, but its PowerShell process ${running.pid} is still running; waited ${req.timeoutSeconds} s (--lock-timeout), try again when it has exited (or stop it).`);
      }
      if (!orphan) req.logger.warn(`${req.what}'s owner, ${describeOwner(previous)}, is gone, but its PowerShell process ${running.pid} is still running and may still be writing; waiting up to ${req.timeoutSeconds} s for it to exit`);
      orphan = running;
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    const took = takeOverIfStale(lockPath, ownerPath, req.logger, orphan);
    tookOver = took ?? tookOver;
    try {
      const release = await lockfile.lock(target, {
        lockfilePath: lockPath,
        realpath: false,
        stale: STALE_MS,
        retries: 0,
        onCompromised: (err) => req.logger.warn(`the apply lock ${lockPath} was lost (${err.message}); another run may now start`),
      });
      const owner: LockOwner = { pid: process.pid, host: hostname(), command: req.command, since: new Date().toISOString(), configFile: req.configFile };
      writeFileSync(ownerPath, `${JSON.stringify(owner)}\n`);
      return {
        waitedMs: Date.now() - started,
        ...(tookOver ? { tookOver } : {}),
        recordPowerShell(pid: number) {
          owner.powershell = stampPowerShell(pid);
          writeFileSync(ownerPath, `${JSON.stringify(owner)}\n`);
        },
        release: async () => {
          rmSync(ownerPath, { force: true });
          await release().catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new UserError(`Cannot take the apply lock ${lockPath}: ${(err as Error).message}; check that ${dir} is writable.`);
      }
      const holder = describeOwner(readOwner(ownerPath));
      if (Date.now() >= deadline) {
        throw new UserError(`${req.busy}: ${req.heldBy} ${holder}; waited ${req.timeoutSeconds} s (--lock-timeout), try again when it has finished.`);
      }
      if (!announced) {
        req.logger.warn(`waiting up to ${req.timeoutSeconds} s for ${req.what}, held by ${holder}`);
        announced = true;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

function readOwner(ownerPath: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(ownerPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

export function describeOwner(o: LockOwner | undefined): string {
  if (!o) return 'another run (no owner record yet)';
  return `pid ${o.pid} on ${o.host} (\`${o.command}\`, since ${o.since})`;
}

/** The PowerShell process of a lock whose Node owner (on this host) is gone, when it is still running. */
function orphanedPowerShell(lockPath: string, owner: LockOwner | undefined): PowerShellStamp | undefined {
  if (!owner?.powershell || owner.host !== hostname() || owner.pid === process.pid || processIsAlive(owner.pid)) return undefined;
  try {
    statSync(lockPath);
  } catch {
    return undefined;
  }
  return powerShellStillRunning(owner.powershell) ? owner.powershell : undefined;
}

/** Removes a lock whose holder is known to be gone; returns what was taken over, in words, or undefined. */
function takeOverIfStale(lockPath: string, ownerPath: string, logger: Logger, waitedFor?: PowerShellStamp): string | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(lockPath).mtimeMs;
  } catch {
    return undefined;
  }
  const owner = readOwner(ownerPath);
  const deadHere = owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !processIsAlive(owner.pid);
  const notRefreshed = Date.now() - mtimeMs > STALE_MS;
  if (!deadHere && !notRefreshed) return undefined;
  const orphanNote = waitedFor ? ` (its PowerShell process ${waitedFor.pid} has exited too)` : '';
  const what = `${describeOwner(owner)}, ${deadHere ? 'whose process is gone' : `not refreshed for ${Math.round((Date.now() - mtimeMs) / 1000)} s`}${orphanNote}`;
  logger.warn(`taking over a stale apply lock left by ${what}`);
  if (deadHere) rmSync(lockPath, { recursive: true, force: true });
  return what;
}
