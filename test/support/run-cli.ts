import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { cliPath, repoRoot } from './paths.js';

/**
 * What `ftps-enforcer` is in these tests: the built script run by this node, or, with
 * FTPS_ENFORCER_CLI=<path>, a release executable (`npm run package`), started directly with a `node`
 * first on PATH that fails, so a test passes only if the executable never needs Node.
 */
export interface CliInvocation {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

let noNodeDir: string | undefined;
function pathWithoutNode(): string {
  if (!noNodeDir) {
    noNodeDir = mkdtempSync(join(tmpdir(), 'ftps-no-node-'));
    writeFileSync(join(noNodeDir, 'node'), '#!/bin/sh\necho "node was started, but the executable under test must not need Node" >&2\nexit 127\n');
    chmodSync(join(noNodeDir, 'node'), 0o755);
  }
  return `${noNodeDir}${delimiter}${process.env.PATH ?? ''}`;
}

export function cliInvocation(): CliInvocation {
  const exe = process.env.FTPS_ENFORCER_CLI;
  if (exe) return { command: resolve(exe), args: [], env: { PATH: pathWithoutNode() } };
  return { command: process.execPath, args: [cliPath], env: {} };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `ftps-enforcer` as a user would: a real process, colour off, in `cwd`. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): CliResult {
  const cli = cliInvocation();
  const r = spawnSync(cli.command, [...cli.args, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env, ...cli.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Spawns a command and collects its output; killed after `timeoutMs` so a hang fails the test instead of stalling it. */
export function spawnCollect(command: string, args: string[], opts: SpawnOptions, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
