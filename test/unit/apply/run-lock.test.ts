/**
 * The apply lock's decisions (src/apply/run-lock.ts), in process on real files: its key, who holds it in
 * words, waiting and giving up, taking over a lock whose owner is gone or that nobody refreshes, an orphaned
 * PowerShell that keeps it held, and the farm lock with shared configuration. Locks left by "killed runs" are
 * written by hand (the lock folder and its owner record), as a killed run leaves them. A stand-in for an
 * orphaned PowerShell is `sleep` started with argv[0] "pwsh" (what the owner record's check looks for).
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, describeOwner, effectiveConfigFile, farmLockTarget, lockKey, type LockOwner } from '../../../src/apply/run-lock.js';
import { stampPowerShell } from '../../../src/apply/powershell-stamp.js';
import { UserError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/log/logger.js';
import { TEST_NOW } from '../../support/clock.js';

const roots: string[] = [];
after(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

function recordingLogger() {
  const warnings: string[] = [];
  const logger: Logger = { error: (m) => { warnings.push(m); }, warn: (m) => { warnings.push(m); }, info() {}, debug() {}, close: async () => {} };
  return { logger, warnings };
}

const CONFIG = '<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n</configuration>\n';

/** A backend's config folder and state folder under a fresh temp root; redirected to `shared` when asked. */
function lab(opts: { shared?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'ftps-lock-'));
  roots.push(root);
  const local = join(root, 'inetsrv', 'config');
  mkdirSync(local, { recursive: true });
  const configFile = join(local, 'applicationHost.config');
  writeFileSync(configFile, CONFIG);
  const sharedDir = join(root, 'share');
  if (opts.shared) {
    mkdirSync(sharedDir);
    writeFileSync(join(sharedDir, 'applicationHost.config'), CONFIG);
    writeFileSync(join(local, 'redirection.config'), `<configuration>\n  <configurationRedirection enabled="true" path="${sharedDir}" />\n</configuration>\n`);
  }
  const stateDir = join(root, 'state');
  const effective = effectiveConfigFile(configFile).file;
  const target = join(stateDir, 'locks', lockKey(effective));
  return { root, configFile, stateDir, target, sharedDir, effective };
}

function take(l: { stateDir: string; configFile: string }, timeoutSeconds: number, logger: Logger, command = 'ftps-enforcer apply --desired d.json') {
  return acquireRunLock({ stateDir: l.stateDir, configFile: l.configFile, command, timeoutSeconds, logger });
}

/** What a killed run leaves: the lock folder (mtime `ageMs` ago) and its owner record. */
function leftLock(target: string, owner: LockOwner | undefined, ageMs = 0): void {
  mkdirSync(`${target}.lock`, { recursive: true });
  if (owner) writeFileSync(`${target}.owner.json`, JSON.stringify(owner));
  const t = new Date(Date.now() - ageMs);
  utimesSync(`${target}.lock`, t, t);
}

function deadPid(): number {
  return spawnSync('true').pid!;
}

const since = TEST_NOW.toISOString();
const owner = (o: Partial<LockOwner>): LockOwner => ({ pid: 4242, host: 'web9', command: 'ftps-enforcer apply --desired x', since, configFile: 'C:\\x', ...o });

describe('the lock key and names', () => {
  test('a 16-hex-digit hash of the path; on Windows case does not matter, elsewhere it does', () => {
    const a = lockKey('C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config', 'win32');
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.equal(lockKey('c:\\windows\\system32\\INETSRV\\config\\applicationhost.config', 'win32'), a);
    assert.notEqual(lockKey('/etc/A.config', 'linux'), lockKey('/etc/a.config', 'linux'));
    assert.equal(lockKey('/etc/a.config', 'linux'), lockKey('/etc/a.config', 'win32'));
    assert.notEqual(lockKey('/etc/a.config', 'linux'), lockKey('/etc/b.config', 'linux'));
  });
  test('the farm lock sits beside the shared file', () => {
    assert.equal(farmLockTarget('/share/config/applicationHost.config'), '/share/config/ftps-enforcer.farm');
  });
  test('an owner in words, or that there is no record yet', () => {
    assert.equal(describeOwner(owner({})), `pid 4242 on web9 (\`ftps-enforcer apply --desired x\`, since ${since})`);
    assert.equal(describeOwner(undefined), 'another run (no owner record yet)');
  });
  test('the effective file: the real path, and whether it is the shared one', () => {
    const l = lab();
    assert.deepEqual(effectiveConfigFile(join(l.root, 'inetsrv', 'x', '..', 'config', 'applicationHost.config')), { file: l.configFile, shared: false });
    const s = lab({ shared: true });
    assert.deepEqual(effectiveConfigFile(s.configFile), { file: join(s.sharedDir, 'applicationHost.config'), shared: true });
    // A file that is not there: the path as given (resolved) is the key meanwhile.
    assert.deepEqual(effectiveConfigFile(join(l.root, 'missing', '..', 'nope.config')), { file: join(l.root, 'nope.config'), shared: false });
  });
});

describe('taking and releasing the lock', () => {
  test('a free lock: the owner record names this process and the command; released, both are gone', async () => {
    const l = lab();
    const { logger, warnings } = recordingLogger();
    const lock = await take(l, 0, logger, 'cmd one');
    assert.equal(lock.effectiveConfig, l.configFile);
    assert.equal(lock.farmLock, undefined);
    assert.equal(lock.tookOver, undefined);
    assert.ok(lock.waitedMs >= 0 && lock.waitedMs < 5000);
    const rec = JSON.parse(readFileSync(`${l.target}.owner.json`, 'utf8')) as LockOwner;
    assert.equal(rec.pid, process.pid);
    assert.equal(rec.host, hostname());
    assert.equal(rec.command, 'cmd one');
    assert.equal(rec.configFile, l.configFile);
    assert.ok(!Number.isNaN(Date.parse(rec.since)));
    assert.equal(rec.powershell, undefined);
    lock.recordPowerShell(process.pid);
    const withPs = JSON.parse(readFileSync(`${l.target}.owner.json`, 'utf8')) as LockOwner;
    assert.deepEqual(withPs.powershell, stampPowerShell(process.pid));
    assert.equal(withPs.command, 'cmd one');
    await lock.release();
    assert.equal(existsSync(`${l.target}.owner.json`), false);
    assert.equal(existsSync(`${l.target}.lock`), false);
    assert.deepEqual(warnings, []);
  });

  test('held by a live run: --lock-timeout 0 gives up at once, naming the holder', async () => {
    const l = lab();
    const first = await take(l, 0, recordingLogger().logger, 'first run');
    try {
      const { logger, warnings } = recordingLogger();
      await assert.rejects(take(l, 0, logger), (err: Error) => {
        assert.ok(err instanceof UserError);
        assert.equal(err.message, `Another ftps-enforcer run is applying to ${l.configFile}: the lock is held by pid ${process.pid} on ${hostname()} (\`first run\`, since ${JSON.parse(readFileSync(`${l.target}.owner.json`, 'utf8')).since}); waited 0 s (--lock-timeout), try again when it has finished.`);
        return true;
      });
      assert.deepEqual(warnings, [], 'no "waiting" line when it does not wait');
      assert.ok(existsSync(`${l.target}.owner.json`), 'the holder\'s record is left alone');
    } finally {
      await first.release();
    }
  });

  test('held: waits (saying so once), and takes it once released', async () => {
    const l = lab();
    const first = await take(l, 0, recordingLogger().logger, 'first run');
    const { logger, warnings } = recordingLogger();
    const second = take(l, 20, logger, 'second run');
    await new Promise((r) => setTimeout(r, 800));
    await first.release();
    const lock = await second;
    assert.ok(lock.waitedMs >= 700, String(lock.waitedMs));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /^waiting up to 20 s for the apply lock, held by pid \d+ on .*first run/);
    assert.equal(JSON.parse(readFileSync(`${l.target}.owner.json`, 'utf8')).command, 'second run');
    await lock.release();
  });

  test('a lock folder with no owner record yet, freshly made: held, by "another run"', async () => {
    const l = lab();
    leftLock(l.target, undefined);
    await assert.rejects(take(l, 0, recordingLogger().logger), /the lock is held by another run \(no owner record yet\); waited 0 s/);
  });

  test('held by a live process on another host, refreshed: not taken over', async () => {
    const l = lab();
    leftLock(l.target, owner({ host: 'web9' }));
    await assert.rejects(take(l, 0, recordingLogger().logger), /held by pid 4242 on web9 /);
  });

  test('held by this very process (same pid, same host): not taken over as "gone"', async () => {
    const l = lab();
    leftLock(l.target, owner({ pid: process.pid, host: hostname() }));
    await assert.rejects(take(l, 0, recordingLogger().logger), /held by pid \d+ on /);
  });

  test('held by a live process on this host: not taken over', async () => {
    const l = lab();
    leftLock(l.target, owner({ pid: 1, host: hostname() }));
    await assert.rejects(take(l, 0, recordingLogger().logger), /held by pid 1 on /);
  });

  test('a lock folder the state folder cannot hold: one sentence naming it', async () => {
    const l = lab();
    mkdirSync(l.stateDir);
    writeFileSync(join(l.stateDir, 'locks'), 'not a folder');
    await assert.rejects(take(l, 0, recordingLogger().logger), (err: Error) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /^Cannot create the lock folder .*state\/locks \(E[A-Z]+\): run as an administrator, or set FTPS_ENFORCER_STATE_DIR/);
      return true;
    });
  });
});

describe('taking over a lock left behind', () => {
  test('its owner on this host is gone: taken over at once, and the log says whose it was', async () => {
    const l = lab();
    const dead = deadPid();
    leftLock(l.target, owner({ pid: dead, host: hostname() }));
    const { logger, warnings } = recordingLogger();
    const lock = await take(l, 0, logger);
    try {
      const expected = `pid ${dead} on ${hostname()} (\`ftps-enforcer apply --desired x\`, since ${since}), whose process is gone`;
      assert.equal(lock.tookOver, expected);
      assert.deepEqual(warnings, [`taking over a stale apply lock left by ${expected}`]);
      assert.equal(JSON.parse(readFileSync(`${l.target}.owner.json`, 'utf8')).pid, process.pid);
    } finally {
      await lock.release();
    }
  });

  test('not refreshed for longer than the stale time (owner elsewhere): taken over, saying how long', async () => {
    const l = lab();
    leftLock(l.target, owner({ host: 'web9' }), 60_000);
    const { logger, warnings } = recordingLogger();
    const lock = await take(l, 0, logger);
    try {
      assert.match(lock.tookOver ?? '', /^pid 4242 on web9 \(.*\), not refreshed for 6[01] s$/);
      assert.equal(warnings.length, 1);
    } finally {
      await lock.release();
    }
  });

  test('refreshed 10 s ago (within the stale time) by a run elsewhere: still held', async () => {
    const l = lab();
    leftLock(l.target, owner({ host: 'web9' }), 10_000);
    await assert.rejects(take(l, 0, recordingLogger().logger), /held by pid 4242 on web9/);
  });
});

describe('an orphaned PowerShell keeps the lock held', { skip: process.platform !== 'linux' && 'stand-in PowerShell needs /proc' }, () => {
  function fakePwsh() {
    const c = spawn('sleep', ['300'], { argv0: 'pwsh', stdio: 'ignore' });
    const exited = new Promise<void>((r) => c.on('exit', () => r()));
    return { c, exited };
  }
  async function stamped(pid: number) {
    // Until exec, /proc shows node's fork; wait for sleep.
    for (let i = 0; i < 200 && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'sleep'; i++) await new Promise((r) => setTimeout(r, 10));
    return stampPowerShell(pid);
  }

  test('owner gone, its PowerShell running: --lock-timeout 0 refuses, naming the PowerShell process', async () => {
    const l = lab();
    const ps = fakePwsh();
    try {
      const dead = deadPid();
      leftLock(l.target, owner({ pid: dead, host: hostname(), powershell: await stamped(ps.c.pid!) }));
      await assert.rejects(take(l, 0, recordingLogger().logger), (err: Error) => {
        assert.ok(err instanceof UserError);
        assert.equal(err.message, `Another ftps-enforcer run is applying to ${l.configFile}: pid ${dead} on ${hostname()} (\`ftps-enforcer apply --desired x\`, since ${since}) is gone, but its PowerShell process ${ps.c.pid} is still running; waited 0 s (--lock-timeout), try again when it has exited (or stop it).`);
        return true;
      });
      assert.ok(existsSync(`${l.target}.lock`), 'the lock is left in place');
    } finally {
      ps.c.kill('SIGKILL');
      await ps.exited;
    }
  });

  test('waited for (said once), then taken over when it exits, and the log says it exited too', async () => {
    const l = lab();
    const ps = fakePwsh();
    const dead = deadPid();
    leftLock(l.target, owner({ pid: dead, host: hostname(), powershell: await stamped(ps.c.pid!) }));
    const { logger, warnings } = recordingLogger();
    const lock = take(l, 20, logger);
    await new Promise((r) => setTimeout(r, 700));
    ps.c.kill('SIGKILL');
    await ps.exited;
    const held = await lock;
    try {
      assert.match(warnings[0]!, new RegExp(`^the apply lock's owner, pid ${dead} on .*, is gone, but its PowerShell process ${ps.c.pid} is still running and may still be writing; waiting up to 20 s for it to exit$`));
      assert.equal(warnings.filter((w) => w.includes('may still be writing')).length, 1, 'said once');
      assert.match(held.tookOver ?? '', new RegExp(`whose process is gone \\(its PowerShell process ${ps.c.pid} has exited too\\)$`));
    } finally {
      await held.release();
    }
  });

  test('an orphan is only judged on this host, and only when the owner is gone', async () => {
    const ps = fakePwsh();
    try {
      const stamp = await stamped(ps.c.pid!);
      const elsewhere = lab();
      leftLock(elsewhere.target, owner({ pid: deadPid(), host: 'web9', powershell: stamp }));
      await assert.rejects(take(elsewhere, 0, recordingLogger().logger), /the lock is held by pid \d+ on web9/);
      const alive = lab();
      leftLock(alive.target, owner({ pid: 1, host: hostname(), powershell: stamp }));
      await assert.rejects(take(alive, 0, recordingLogger().logger), /the lock is held by pid 1 on/);
      const self = lab();
      leftLock(self.target, owner({ pid: process.pid, host: hostname(), powershell: stamp }));
      await assert.rejects(take(self, 0, recordingLogger().logger), /the lock is held by pid \d+ on/);
    } finally {
      ps.c.kill('SIGKILL');
      await ps.exited;
    }
  });

  test('an owner record whose PowerShell is gone as well: taken over at once', async () => {
    const l = lab();
    leftLock(l.target, owner({ pid: deadPid(), host: hostname(), powershell: { pid: deadPid() } }));
    const { logger, warnings } = recordingLogger();
    const lock = await take(l, 0, logger);
    assert.match(lock.tookOver ?? '', /whose process is gone$/);
    assert.equal(warnings.length, 1);
    await lock.release();
  });
});

describe('the farm lock (shared configuration)', () => {
  test('both locks are taken, the farm lock named; both released', async () => {
    const l = lab({ shared: true });
    const lock = await take(l, 0, recordingLogger().logger);
    const farm = farmLockTarget(l.effective);
    assert.equal(lock.effectiveConfig, join(l.sharedDir, 'applicationHost.config'));
    assert.equal(lock.farmLock, `${farm}.lock`);
    assert.equal(lock.tookOver, undefined);
    assert.ok(existsSync(`${l.target}.lock`) && existsSync(`${farm}.lock`));
    lock.recordPowerShell(process.pid);
    for (const rec of [`${l.target}.owner.json`, `${farm}.owner.json`]) assert.equal((JSON.parse(readFileSync(rec, 'utf8')) as LockOwner).powershell?.pid, process.pid, rec);
    await lock.release();
    assert.equal(existsSync(`${l.target}.lock`), false);
    assert.equal(existsSync(`${farm}.lock`), false);
  });

  test('the farm lock held elsewhere: refused, and this backend\'s own lock is let go', async () => {
    const l = lab({ shared: true });
    const farm = farmLockTarget(l.effective);
    leftLock(farm, owner({ host: 'web2' }));
    await assert.rejects(take(l, 0, recordingLogger().logger), /^UserError: Another ftps-enforcer run is writing the shared configuration .*: the farm lock beside it is held by pid 4242 on web2/);
    assert.equal(existsSync(`${l.target}.lock`), false, 'the local lock was released');
    assert.equal(existsSync(`${l.target}.owner.json`), false);
  });

  test('both left by runs that are gone: both taken over, both named', async () => {
    const l = lab({ shared: true });
    const farm = farmLockTarget(l.effective);
    leftLock(l.target, owner({ pid: deadPid(), host: hostname() }));
    leftLock(farm, owner({ host: 'web2' }), 60_000);
    const lock = await take(l, 0, recordingLogger().logger);
    try {
      assert.match(lock.tookOver ?? '', /^pid \d+ on .*, whose process is gone; pid 4242 on web2 .*, not refreshed for 6[01] s$/);
    } finally {
      await lock.release();
    }
  });

  test('only the farm lock left behind: only it is named', async () => {
    const l = lab({ shared: true });
    leftLock(farmLockTarget(l.effective), owner({ host: 'web2' }), 60_000);
    const lock = await take(l, 0, recordingLogger().logger);
    assert.match(lock.tookOver ?? '', /^pid 4242 on web2 .*not refreshed for 6[01] s$/);
    await lock.release();
  });
});
