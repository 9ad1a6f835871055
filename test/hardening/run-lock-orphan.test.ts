/**
 * The apply lock and an orphaned PowerShell (in process): a lock whose Node
 * owner is gone but whose recorded PowerShell still runs is held until that
 * process exits (bounded by the lock timeout); a recorded pid that is now some
 * other process (not PowerShell, or started at another time: a reused pid) is
 * not waited for.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, type LockOwner } from '../../src/apply/run-lock.js';
import type { Logger } from '../../src/log/logger.js';
import { findPwsh, pwshEnv } from '../support/pwsh.js';

function recordingLogger(lines: string[]): Logger {
  return { error: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), info() {}, debug() {}, close: async () => {} } as unknown as Logger;
}

/** A pid that certainly belongs to no process: one that has exited. */
function deadPid(): number {
  const r = spawnSync('true');
  return r.pid!;
}

async function started(child: ChildProcess, ms = 1500): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  assert.equal(child.exitCode, null, 'the stand-in process is running');
}

/** Takes the lock in this process, records `pid` as its PowerShell, then makes the record look like a killed run's. */
async function orphanedLock(stateDir: string, pid: number, edit: (o: LockOwner) => void = () => {}): Promise<void> {
  const lock = await acquireRunLock({ stateDir, configFile: join(stateDir, 'applicationHost.config'), command: 'first', timeoutSeconds: 0, logger: recordingLogger([]) });
  lock.recordPowerShell(pid);
  const ownerFile = join(stateDir, 'locks', readdirSync(join(stateDir, 'locks')).find((f) => f.endsWith('.owner.json'))!);
  const owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as LockOwner;
  assert.equal(owner.powershell?.pid, pid, 'the PowerShell pid is in the owner record');
  owner.pid = deadPid();
  edit(owner);
  writeFileSync(ownerFile, JSON.stringify(owner));
}

function second(stateDir: string, timeoutSeconds: number, lines: string[]) {
  return acquireRunLock({ stateDir, configFile: join(stateDir, 'applicationHost.config'), command: 'second', timeoutSeconds, logger: recordingLogger(lines) });
}

describe('apply lock: the orphaned PowerShell of a killed run', { concurrency: true }, () => {
  test('a live PowerShell holds the lock: waited for up to the timeout, then a clear error; taken over once it exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-orphan-'));
    const pwsh = spawn(findPwsh(), ['-NoProfile', '-NonInteractive', '-Command', 'Start-Sleep -Seconds 60'], { env: pwshEnv(), stdio: 'ignore' });
    try {
      await started(pwsh);
      await orphanedLock(dir, pwsh.pid!);
      const lines: string[] = [];
      await assert.rejects(second(dir, 1, lines), (err: Error) => {
        assert.match(err.message, new RegExp(`is gone, but its PowerShell process ${pwsh.pid} is still running; waited 1 s \\(--lock-timeout\\)`));
        return true;
      });
      assert.match(lines.join('\n'), /waiting up to 1 s for it to exit/);

      const waiting = second(dir, 30, lines);
      setTimeout(() => pwsh.kill('SIGKILL'), 1000);
      const lock = await waiting;
      assert.match(lock.tookOver ?? '', new RegExp(`whose process is gone \\(its PowerShell process ${pwsh.pid} has exited too\\)`));
      assert.ok(lock.waitedMs >= 900, `waited for the orphan (${lock.waitedMs} ms)`);
      await lock.release();
    } finally {
      pwsh.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the recorded pid is now a process that is not PowerShell: taken over at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-orphan-'));
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await started(other, 200);
      await orphanedLock(dir, other.pid!);
      const lock = await second(dir, 0, []);
      assert.match(lock.tookOver ?? '', /whose process is gone$/);
      await lock.release();
    } finally {
      other.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the recorded pid is a PowerShell started at another time (a reused pid): taken over at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-orphan-'));
    const pwsh = spawn(findPwsh(), ['-NoProfile', '-NonInteractive', '-Command', 'Start-Sleep -Seconds 60'], { env: pwshEnv(), stdio: 'ignore' });
    try {
      await started(pwsh);
      await orphanedLock(dir, pwsh.pid!, (o) => {
        o.powershell = { pid: pwsh.pid!, startTicks: '1' };
      });
      const lock = await second(dir, 0, []);
      assert.match(lock.tookOver ?? '', /whose process is gone$/);
      await lock.release();
    } finally {
      pwsh.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
