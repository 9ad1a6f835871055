/**
 * An ApplyLab whose WebAdministration is the pausing wrapper: an apply run can
 * be stopped at a named step, then killed (the whole process group, or only
 * the PowerShell child), as a crash, a power cut or a task killed by an admin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ApplyLab, type RunResult } from '../../integration/apply/harness.js';
import { cliPath, repoRoot } from '../paths.js';

export const PAUSE_POINTS = ['before-backup', 'after-backup', 'during-commit-delay', 'after-commit', 'during-restart'] as const;
/** Besides those, the double itself pauses between two files of one commit (a configSource split): 'between-commit-files'. */
export type PausePoint = (typeof PAUSE_POINTS)[number] | 'between-commit-files';

export interface PausedRun {
  child: ChildProcess;
  /** The PowerShell process paused at the point. */
  pwshPid: number;
  result: Promise<RunResult & { signal: NodeJS.Signals | null }>;
}

export class CrashLab extends ApplyLab {
  readonly marker = join(this.dir, 'paused-at.txt');

  pausingEnv(point?: PausePoint): Record<string, string> {
    return {
      PSModulePath: [join(repoRoot, 'test', 'support', 'hardening', 'doubles'), join(repoRoot, 'test', 'doubles'), process.env.PSModulePath ?? ''].join(delimiter),
      FTPS_PAUSE_MARKER: this.marker,
      ...(point ? { FTPS_PAUSE_AT: point } : {}),
    };
  }

  /** Starts `apply` in its own process group and resolves once PowerShell is paused at `point`. */
  async applyUntil(point: PausePoint, args: string[]): Promise<PausedRun> {
    const child = spawn(process.execPath, [cliPath, 'apply', '--config', this.configFile, '--powershell', this.wrapper, ...args], {
      cwd: this.dir,
      env: this.env(this.pausingEnv(point)),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const result = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
    const deadline = Date.now() + 90_000;
    while (!existsSync(this.marker) || !readFileSync(this.marker, 'utf8').includes(point)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        this.killGroup(child);
        const r = await result;
        throw new Error(`apply never reached ${point} (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const pwshPid = Number(readFileSync(this.marker, 'utf8').trim().split(/\s+/)[0]);
    return { child, pwshPid, result };
  }

  /** SIGKILL for the CLI and every process it started (they share its process group). */
  killGroup(child: ChildProcess): void {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** The next, ordinary run: the double without pauses. */
  applyAgain(args: string[]): Promise<RunResult> {
    return this.apply(args, this.pausingEnv());
  }
}
