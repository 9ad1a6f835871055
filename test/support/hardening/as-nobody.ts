/**
 * Running the CLI as an unprivileged user (`nobody`, through runuser) from a
 * root test run: a world-readable PowerShell copy (the tool install lives
 * under /root, which nobody cannot enter), and a home folder it may write.
 */
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { cliPath, repoRoot } from '../paths.js';
import { findPwsh } from '../pwsh.js';
import { spawnCollect } from '../run-cli.js';

export const NOBODY_UID = 65534;
export const NOBODY_GID = 65534;

export function assertCanSwitchUser(): void {
  if (process.getuid?.() !== 0) throw new Error('The privilege tests run as root (they switch to `nobody` with runuser); run the suite as root, as CI does.');
  if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) throw new Error('runuser is missing: `apt-get install util-linux`.');
}

/** A copy of the PowerShell tool folder that `nobody` can run, made once per machine boot in the temp folder. */
export function pwshForNobody(): string {
  const real = findPwsh();
  const copy = join(tmpdir(), 'ftps-enforcer-pwsh-for-nobody');
  const exe = join(copy, 'pwsh');
  if (!existsSync(exe)) {
    const partial = `${copy}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(dirname(real), partial, { recursive: true });
    // Renamed into place whole, so a run killed mid-copy never leaves half a PowerShell behind.
    renameSync(partial, copy);
  }
  return exe;
}

/** A folder `nobody` owns. */
export function nobodyDir(parent: string, name: string): string {
  const d = join(parent, name);
  mkdirSync(d, { recursive: true });
  chownSync(d, NOBODY_UID, NOBODY_GID);
  return d;
}

export function worldReadable(dir: string): void {
  chmodSync(dir, 0o755);
}

export interface NobodyRun { code: number | null; stdout: string; stderr: string }

export function runCliAsNobody(args: string[], env: Record<string, string>, cwd: string): Promise<NobodyRun> {
  return spawnCollect('runuser', ['-u', 'nobody', '--', process.execPath, cliPath, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', DOTNET_ROLL_FORWARD: 'Major', DOTNET_CLI_TELEMETRY_OPTOUT: '1', POWERSHELL_TELEMETRY_OPTOUT: '1', ...env },
  });
}

export const doublesPath = join(repoRoot, 'test', 'doubles');
