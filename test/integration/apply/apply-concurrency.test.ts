import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ApplyLab, desiredFile, report } from './harness.js';

describe('two runs at once', () => {
  test('one applies; the other waits for the lock, then finds nothing to do; ftpsvc restarted once', async () => {
    const lab = new ApplyLab('drift');
    try {
      const [a, b] = await Promise.all([
        lab.apply(['--desired', desiredFile, '--format', 'json', '--lock-timeout', '90']),
        lab.apply(['--desired', desiredFile, '--format', 'json', '--lock-timeout', '90']),
      ]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const statuses = [report(a).apply.status, report(b).apply.status].sort();
      assert.deepEqual(statuses, ['applied', 'nothing-to-do']);
      const waiter = report(a).apply.status === 'nothing-to-do' ? a : b;
      // The holder writes its owner record just after taking the lock: a waiter that looks in between is told so.
      assert.match(waiter.stderr, /waiting up to 90 s for the apply lock, held by (pid \d+ on |another run \(no owner record yet\))/);
      assert.equal(lab.service().restartCount, 1);
      assert.equal(lab.pwshStarts(), 1);
    } finally {
      lab.cleanup();
    }
  });

  test('a run that cannot get the lock in time exits 1 saying who holds it', async () => {
    const lab = new ApplyLab('drift');
    try {
      // A live holder: this test process, as recorded by a run that is still going.
      const locks = join(lab.lockDir, 'locks');
      const first = lab.apply(['--desired', desiredFile, '--format', 'json']);
      let key: string | undefined;
      for (let i = 0; i < 100 && !key; i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          key = readdirSync(locks).find((f) => f.endsWith('.owner.json'));
        } catch {
          // not created yet
        }
      }
      assert.ok(key, 'the first run took the lock');
      const second = await lab.apply(['--desired', desiredFile, '--lock-timeout', '0']);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /^error: Another ftps-enforcer run is applying to .*applicationHost\.config: the lock is held by pid \d+ on .* \(`ftps-enforcer apply --desired .*`, since .*\); waited 0 s/m);
      assert.equal((await first).code, 0);
    } finally {
      lab.cleanup();
    }
  });

  test('a lock left by a killed run is taken over, and the log says so', async () => {
    const lab = new ApplyLab('drift');
    try {
      // What a killed run leaves: the lock directory and an owner record naming a process that is gone.
      const first = await lab.apply(['--desired', desiredFile, '--restart', 'never', '--format', 'json']);
      assert.equal(first.code, 0, first.stderr);
      const locks = join(lab.lockDir, 'locks');
      // One lock per configuration file, keyed by the sha256 of its path.
      const key = createHash('sha256').update(lab.configFile).digest('hex').slice(0, 16);
      mkdirSync(join(locks, `${key}.lock`));
      writeFileSync(join(locks, `${key}.owner.json`), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), command: 'ftps-enforcer apply --desired x', since: '2026-01-01T00:00:00Z', configFile: lab.configFile }));
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json', '--lock-timeout', '0']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /taking over a stale apply lock left by pid 4206649 .*whose process is gone/);
    } finally {
      lab.cleanup();
    }
  });
});
