import { randomBytes } from 'node:crypto';

/** A Backup-WebConfiguration name that sorts by time and never collides: ftps-enforcer-20261125T031500Z-1a2b3c. */
export function makeBackupName(now: Date, random: () => string = () => randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `ftps-enforcer-${stamp}-${random()}`;
}
