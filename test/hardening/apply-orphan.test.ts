/**
 * SIGKILL of the Node process only (issue 7): its PowerShell child lives on,
 * paused inside the WebAdministration double with a change in its commit
 * delay. A second apply started at once must not take the lock (nor run its
 * own changes) until that orphan exits; then it takes over, reports the
 * interrupted run from its journal, and ends compliant with ftpsvc restarted
 * exactly once.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { makePlan } from '../../src/app/make-plan.js';
import { desiredFile, report } from '../integration/apply/harness.js';
import { cliPath } from '../support/paths.js';
import { silentLogger } from '../support/hardening/silent-logger.js';
import { CrashLab } from '../support/hardening/crash-lab.js';

const args = ['--desired', desiredFile, '--format', 'json'];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('SIGKILL of the Node process only, its PowerShell left running', () => {
  test('the next run waits for the orphan to exit, then recovers: old-or-new file, compliant, one restart', async () => {
    const lab = new CrashLab('drift');
    let orphan = 0;
    try {
      const old = readFileSync(lab.configFile);
      const paused = await lab.applyUntil('during-commit-delay', args);
      orphan = paused.pwshPid;
      process.kill(paused.child.pid!, 'SIGKILL');
      assert.equal((await paused.result).signal, 'SIGKILL');
      assert.ok(alive(orphan), 'the PowerShell child outlived its Node parent');

      // The second run, started at once, streamed so its waiting can be watched.
      const second = spawn(process.execPath, [cliPath, 'apply', '--config', lab.configFile, '--powershell', lab.wrapper, ...args, '--lock-timeout', '90'], {
        cwd: lab.dir, env: lab.env(lab.pausingEnv()), stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      second.stdout!.on('data', (d) => (stdout += d));
      second.stderr!.on('data', (d) => (stderr += d));
      const done = new Promise<number | null>((resolve) => second.on('close', (code) => resolve(code)));
      const deadline = Date.now() + 60_000;
      while (!/PowerShell process \d+ is still running/.test(stderr) && second.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.match(stderr, new RegExp(`the apply lock's owner, pid ${paused.child.pid} on .* is gone, but its PowerShell process (\\d+) is still running and may still be writing; waiting up to 90 s for it to exit`));
      // The recorded pid is the process the CLI spawned: PowerShell itself, or (a .NET tool build) the launcher whose child it is.
      const recorded = Number(/its PowerShell process (\d+) is still running/.exec(stderr)![1]);

      // While the orphan lives the second run holds back: still running, started no PowerShell, changed nothing.
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(second.exitCode, null, `the second run must still be waiting:\n${stderr}`);
      assert.equal(lab.pwshStarts(), 1, 'only the orphan PowerShell so far');
      assert.deepEqual(readFileSync(lab.configFile), old, 'nothing committed while the orphan holds its change');
      assert.equal(lab.service().restartCount, 0);

      // The orphan ends (here: it is stopped, as a task's leftover process would be); the second run goes on.
      process.kill(orphan, 'SIGKILL');
      const code = await done;
      assert.equal(code, 0, stderr);
      assert.match(stderr, new RegExp(`taking over a stale apply lock left by pid ${paused.child.pid} .*whose process is gone \\(its PowerShell process ${recorded} has exited too\\)`));
      assert.match(stderr, /an earlier apply run did not finish \(pid \d+ .*\): its backup ftps-enforcer-\S+, if it got that far/);
      assert.equal(report({ code, stdout, stderr }).apply.status, 'applied');

      const { plan } = makePlan({ configPath: lab.configFile, desiredPath: desiredFile, mode: 'audit', logger: silentLogger });
      assert.equal(plan.compliant, true, JSON.stringify(plan.checks.filter((c) => c.status !== 'ok')));
      assert.equal(lab.service().status, 'Running');
      assert.equal(lab.service().restartCount, 1, 'ftpsvc restarted exactly once');
    } finally {
      if (orphan && alive(orphan)) process.kill(orphan, 'SIGKILL');
      lab.cleanup();
    }
  });
});
