/**
 * apply's desired-state ACL check (issue 7): every elevated apply writes
 * whatever its instructions file says (the desired-state file, or the plan
 * file with --plan), so a file that non-administrators can change is refused
 * before anything is written. It runs in apply's one PowerShell session, after
 * the prerequisites and before the first write, and reuses the pure decision
 * of `schedule install` (src/schedule/acl-decision.ts). The same call and the
 * same decision cover the state folder and what the run trusts in it (locks,
 * journal, backups; see state-dir.ts): a journal planted by a non-administrator
 * could make the run restart ftpsvc, a planted backup could be what a rollback
 * writes back. Where PowerShell has no Get-Acl (Linux, macOS) the agent says
 * "unsupported" and the check is skipped.
 */
import { dirname } from 'node:path';
import { PrerequisiteError, type UserError } from '../core/errors.js';
import type { Logger } from '../log/logger.js';
import { PowerShellCallError, type PowerShellSession } from '../powershell/session.js';
import { assessAcl, type AclFinding, type ObjectAcl } from '../schedule/acl-decision.js';
import type { AclTarget } from './state-dir.js';

interface FileAclAnswer {
  ok: boolean;
  unsupported?: boolean;
  error?: string;
  objects?: ObjectAcl[] | ObjectAcl;
}

/** Returns the refusal (nothing has been written yet), or undefined when the file, its folder and the state folder are safe. */
export async function refuseWritableInstructions(session: PowerShellSession, file: string, logger: Logger, state: readonly AclTarget[] = []): Promise<UserError | undefined> {
  const folder = dirname(file);
  const paths = [...new Set([file, folder, ...state.flatMap((t) => [t.path, t.container])])];
  let answer: FileAclAnswer;
  try {
    answer = await session.call<FileAclAnswer>('Get-FtpsFileAcl', { paths });
  } catch (err) {
    if (!(err instanceof PowerShellCallError)) throw err;
    return new PrerequisiteError(`apply could not read the permissions of ${file} (${err.message.replace(/\.$/, '')}), so it did not write anything; run it again, with --verbose if it keeps failing.`);
  }
  if (answer.ok && answer.unsupported) {
    logger.debug(`desired-state ACL check skipped: ${session.executable} has no Get-Acl on this platform (${file})`);
    return undefined;
  }
  // ConvertTo-Json may hand a one-element array over as an object.
  const objects = Array.isArray(answer.objects) ? answer.objects : answer.objects ? [answer.objects] : [];
  const byPath = new Map(objects.map((o) => [o.path, o] as const));
  const fileAcl = byPath.get(file);
  const folderAcl = byPath.get(folder);
  if (!answer.ok || !fileAcl || !folderAcl || paths.some((p) => !byPath.has(p))) {
    // Fail closed: an elevated run that cannot tell who may change its instructions does not follow them.
    return new PrerequisiteError(`apply could not read the permissions of ${file} (${answer.error ?? 'no answer'}), so it did not write anything; check that the file exists and run apply elevated.`);
  }
  const findings = assessAcl(fileAcl, folderAcl);
  if (findings.length > 0) {
    const who = whoCan(findings);
    return new PrerequisiteError(
      `${file} can be changed by ${who}, who are not administrators, and apply would write whatever it says with administrator rights, so it wrote nothing; allow write only to Administrators and SYSTEM (e.g. icacls "${folder}" /inheritance:r /grant:r Administrators:(OI)(CI)F SYSTEM:(OI)(CI)F Users:(OI)(CI)RX) and run apply again.`,
      details(findings),
    );
  }
  logger.debug(`desired-state ACL check passed: only administrators and SYSTEM can change ${file}`);
  const stateFindings = state.flatMap((t) => assessAcl(byPath.get(t.path)!, byPath.get(t.container)!));
  if (stateFindings.length > 0) {
    const stateDir = state[0]!.path;
    return new PrerequisiteError(
      `the state folder ${stateDir} (apply's lock, journal and backups) can be changed by ${whoCan(stateFindings)}, who are not administrators, and a planted journal or backup would steer what this elevated run restarts or writes back, so it wrote nothing; delete the folder (apply creates it again for Administrators and SYSTEM only) or allow write only to them (icacls "${stateDir}" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F, and the same on what is inside) and run apply again.`,
      details(stateFindings),
    );
  }
  if (state.length > 0) logger.debug(`state folder ACL check passed: only administrators and SYSTEM can change ${state[0]!.path}`);
  return undefined;
}

function whoCan(findings: readonly AclFinding[]): string {
  return [...new Set(findings.map((f) => f.identity))].join(', ');
}

function details(findings: readonly AclFinding[]): string[] {
  return findings.map((f) => `${f.identity} ${f.why} (${f.rights.join(', ')} on ${f.path})`);
}
