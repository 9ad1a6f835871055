/**
 * Runs the built CLI as a real child process under /usr/bin/time, so a test
 * can assert what the world sees (exit code, stdout, stderr) and what the run
 * cost: wall time and the child's maximum resident set size. A watchdog kills
 * a run that hangs; `timedOut` says so, which a test treats as a failure.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../paths.js';

export interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole run, ms. */
  ms: number;
  /** Maximum resident set size of the CLI process, in MB (from GNU time %M). */
  maxRssMb: number;
  /** True when the watchdog had to kill the run. */
  timedOut: boolean;
}

const TIME = '/usr/bin/time';

export function assertTimeInstalled(): void {
  if (!existsSync(TIME)) throw new Error('GNU time is not installed at /usr/bin/time: `apt-get install time` (the hardening tests measure max RSS with it).');
}

export function runMeasured(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<MeasuredRun> {
  assertTimeInstalled();
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does).`);
  const dir = mkdtempSync(join(tmpdir(), 'ftps-measure-'));
  const timeFile = join(dir, 'rss');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', '%M', '-o', timeFile, process.execPath, cliPath, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let maxRssMb = NaN;
      try {
        // GNU time writes "Command exited with non-zero status N" before the number when the child fails.
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        maxRssMb = Number(lines[lines.length - 1]) / 1024;
      } catch { /* killed before time wrote it */ }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, maxRssMb, timedOut });
    });
  });
}
