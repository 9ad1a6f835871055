/**
 * Who can change the desired-state file (pure). A scheduled task running as
 * SYSTEM applies whatever that file says, so anyone who can write it, replace
 * it, or change its permissions controls the server's FTP settings. The
 * entries come from Get-Acl through the agent module, Windows-shaped: SID,
 * account name, FileSystemRights as a number, Allow/Deny, inherit-only.
 */

export interface AclEntry {
  identity: string;
  sid: string;
  /** FileSystemRights bit mask (generic rights included, as Get-Acl reports them). */
  rights: number;
  type: 'Allow' | 'Deny';
  inherited: boolean;
  /** Inherit-only entries do not apply to the object itself. */
  inheritOnly: boolean;
}

export interface ObjectAcl {
  path: string;
  ownerSid: string;
  owner: string;
  entries: AclEntry[];
}

export interface AclFinding {
  path: string;
  identity: string;
  /** The dangerous rights, by name. */
  rights: string[];
  /** What that lets them do, in words. */
  why: string;
}

/** Accounts that already control the server: SYSTEM, Administrators, TrustedInstaller. */
export const TRUSTED_SIDS: ReadonlySet<string> = new Set([
  'S-1-5-18',
  'S-1-5-32-544',
  'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
]);
const EVERYONE = 'S-1-1-0';
const CREATOR_OWNER = 'S-1-3-0';

const R = {
  WriteData: 0x2,
  AppendData: 0x4,
  DeleteSubdirectoriesAndFiles: 0x40,
  Delete: 0x10000,
  ChangePermissions: 0x40000,
  TakeOwnership: 0x80000,
  GenericAll: 0x10000000,
  GenericWrite: 0x40000000,
} as const;

/** On the file: change its content, delete it (and put another there), or take over its permissions. */
const FILE_DANGER = R.WriteData | R.AppendData | R.Delete | R.ChangePermissions | R.TakeOwnership | R.GenericAll | R.GenericWrite;
/** On its folder: delete the file whatever the file's own ACL says, or take over the folder. */
const FOLDER_DANGER = R.DeleteSubdirectoriesAndFiles | R.ChangePermissions | R.TakeOwnership | R.GenericAll;

function names(mask: number): string[] {
  return (Object.entries(R) as Array<[string, number]>).filter(([, bit]) => (mask & bit) !== 0).map(([n]) => n);
}

/** Rights actually granted to `sid`: its Allow entries minus Deny entries for it or for Everyone (conservative: group membership is not expanded). */
function granted(acl: ObjectAcl, sid: string, danger: number): number {
  const applies = acl.entries.filter((e) => !e.inheritOnly);
  const allowed = applies.filter((e) => e.type === 'Allow' && e.sid === sid).reduce((m, e) => m | (e.rights >>> 0), 0);
  const denied = applies.filter((e) => e.type === 'Deny' && (e.sid === sid || e.sid === EVERYONE)).reduce((m, e) => m | (e.rights >>> 0), 0);
  // A Deny of specific rights does not cancel a generic Allow that includes them: generic bits stay.
  return (allowed & danger & ~denied) >>> 0;
}

export function assessAcl(file: ObjectAcl, folder: ObjectAcl): AclFinding[] {
  const findings: AclFinding[] = [];
  for (const [acl, danger, what] of [
    [file, FILE_DANGER, 'can change or replace the file'],
    [folder, FOLDER_DANGER, 'can delete the file from its folder and put another in its place'],
  ] as const) {
    if (!TRUSTED_SIDS.has(acl.ownerSid)) {
      findings.push({ path: acl.path, identity: acl.owner || acl.ownerSid, rights: ['Owner'], why: 'owns it, so can change its permissions' });
    }
    const sids = [...new Set(acl.entries.map((e) => e.sid))].filter((s) => !TRUSTED_SIDS.has(s) && s !== CREATOR_OWNER);
    for (const sid of sids) {
      const mask = granted(acl, sid, danger);
      if (mask === 0) continue;
      const identity = acl.entries.find((e) => e.sid === sid)?.identity ?? sid;
      findings.push({ path: acl.path, identity, rights: names(mask), why: what });
    }
  }
  return findings;
}
