/**
 * The agent's own backup (issue 16 item 1, issue 15 item 2), with real pwsh and
 * the pessimistic WebAdministration double: Backup-/Restore-WebConfiguration
 * cover only the local inetsrv\config files, never the shared
 * applicationHost.config redirection.config points to, nor configSource files.
 * A failure after the commit (ftpsvc fails to start once, through the restart
 * hook) must still bring back every file apply wrote, byte for byte, from the
 * agent's hashed copies in the state folder.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ApplyLab, desiredFile, report } from './harness.js';

/** A restart hook that fails the first start after the commit and lets every later one through. */
function failFirstStart(lab: ApplyLab): Record<string, string> {
  const hook = join(lab.dir, 'fail-once.sh');
  writeFileSync(hook, `#!/bin/sh\nif [ -e "${lab.dir}/failed-once" ]; then exit 0; fi\ntouch "${lab.dir}/failed-once"\nexit 1\n`);
  chmodSync(hook, 0o755);
  return { FTPS_DOUBLE_RESTART_HOOK: hook };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe("rollback from the agent's own backup, where IIS's backup does not reach", { concurrency: true }, () => {
  test('shared configuration: the shared applicationHost.config is back byte for byte, though IIS\'s backup never held it', async () => {
    const lab = new ApplyLab('shared-config');
    try {
      const shared = lab.path('shared', 'applicationHost.config');
      const before = readFileSync(shared);
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json'], failFirstStart(lab));
      assert.equal(r.code, 1, r.stderr);
      const rep = report(r);
      assert.equal(rep.apply.status, 'failed');
      assert.equal(rep.apply.rollback.succeeded, true, rep.apply.rollback.message);
      assert.deepEqual(readFileSync(shared), before, 'the shared file is the one from before the run');
      assert.match(rep.apply.rollback.message, new RegExp(`the agent's own copies put back ${shared.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(sha256 checked\\)`));

      // The double's IIS backup holds the local files only: Restore-WebConfiguration could not have done it.
      const iisBackup = JSON.parse(readFileSync(join(lab.stateDir, 'backup', rep.apply.backupName, 'backup.json'), 'utf8').replace(/^\uFEFF/, ''));
      const held = [iisBackup.files].flat().map((f: { original: string }) => f.original).sort();
      assert.deepEqual(held, [lab.configFile, lab.path('redirection.config')].sort());

      // The agent's own copy, in the state folder, with its hash.
      const own = join(lab.lockDir, 'backups', rep.apply.backupName);
      const manifest = JSON.parse(readFileSync(join(own, 'files.json'), 'utf8').replace(/^\uFEFF/, ''));
      assert.deepEqual([manifest].flat().map((m: { path: string; sha256: string }) => [m.path, m.sha256]), [[shared, sha(before)]]);
      assert.deepEqual(readdirSync(own).sort(), ['0-applicationHost.config', 'files.json']);
      assert.equal(lab.service().status, 'Running', 'ftpsvc came back with the previous configuration');
    } finally {
      lab.cleanup();
    }
  });

  test('configSource: applicationHost.config and sites.config are both back byte for byte', async () => {
    const lab = new ApplyLab('config-source');
    try {
      const main = readFileSync(lab.configFile);
      const sites = readFileSync(lab.path('sites.config'));
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json'], failFirstStart(lab));
      assert.equal(r.code, 1, r.stderr);
      const rep = report(r);
      assert.equal(rep.apply.rollback.succeeded, true, rep.apply.rollback.message);
      assert.match(rep.apply.rollback.message, /sites\.config/);
      assert.deepEqual(readFileSync(lab.configFile), main);
      assert.deepEqual(readFileSync(lab.path('sites.config')), sites, 'the configSource file IIS\'s backup does not hold');
    } finally {
      lab.cleanup();
    }
  });
});
