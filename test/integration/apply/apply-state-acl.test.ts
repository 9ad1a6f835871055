/**
 * The state folder's ACL check (issue 14 item 5), through the Get-Acl double
 * (test/doubles/FileAcl) with Windows-shaped entries: a state folder, or a
 * journal planted in it, that non-administrators can write is refused like an
 * unsafe desired-state file, in the run's one PowerShell process, before any
 * write; a state folder for Administrators and SYSTEM only is used as usual.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { ApplyLab, desiredFile, report } from './harness.js';

const ADMIN_OWNED = { owner: 'BUILTIN\\Administrators', ownerSid: 'S-1-5-32-544' };
const SYSTEM_FULL = { identity: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', rights: 'FullControl', type: 'Allow', inherited: true, propagation: 'None' };
const ADMINS_FULL = { identity: 'BUILTIN\\Administrators', sid: 'S-1-5-32-544', rights: 'FullControl', type: 'Allow', inherited: true, propagation: 'None' };
// What a folder under ProgramData inherits unless its ACL is replaced: Users may create files (WriteData) and folders (AppendData).
const USERS_CREATE = { identity: 'BUILTIN\\Users', sid: 'S-1-5-32-545', rights: 'ReadAndExecute, WriteData, AppendData, Synchronize', type: 'Allow', inherited: true, propagation: 'None' };

function aclFile(lab: ApplyLab, map: Record<string, object>): Record<string, string> {
  const file = join(lab.dir, 'acl.json');
  writeFileSync(file, JSON.stringify(map));
  return { FTPS_DOUBLE_ACL_FILE: file };
}

function assertNothingWritten(lab: ApplyLab, before: Buffer, r: { code: number | null; stderr: string }): void {
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(readFileSync(lab.configFile), before, 'the configuration is byte-identical');
  assert.equal(lab.service().restartCount, 0, 'ftpsvc untouched');
  assert.equal(lab.service().setCalls ?? 0, 0, 'no Set-WebConfigurationProperty call');
  assert.equal(lab.pwshStarts(), 1, 'the check ran in the run\'s one PowerShell process');
}

describe('apply refuses a state folder non-administrators can write', { concurrency: true }, () => {
  test('Users may create files in the state folder: exit 1, one sentence naming it, nothing written', async () => {
    const lab = new ApplyLab('drift');
    try {
      mkdirSync(lab.lockDir, { recursive: true });
      const env = aclFile(lab, { [lab.lockDir]: { ...ADMIN_OWNED, access: [SYSTEM_FULL, ADMINS_FULL, USERS_CREATE] } });
      const before = readFileSync(lab.configFile);
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json'], env);
      assertNothingWritten(lab, before, r);
      const errorLine = r.stderr.split('\n').find((l) => l.startsWith('error: '));
      assert.ok(errorLine, r.stderr);
      assert.match(errorLine, new RegExp(`the state folder ${lab.lockDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(apply's lock, journal and backups\\) can be changed by BUILTIN\\\\Users`));
      assert.match(errorLine, /icacls "/, 'says how to fix it');
      assert.match(r.stderr, /BUILTIN\\Users can change or replace the file \(WriteData, AppendData on /);
      assert.equal(report(r).apply.rollback.attempted, false);
    } finally {
      lab.cleanup();
    }
  });

  test('a journal a non-administrator planted (to force a restart) is refused; ftpsvc is not restarted', async () => {
    const lab = new ApplyLab('compliant');
    try {
      // A journal owned by a user, claiming an interrupted run that wanted a restart: with nothing to change,
      // only this journal would make the run start PowerShell and restart ftpsvc.
      const key = createHash('sha256').update(realpathSync(lab.configFile)).digest('hex').slice(0, 16);
      const journal = join(lab.lockDir, 'journal', `${key}.json`);
      mkdirSync(dirname(journal), { recursive: true });
      writeFileSync(journal, JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), startedAt: '2026-01-01T00:00:00Z', configFile: lab.configFile, backupName: 'ftps-enforcer-x', restartWanted: true }));
      const env = aclFile(lab, { [journal]: { owner: 'WEB1\\mallory', ownerSid: 'S-1-5-21-1-2-3-1001', access: [SYSTEM_FULL, ADMINS_FULL] } });
      const before = readFileSync(lab.configFile);
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json'], env);
      assertNothingWritten(lab, before, r);
      assert.match(r.stderr, /^error: the state folder .* can be changed by WEB1\\mallory/m);
      assert.match(r.stderr, /WEB1\\mallory owns it, so can change its permissions \(Owner on .*journal\/[0-9a-f]{16}\.json\)/);
    } finally {
      lab.cleanup();
    }
  });

  test('a state folder for Administrators and SYSTEM only: applied as usual, and the check says so', async () => {
    const lab = new ApplyLab('drift');
    try {
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json', '--verbose']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(report(r).apply.status, 'applied');
      assert.match(r.stderr, /state folder ACL check passed: only administrators and SYSTEM can change /);
    } finally {
      lab.cleanup();
    }
  });
});
