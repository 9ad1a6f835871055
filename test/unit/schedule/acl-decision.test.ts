import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { assessAcl, type AclEntry, type ObjectAcl } from '../../../src/schedule/acl-decision.js';

// Windows-shaped entries, as Get-Acl reports them on Windows Server (rights as FileSystemRights numbers).
const FULL = 2032127;
const MODIFY_SYNC = 1245631;
const READ_EXEC_SYNC = 1179817;
const GENERIC_ALL = 268435456;
const allow = (identity: string, sid: string, rights: number, extra: Partial<AclEntry> = {}): AclEntry => ({ identity, sid, rights, type: 'Allow', inherited: true, inheritOnly: false, ...extra });
const SYSTEM = allow('NT AUTHORITY\\SYSTEM', 'S-1-5-18', FULL);
const ADMINS = allow('BUILTIN\\Administrators', 'S-1-5-32-544', FULL);
const USERS_READ = allow('BUILTIN\\Users', 'S-1-5-32-545', READ_EXEC_SYNC);
const acl = (path: string, entries: AclEntry[], ownerSid = 'S-1-5-32-544', owner = 'BUILTIN\\Administrators'): ObjectAcl => ({ path, ownerSid, owner, entries });
const folder = acl('C:\\ProgramData\\ftps-enforcer', [SYSTEM, ADMINS, USERS_READ]);

describe('who can change the desired-state file', () => {
  test('SYSTEM, Administrators full control and Users read: safe', () => {
    assert.deepEqual(assessAcl(acl('C:\\ProgramData\\ftps-enforcer\\desired.json', [SYSTEM, ADMINS, USERS_READ]), folder), []);
  });

  test('Users with Modify (a file under C:\\inetpub or a share): refused, naming them and the rights', () => {
    const f = assessAcl(acl('d.json', [SYSTEM, ADMINS, allow('BUILTIN\\Users', 'S-1-5-32-545', MODIFY_SYNC)]), folder);
    assert.equal(f.length, 1);
    assert.equal(f[0]!.identity, 'BUILTIN\\Users');
    assert.deepEqual(f[0]!.rights, ['WriteData', 'AppendData', 'Delete']);
  });

  test('a generic right (GENERIC_ALL as a raw number) counts', () => {
    assert.equal(assessAcl(acl('d.json', [SYSTEM, allow('CONTOSO\\ftp-ops', 'S-1-5-21-1-2-3-1107', GENERIC_ALL, { inherited: false })]), folder)[0]!.rights.join(), 'GenericAll');
  });

  test('only change-permissions or take-ownership is enough to take over', () => {
    assert.equal(assessAcl(acl('d.json', [SYSTEM, allow('Everyone', 'S-1-1-0', 0x40000 | 0x20000)]), folder).length, 1);
    assert.equal(assessAcl(acl('d.json', [SYSTEM, allow('Everyone', 'S-1-1-0', 0x80000)]), folder).length, 1);
  });

  test('a Deny for the same account, or for Everyone, removes the write', () => {
    const deny = (sid: string): AclEntry => ({ identity: sid, sid, rights: MODIFY_SYNC | 0xc0000, type: 'Deny', inherited: false, inheritOnly: false });
    const users = allow('BUILTIN\\Users', 'S-1-5-32-545', MODIFY_SYNC);
    assert.deepEqual(assessAcl(acl('d.json', [deny('S-1-5-32-545'), SYSTEM, users]), folder), []);
    assert.deepEqual(assessAcl(acl('d.json', [deny('S-1-1-0'), SYSTEM, users]), folder), []);
    // A Deny for another group does not count: membership is not expanded, so we stay conservative.
    assert.equal(assessAcl(acl('d.json', [deny('S-1-5-11'), SYSTEM, users]), folder).length, 1);
  });

  test('inherit-only entries and CREATOR OWNER do not apply to the file itself', () => {
    assert.deepEqual(assessAcl(acl('d.json', [SYSTEM, allow('BUILTIN\\Users', 'S-1-5-32-545', FULL, { inheritOnly: true }), allow('CREATOR OWNER', 'S-1-3-0', FULL)]), folder), []);
  });

  test('a non-administrator owner can rewrite the permissions: refused', () => {
    const f = assessAcl(acl('d.json', [SYSTEM, ADMINS], 'S-1-5-21-1-2-3-1001', 'CONTOSO\\bob'), folder);
    assert.deepEqual(f.map((x) => [x.identity, x.rights]), [['CONTOSO\\bob', ['Owner']]]);
  });

  test('a folder where Users can delete children lets them replace the file', () => {
    const open = acl('C:\\ftp-config', [SYSTEM, ADMINS, allow('BUILTIN\\Users', 'S-1-5-32-545', 0x40 | READ_EXEC_SYNC)]);
    const f = assessAcl(acl('d.json', [SYSTEM, ADMINS, USERS_READ]), open);
    assert.deepEqual(f.map((x) => [x.path, x.rights]), [['C:\\ftp-config', ['DeleteSubdirectoriesAndFiles']]]);
    // Creating files in the folder (WriteData on a folder) does not let anyone replace an existing file.
    assert.deepEqual(assessAcl(acl('d.json', [SYSTEM, ADMINS]), acl('C:\\x', [SYSTEM, allow('BUILTIN\\Users', 'S-1-5-32-545', 0x2 | 0x4)])), []);
  });

  test('localised names do not matter: SIDs decide', () => {
    const de = [allow('NT-AUTORITÄT\\SYSTEM', 'S-1-5-18', FULL), allow('VORDEFINIERT\\Administratoren', 'S-1-5-32-544', FULL)];
    assert.deepEqual(assessAcl(acl('d.json', de, 'S-1-5-32-544', 'VORDEFINIERT\\Administratoren'), folder), []);
  });
});
