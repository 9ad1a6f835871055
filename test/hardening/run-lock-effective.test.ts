/**
 * The apply lock is keyed on the configuration IIS really reads (issue 14
 * item 6), and a shared configuration has one writer per farm (issue 16 item
 * 2): in process, with two "backends" that each have their own state folder
 * and local inetsrv\config folder, both redirected to one shared folder.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock } from '../../src/apply/run-lock.js';
import type { Logger } from '../../src/log/logger.js';

function recordingLogger(lines: string[]): Logger {
  return { error: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), info() {}, debug() {}, close: async () => {} } as unknown as Logger;
}

const CONFIG = '<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n</configuration>\n';

/** A backend: its own local config folder (redirected to `shared` when given) and its own state folder. */
function backend(root: string, name: string, shared?: string): { config: string; stateDir: string } {
  const local = join(root, name, 'inetsrv', 'config');
  mkdirSync(local, { recursive: true });
  writeFileSync(join(local, 'applicationHost.config'), CONFIG);
  if (shared) writeFileSync(join(local, 'redirection.config'), `<configuration>\n  <configurationRedirection enabled="true" path="${shared}" />\n</configuration>\n`);
  return { config: join(local, 'applicationHost.config'), stateDir: join(root, name, 'state') };
}

function take(b: { config: string; stateDir: string }, timeoutSeconds: number, lines: string[], config = b.config) {
  return acquireRunLock({ stateDir: b.stateDir, configFile: config, command: `apply on ${b.stateDir}`, timeoutSeconds, logger: recordingLogger(lines) });
}

describe('the apply lock follows the configuration IIS reads', { concurrency: true }, () => {
  test('the same file spelt another way (a symlinked folder, "..") is the same lock', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lock-eff-'));
    try {
      const web1 = backend(root, 'web1');
      symlinkSync(join(root, 'web1'), join(root, 'alias'));
      const first = await take(web1, 0, []);
      try {
        await assert.rejects(take(web1, 0, [], join(root, 'web1', 'inetsrv', 'config', '..', 'config', 'applicationHost.config')), /the lock is held by pid \d+/);
        // A symlinked path names the same file: keyed on the effective file, not the words typed.
        await assert.rejects(take(web1, 0, [], join(root, 'alias', 'inetsrv', 'config', 'applicationHost.config')), /the lock is held by pid \d+/);
      } finally {
        await first.release();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the local applicationHost.config and the shared one it redirects to are one lock', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lock-eff-'));
    try {
      const shared = join(root, 'share');
      mkdirSync(shared);
      writeFileSync(join(shared, 'applicationHost.config'), CONFIG);
      const web1 = backend(root, 'web1', shared);
      const first = await take(web1, 0, []);
      try {
        assert.equal(first.effectiveConfig, join(shared, 'applicationHost.config'));
        await assert.rejects(take(web1, 0, [], join(shared, 'applicationHost.config')), /Another ftps-enforcer run is applying to .*share\/applicationHost\.config: the lock is held by/);
      } finally {
        await first.release();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('one writer per farm: the farm lock beside the shared applicationHost.config', { concurrency: true }, () => {
  test('a second backend waits for the first, says so, and gets the lock once it is released', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lock-farm-'));
    try {
      const shared = join(root, 'share');
      mkdirSync(shared);
      writeFileSync(join(shared, 'applicationHost.config'), CONFIG);
      const web1 = backend(root, 'web1', shared);
      const web2 = backend(root, 'web2', shared);
      const first = await take(web1, 0, []);
      assert.equal(first.farmLock, join(shared, 'ftps-enforcer.farm.lock'));
      assert.ok(existsSync(join(shared, 'ftps-enforcer.farm.lock')), 'the farm lock sits beside the shared file');
      assert.ok(existsSync(join(shared, 'ftps-enforcer.farm.owner.json')), 'with its owner record');

      // Each backend has its own state folder, so only the farm lock can keep them apart.
      const timedOut: string[] = [];
      await assert.rejects(take(web2, 0, timedOut), (err: Error) => {
        assert.match(err.message, /^Another ftps-enforcer run is writing the shared configuration .*share\/applicationHost\.config: the farm lock beside it is held by pid \d+ on .* \(`apply on .*web1\/state`/);
        return true;
      });

      const waited: string[] = [];
      const second = take(web2, 30, waited);
      await new Promise((r) => setTimeout(r, 700));
      assert.match(waited.join('\n'), /waiting up to 30 s for the farm lock beside .*share\/applicationHost\.config \(one writer per shared configuration\), held by pid \d+ on .*web1\/state/);
      await first.release();
      const lock = await second;
      assert.ok(lock.waitedMs > 0);
      await lock.release();
      assert.equal(existsSync(join(shared, 'ftps-enforcer.farm.lock')), false, 'released');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('without shared configuration there is no farm lock', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lock-farm-'));
    try {
      const web1 = backend(root, 'web1');
      const lock = await take(web1, 0, []);
      assert.equal(lock.farmLock, undefined);
      await lock.release();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
