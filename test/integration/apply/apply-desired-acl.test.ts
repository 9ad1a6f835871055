/**
 * apply's desired-state ACL check (issue 7), exercised on Linux through the
 * Get-Acl double (test/doubles/FileAcl, on PSModulePath in the lab) with
 * Windows-shaped entries: a desired-state file that BUILTIN\Users can modify is
 * refused before any write, in the run's one PowerShell process; a locked-down
 * one is applied.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApplyLab, desiredFile, report } from './harness.js';

const ADMIN_OWNED = { owner: 'BUILTIN\\Administrators', ownerSid: 'S-1-5-32-544' };
const SYSTEM_FULL = { identity: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', rights: 'FullControl', type: 'Allow', inherited: true, propagation: 'None' };
const ADMINS_FULL = { identity: 'BUILTIN\\Administrators', sid: 'S-1-5-32-544', rights: 'FullControl', type: 'Allow', inherited: true, propagation: 'None' };
const USERS_READ = { identity: 'BUILTIN\\Users', sid: 'S-1-5-32-545', rights: 'ReadAndExecute, Synchronize', type: 'Allow', inherited: true, propagation: 'None' };
const USERS_MODIFY = { identity: 'BUILTIN\\Users', sid: 'S-1-5-32-545', rights: 'Modify, Synchronize', type: 'Allow', inherited: false, propagation: 'None' };

/** A lab with its own copy of the desired-state file and an ACL map for the double. */
function labWith(fileUsers: object): { lab: ApplyLab; desired: string; env: Record<string, string> } {
  const lab = new ApplyLab('drift');
  const desired = join(lab.dir, 'desired.json');
  copyFileSync(desiredFile, desired);
  const aclFile = join(lab.dir, 'acl.json');
  writeFileSync(aclFile, JSON.stringify({
    [desired]: { ...ADMIN_OWNED, access: [SYSTEM_FULL, ADMINS_FULL, fileUsers] },
    [dirname(desired)]: { ...ADMIN_OWNED, access: [SYSTEM_FULL, ADMINS_FULL, USERS_READ] },
  }));
  return { lab, desired, env: { FTPS_DOUBLE_ACL_FILE: aclFile } };
}

describe('apply refuses a desired-state file non-administrators can change', { concurrency: true }, () => {
  test('Users: Modify on the desired file: exit 1, one sentence, nothing written, no restart, one pwsh', async () => {
    const { lab, desired, env } = labWith(USERS_MODIFY);
    try {
      const before = readFileSync(lab.configFile);
      const r = await lab.apply(['--desired', desired, '--format', 'json'], env);
      assert.equal(r.code, 1, r.stderr);
      const errorLine = r.stderr.split('\n').find((l) => l.startsWith('error: '));
      assert.ok(errorLine, r.stderr);
      assert.ok(errorLine.includes(desired), 'names the file');
      assert.match(errorLine, /BUILTIN\\Users/, 'names who can change it');
      assert.match(errorLine, /icacls "/, 'says how to fix it');
      assert.match(r.stderr, /BUILTIN\\Users can change or replace the file \(WriteData, AppendData, Delete on /);
      assert.doesNotMatch(r.stderr, /    at /);
      const rep = report(r);
      assert.equal(rep.apply.status, 'failed');
      assert.equal(rep.apply.applied.length, 0);
      assert.equal(rep.apply.rollback.attempted, false);
      assert.deepEqual(readFileSync(lab.configFile), before, 'the configuration is byte-identical');
      assert.equal(lab.service().restartCount, 0);
      assert.equal(lab.service().setCalls ?? 0, 0, 'no Set-WebConfigurationProperty call');
      assert.equal(lab.pwshStarts(), 1, 'the check ran in the run\'s one PowerShell process');
    } finally {
      lab.cleanup();
    }
  });

  test('apply --plan: a saved plan that Users can modify is refused too (it is what the elevated run writes)', async () => {
    // The desired file it was planned from is locked down; only the plan is open to Users.
    const { lab, desired, env } = labWith(USERS_READ);
    try {
      const plan = join(lab.dir, 'plan.json');
      const audit = await lab.cli(['audit', '--config', lab.configFile, '--desired', desired, '--out', plan]);
      assert.equal(audit.code, 2, audit.stderr);
      const acl = JSON.parse(readFileSync(env.FTPS_DOUBLE_ACL_FILE!, 'utf8'));
      acl[plan] = { ...ADMIN_OWNED, access: [SYSTEM_FULL, ADMINS_FULL, USERS_MODIFY] };
      writeFileSync(env.FTPS_DOUBLE_ACL_FILE!, JSON.stringify(acl));
      const before = readFileSync(lab.configFile);
      const r = await lab.cli(['apply', '--plan', plan, '--powershell', lab.wrapper, '--format', 'json'], env);
      assert.equal(r.code, 1, r.stderr);
      const errorLine = r.stderr.split('\n').find((l) => l.startsWith('error: '));
      assert.ok(errorLine?.includes(plan), `names the plan file: ${r.stderr}`);
      assert.match(errorLine!, /BUILTIN\\Users/);
      assert.deepEqual(readFileSync(lab.configFile), before, 'the configuration is byte-identical');
      assert.equal(lab.service().restartCount, 0);
    } finally {
      lab.cleanup();
    }
  });

  test('a locked-down desired file (Users may only read): applied as usual', async () => {
    const { lab, desired, env } = labWith(USERS_READ);
    try {
      const r = await lab.apply(['--desired', desired, '--format', 'json', '--verbose'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(report(r).apply.status, 'applied');
      assert.match(r.stderr, /desired-state ACL check passed/);
      assert.equal(lab.service().restartCount, 1);
      assert.equal(lab.pwshStarts(), 1);
    } finally {
      lab.cleanup();
    }
  });
});
