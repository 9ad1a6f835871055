/**
 * apply's refusal to follow instructions that non-administrators can change (src/apply/instructions-acl.ts),
 * in process against a recording fake of the PowerShell session (Get-FtpsFileAcl's answer is data; the real
 * cmdlet needs Windows' Get-Acl). What is asked, when the run fails closed, and who is named.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refuseWritableInstructions } from '../../../src/apply/instructions-acl.js';
import { PrerequisiteError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/log/logger.js';
import { PowerShellCallError } from '../../../src/powershell/session.js';
import type { AclEntry, ObjectAcl } from '../../../src/schedule/acl-decision.js';
import { recordingSession } from '../../support/recording-session.js';

const SYSTEM = 'S-1-5-18';
const ADMINS = 'S-1-5-32-544';
const USERS = 'S-1-5-32-545';

const entry = (sid: string, identity: string, rights: number): AclEntry => ({ identity, sid, rights, type: 'Allow', inherited: false, inheritOnly: false });
/** Only SYSTEM and Administrators may write; Users read. */
const safe = (path: string): ObjectAcl => ({ path, ownerSid: ADMINS, owner: 'BUILTIN\\Administrators', entries: [entry(SYSTEM, 'NT AUTHORITY\\SYSTEM', 0x1f01ff), entry(ADMINS, 'BUILTIN\\Administrators', 0x1f01ff), entry(USERS, 'BUILTIN\\Users', 0x1200a9)] });
/** BUILTIN\Users may write the data (WriteData). */
const usersWrite = (path: string): ObjectAcl => ({ ...safe(path), entries: [...safe(path).entries, entry(USERS, 'BUILTIN\\Users', 0x2)] });

function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const logger: Logger = {
    error: (message) => { lines.push({ level: 'error', message }); },
    warn: (message) => { lines.push({ level: 'warn', message }); },
    info: (message) => { lines.push({ level: 'info', message }); },
    debug: (message) => { lines.push({ level: 'debug', message }); },
    close: async () => undefined,
  };
  return { logger, lines };
}

/** The session fake answering the ACL question (Get-FtpsFileAcl) with `answer`; a function answer throws. */
function session(answer: unknown) {
  const { session: s, calls } = recordingSession({ 'Get-FtpsFileAcl': answer }, { executable: '/opt/pwsh' });
  return { s, calls };
}

const FILE = '/etc/ftps/desired.json';
const FOLDER = '/etc/ftps';
const STATE = [{ path: '/var/lib/ftps-enforcer', container: '/var/lib' }, { path: '/var/lib/ftps-enforcer/locks', container: '/var/lib/ftps-enforcer' }];

describe('refuseWritableInstructions', () => {
  test('asks once for the file, its folder and every state target, each path once', async () => {
    const { s, calls } = session({ ok: true, objects: [safe(FILE), safe(FOLDER), safe('/var/lib/ftps-enforcer'), safe('/var/lib'), safe('/var/lib/ftps-enforcer/locks')] });
    const { logger, lines } = recordingLogger();
    assert.equal(await refuseWritableInstructions(s, FILE, logger, STATE), undefined);
    assert.deepEqual(calls, [{ fn: 'Get-FtpsFileAcl', payload: { paths: [FILE, FOLDER, '/var/lib/ftps-enforcer', '/var/lib', '/var/lib/ftps-enforcer/locks'] } }]);
    assert.deepEqual(lines.map((l) => l.level), ['debug', 'debug']);
    assert.match(lines[0]!.message, /desired-state ACL check passed: only administrators and SYSTEM can change \/etc\/ftps\/desired\.json/);
    assert.match(lines[1]!.message, /state folder ACL check passed: .*\/var\/lib\/ftps-enforcer$/);
  });

  test('no state targets: only the file and its folder, and no state-folder line', async () => {
    const { s, calls } = session({ ok: true, objects: [safe(FILE), safe(FOLDER)] });
    const { logger, lines } = recordingLogger();
    assert.equal(await refuseWritableInstructions(s, FILE, logger), undefined);
    assert.deepEqual(calls[0]!.payload, { paths: [FILE, FOLDER] });
    assert.equal(lines.length, 1);
  });

  test('where there is no Get-Acl the check is skipped, with a debug line naming the executable', async () => {
    const { s } = session({ ok: true, unsupported: true });
    const { logger, lines } = recordingLogger();
    assert.equal(await refuseWritableInstructions(s, FILE, logger), undefined);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.level, 'debug');
    assert.match(lines[0]!.message, /skipped: \/opt\/pwsh has no Get-Acl/);
  });

  test('"unsupported" with ok false is a failure, not a skip (fail closed)', async () => {
    const { s } = session({ ok: false, unsupported: true, error: 'boom' });
    const refused = await refuseWritableInstructions(s, FILE, recordingLogger().logger);
    assert.ok(refused instanceof PrerequisiteError);
    assert.match(refused.message, /could not read the permissions of \/etc\/ftps\/desired\.json \(boom\)/);
  });

  test('a single object handed over without its array (ConvertTo-Json) is still read', async () => {
    // Only the file came back, as a bare object: the folder is missing, so the run fails closed...
    const one = session({ ok: true, objects: safe(FILE) });
    const r1 = await refuseWritableInstructions(one.s, FILE, recordingLogger().logger);
    assert.ok(r1 instanceof PrerequisiteError);
    assert.match(r1.message, /\(no answer\)/);
    // ...and a file that is its own folder's only entry (the folder asked for is the same object) passes as a bare object.
    const root = session({ ok: true, objects: { ...safe('/'), path: '/' } });
    assert.equal(await refuseWritableInstructions(root.s, '/', recordingLogger().logger), undefined);
  });

  test('a bare unsafe object is judged, not ignored', async () => {
    const root = session({ ok: true, objects: usersWrite('/') });
    const refused = await refuseWritableInstructions(root.s, '/', recordingLogger().logger);
    assert.ok(refused instanceof PrerequisiteError);
    assert.match(refused.message, /can be changed by BUILTIN\\Users/);
  });

  test('no objects at all, a missing file, a missing folder, or a missing state target: fail closed', async () => {
    for (const objects of [undefined, [safe(FOLDER)], [safe(FILE)], [safe(FILE), safe(FOLDER), safe('/var/lib/ftps-enforcer'), safe('/var/lib')]]) {
      const { s } = session({ ok: true, objects });
      const refused = await refuseWritableInstructions(s, FILE, recordingLogger().logger, STATE);
      assert.ok(refused instanceof PrerequisiteError, JSON.stringify(objects));
      assert.match(refused.message, /so it did not write anything; check that the file exists and run apply elevated/);
    }
  });

  test('ok false with every object answered (and safe) is still a failure', async () => {
    const { s } = session({ ok: false, error: 'partial', objects: [safe(FILE), safe(FOLDER)] });
    const refused = await refuseWritableInstructions(s, FILE, recordingLogger().logger);
    assert.ok(refused instanceof PrerequisiteError);
    assert.match(refused.message, /\(partial\)/);
  });

  test('the agent\'s own error is quoted when it gives one', async () => {
    const { s } = session({ ok: false, error: 'Access is denied' });
    const refused = await refuseWritableInstructions(s, FILE, recordingLogger().logger);
    assert.match(refused!.message, /\(Access is denied\)/);
  });

  test('a failed call (PowerShell died) is a refusal with its reason, trailing full stop dropped', async () => {
    const { s } = session(() => { throw new PowerShellCallError('exited', 'PowerShell 7.4 exited.'); });
    const refused = await refuseWritableInstructions(s, FILE, recordingLogger().logger);
    assert.ok(refused instanceof PrerequisiteError);
    assert.match(refused.message, /^apply could not read the permissions of \/etc\/ftps\/desired\.json \(PowerShell 7\.4 exited\), so it did not write anything; run it again/);
  });

  test('any other exception is not swallowed', async () => {
    const { s } = session(() => { throw new TypeError('bug'); });
    await assert.rejects(refuseWritableInstructions(s, FILE, recordingLogger().logger), TypeError);
  });

  test('a file non-administrators can write: refused, naming them once, with one detail line per finding', async () => {
    const twice: ObjectAcl = { ...usersWrite(FOLDER), entries: [...safe(FOLDER).entries, entry(USERS, 'BUILTIN\\Users', 0x40)] };
    const { s } = session({ ok: true, objects: [usersWrite(FILE), twice] });
    const { logger, lines } = recordingLogger();
    const refused = await refuseWritableInstructions(s, FILE, logger);
    assert.ok(refused instanceof PrerequisiteError);
    assert.match(refused.message, /^\/etc\/ftps\/desired\.json can be changed by BUILTIN\\Users, who are not administrators/);
    assert.match(refused.message, /icacls "\/etc\/ftps" \/inheritance:r/);
    assert.deepEqual(refused.details, [
      'BUILTIN\\Users can change or replace the file (WriteData on /etc/ftps/desired.json)',
      'BUILTIN\\Users can delete the file from its folder and put another in its place (DeleteSubdirectoriesAndFiles on /etc/ftps)',
    ]);
    assert.equal(lines.length, 0, 'no "passed" line for a refused file');
  });

  test('a state folder non-administrators can write: refused after the file passed, naming the state folder', async () => {
    const { s } = session({ ok: true, objects: [safe(FILE), safe(FOLDER), usersWrite('/var/lib/ftps-enforcer'), safe('/var/lib'), safe('/var/lib/ftps-enforcer/locks')] });
    const { logger, lines } = recordingLogger();
    const refused = await refuseWritableInstructions(s, FILE, logger, STATE);
    assert.ok(refused instanceof PrerequisiteError);
    assert.match(refused.message, /^the state folder \/var\/lib\/ftps-enforcer \(apply's lock, journal and backups\) can be changed by BUILTIN\\Users,/);
    assert.deepEqual(refused.details, ['BUILTIN\\Users can change or replace the file (WriteData on /var/lib/ftps-enforcer)']);
    assert.deepEqual(lines.map((l) => l.message.slice(0, 33)), ['desired-state ACL check passed: o']);
  });
});
