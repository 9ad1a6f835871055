/**
 * The PowerShell process recorded in a lock's owner record (src/apply/powershell-stamp.ts), checked against
 * real processes of this Linux machine: `sleep` started under a PowerShell-like name (argv[0], or the
 * executable's own name via a symlink), so no PowerShell has to start. Linux only: the stamp's start time is
 * /proc's, and elsewhere only "the pid exists" is checked.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { powerShellStillRunning, processIsAlive, stampPowerShell } from '../../../src/apply/powershell-stamp.js';

const linux = process.platform === 'linux';
const dir = mkdtempSync(join(tmpdir(), 'ftps-stamp-'));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const sleepPath = spawnSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).stdout.trim();

/** A long `sleep`, started from `file` (a symlink's name becomes /proc/<pid>/comm) with argv[0] `argv0`. */
function sleeper(argv0: string, file = sleepPath): number {
  const c = spawn(file, ['300'], { argv0, stdio: 'ignore' });
  children.push(c);
  assert.ok(c.pid);
  return c.pid;
}

/** /proc/<pid>/stat field 22 (start time), read the long way: the fields after "pid (comm) ". */
function startTicksOracle(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const m = /^\d+ \(.*\) (.*)$/s.exec(stat);
  assert.ok(m);
  return m[1]!.split(' ')[19]!;
}

/** Waits until the child has exec'd (its comm is no longer node's fork). */
async function execd(pid: number, comm: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm.slice(0, 15)) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`process ${pid} never became ${comm}`);
}

function deadPid(): number {
  const r = spawnSync('true');
  assert.ok(r.pid);
  return r.pid;
}

describe('processIsAlive', () => {
  test('this process is alive; a process that exited is not', () => {
    assert.equal(processIsAlive(process.pid), true);
    assert.equal(processIsAlive(deadPid()), false);
  });
  test('pid 1 exists for everyone (EPERM for a non-root caller still means it exists)', () => {
    assert.equal(processIsAlive(1), true);
  });
});

describe('stampPowerShell', { skip: !linux && 'reads /proc' }, () => {
  test('records the pid and its start time from /proc, even when the command name holds ") "', async () => {
    const odd = join(dir, 'pw) a b');
    symlinkSync(sleepPath, odd);
    const pid = sleeper('x', odd);
    await execd(pid, 'pw) a b');
    const stamp = stampPowerShell(pid);
    assert.deepEqual(stamp, { pid, startTicks: startTicksOracle(pid) });
    assert.match(stamp.startTicks!, /^\d+$/);
  });
  test('a pid that does not exist: the pid alone', () => {
    const pid = deadPid();
    assert.deepEqual(stampPowerShell(pid), { pid });
  });
});

describe('powerShellStillRunning', { skip: !linux && 'reads /proc' }, () => {
  test('nonsense pids and dead processes are not running', () => {
    for (const pid of [0, -1, 1.5, Number.NaN]) assert.equal(powerShellStillRunning({ pid }), false, String(pid));
    assert.equal(powerShellStillRunning({ pid: deadPid() }), false);
    assert.equal(powerShellStillRunning({ pid: deadPid(), startTicks: '1' }), false);
  });
  test('without a start time (recorded on Windows) a live pid is enough', () => {
    assert.equal(powerShellStillRunning({ pid: process.pid }), true);
  });
  test('a live process that is not PowerShell is not the recorded PowerShell (pid reused)', () => {
    assert.equal(powerShellStillRunning(stampPowerShell(process.pid)), false);
  });
  test('argv[0] named pwsh / powershell.exe (any case, any folder) with the same start time: running', async () => {
    for (const argv0 of ['pwsh', '/opt/microsoft/powershell/7/pwsh', 'C:\\x\\POWERSHELL.EXE'.replace(/\\/g, '/'), 'PowerShell']) {
      const pid = sleeper(argv0);
      await execd(pid, 'sleep');
      const stamp = stampPowerShell(pid);
      assert.equal(powerShellStillRunning(stamp), true, argv0);
      assert.equal(powerShellStillRunning({ pid, startTicks: String(Number(stamp.startTicks) + 1) }), false, `${argv0}: another start time is another process`);
    }
  });
  test('names that only contain pwsh are not PowerShell', async () => {
    for (const argv0 of ['notpwsh', 'pwsh-helper', 'pwsh.exe.bak']) {
      const pid = sleeper(argv0);
      await execd(pid, 'sleep');
      assert.equal(powerShellStillRunning(stampPowerShell(pid)), false, argv0);
    }
  });
  test('an executable whose name only contains pwsh (its comm) is not PowerShell', async () => {
    const named = join(dir, 'notpwsh');
    symlinkSync(sleepPath, named);
    const pid = sleeper('launcher', named);
    await execd(pid, 'notpwsh');
    assert.equal(powerShellStillRunning(stampPowerShell(pid)), false);
  });
  test('an executable named pwsh… (its comm) counts even when argv[0] says otherwise', async () => {
    const named = join(dir, 'pwsh-preview');
    symlinkSync(sleepPath, named);
    const pid = sleeper('launcher', named);
    await execd(pid, 'pwsh-preview');
    assert.equal(powerShellStillRunning(stampPowerShell(pid)), true);
  });
});
