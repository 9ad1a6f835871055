/**
 * Which PowerShell process an apply run started, recorded so that a later run
 * can tell whether it is still alive after the Node process that owned it was
 * killed (an orphan can still be writing the configuration). A pid alone can
 * be reused, so on Linux the record also holds the process's start time
 * (/proc/<pid>/stat field 22) and the check reads the command line; elsewhere
 * (Windows) only "a process with that pid exists" can be checked cheaply, and
 * the wait it causes is bounded by --lock-timeout.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** A PowerShell process, as recorded in the lock owner record. */
export interface PowerShellStamp {
  pid: number;
  /** Start time in clock ticks since boot (Linux); absent where it cannot be read. */
  startTicks?: string;
}

function procStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function procLooksLikePowerShell(pid: number): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return /^(pwsh|powershell)(\.exe)?$/i.test(basename(argv0)) || /^(pwsh|powershell)/i.test(comm);
  } catch {
    return false;
  }
}

/** A process with this pid exists (EPERM: it does, and belongs to someone else). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function stampPowerShell(pid: number): PowerShellStamp {
  const startTicks = procStartTicks(pid);
  return startTicks ? { pid, startTicks } : { pid };
}

/** The recorded PowerShell process is still running (and, where that can be told, is the same process). */
export function powerShellStillRunning(stamp: PowerShellStamp): boolean {
  if (!Number.isInteger(stamp.pid) || stamp.pid <= 0 || !processIsAlive(stamp.pid)) return false;
  if (stamp.startTicks === undefined) return true;
  // Recorded on Linux: the pid must still be a PowerShell that started at the same tick (not a reused pid).
  return procStartTicks(stamp.pid) === stamp.startTicks && procLooksLikePowerShell(stamp.pid);
}
