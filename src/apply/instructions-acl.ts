/**
 * apply's desired-state ACL check (issue 7): every elevated apply writes
 * whatever its instructions file says (the desired-state file, or the plan
 * file with --plan), so a file that non-administrators can change is refused
 * before anything is written. It runs in apply's one PowerShell session, after
 * the prerequisites and before the first write, and reuses the pure decision
 * of `schedule install` (src/schedule/acl-decision.ts). Where PowerShell has no
 * Get-Acl (Linux, macOS) the agent says "unsupported" and the check is skipped.
 */
import { dirname } from 'node:path';
import { PrerequisiteError, type UserError } from '../core/errors.js';
import type { Logger } from '../log/logger.js';
import { PowerShellCallError, type PowerShellSession } from '../powershell/session.js';
import { assessAcl, type ObjectAcl } from '../schedule/acl-decision.js';

interface FileAclAnswer {
  ok: boolean;
  unsupported?: boolean;
  error?: string;
  objects?: ObjectAcl[] | ObjectAcl;
}

/** Returns the refusal (nothing has been written yet), or undefined when the file and its folder are safe. */
export async function refuseWritableInstructions(session: PowerShellSession, file: string, logger: Logger): Promise<UserError | undefined> {
  const folder = dirname(file);
  let answer: FileAclAnswer;
  try {
    answer = await session.call<FileAclAnswer>('Get-FtpsFileAcl', { paths: [file, folder] });
  } catch (err) {
    if (!(err instanceof PowerShellCallError)) throw err;
    return new PrerequisiteError(`apply could not read the permissions of ${file} (${err.message.replace(/\.$/, '')}), so it did not write anything; run it again, with --verbose if it keeps failing.`);
  }
  if (answer.ok && answer.unsupported) {
    logger.debug(`desired-state ACL check skipped: ${session.executable} has no Get-Acl on this platform (${file})`);
    return undefined;
  }
  // ConvertTo-Json may hand a one-element array over as an object; two paths give two objects.
  const objects = Array.isArray(answer.objects) ? answer.objects : answer.objects ? [answer.objects] : [];
  const [fileAcl, folderAcl] = objects;
  if (!answer.ok || !fileAcl || !folderAcl) {
    // Fail closed: an elevated run that cannot tell who may change its instructions does not follow them.
    return new PrerequisiteError(`apply could not read the permissions of ${file} (${answer.error ?? 'no answer'}), so it did not write anything; check that the file exists and run apply elevated.`);
  }
  const findings = assessAcl(fileAcl, folderAcl);
  if (findings.length === 0) {
    logger.debug(`desired-state ACL check passed: only administrators and SYSTEM can change ${file}`);
    return undefined;
  }
  const who = [...new Set(findings.map((f) => f.identity))].join(', ');
  return new PrerequisiteError(
    `${file} can be changed by ${who}, who are not administrators, and apply would write whatever it says with administrator rights, so it wrote nothing; allow write only to Administrators and SYSTEM (e.g. icacls "${folder}" /inheritance:r /grant:r Administrators:(OI)(CI)F SYSTEM:(OI)(CI)F Users:(OI)(CI)RX) and run apply again.`,
    findings.map((f) => `${f.identity} ${f.why} (${f.rights.join(', ')} on ${f.path})`),
  );
}
