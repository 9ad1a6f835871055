/**
 * When did the FTP firewall settings last change? IIS keeps configuration
 * history (`configHistory`: a CFGHISTORY_nnnnnnnnnn folder per saved version of
 * applicationHost.config, by default under %SystemDrive%\inetpub\history; the
 * copy keeps the file's last-write time, i.e. when that version was written).
 * The version in effect when ftpsvc started is the newest one written before
 * the start; the first later version (or the current file) whose firewall
 * values differ from it is the change the running service has not seen.
 * No version older than the start (history keeps only the last 10) = unknown.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IisFtpState } from '../core/iis-state.js';
import { effectiveExternalAddress, effectivePortRange } from '../core/effective.js';

/** The firewall settings ftpsvc takes only at start: the port range and each FTP site's external address. */
export function firewallFingerprint(state: IisFtpState): string {
  const { low, high } = effectivePortRange(state);
  const sites = state.ftpSites.map((s) => `${s.name}=${effectiveExternalAddress(s, state).value ?? ''}`).sort();
  return JSON.stringify([low, high, sites]);
}

export interface ConfigVersion {
  /** When this version was written (the file's last-write time). */
  writtenAt: Date;
  fingerprint: string;
}

/** The change the service started at `startedAt` has not seen, if the versions show one. */
export function firewallChangeAfter(startedAt: Date, history: readonly ConfigVersion[], current: ConfigVersion): Date | undefined | 'unknown' {
  const versions = [...history].sort((a, b) => a.writtenAt.getTime() - b.writtenAt.getTime());
  const before = versions.filter((v) => v.writtenAt.getTime() <= startedAt.getTime());
  const inEffect = before[before.length - 1];
  if (!inEffect) return 'unknown';
  const later = [...versions.filter((v) => v.writtenAt.getTime() > startedAt.getTime()), current];
  return later.find((v) => v.fingerprint !== inEffect.fingerprint)?.writtenAt;
}

/** Reads every CFGHISTORY_* version under `historyDir` (unreadable ones are skipped). */
export function readConfigHistory(historyDir: string, readState: (file: string) => IisFtpState): ConfigVersion[] {
  let entries: string[];
  try {
    entries = readdirSync(historyDir).filter((d) => /^CFGHISTORY_\d+$/i.test(d));
  } catch {
    return [];
  }
  const versions: ConfigVersion[] = [];
  for (const d of entries) {
    const file = join(historyDir, d, 'applicationHost.config');
    try {
      versions.push({ writtenAt: statSync(file).mtime, fingerprint: firewallFingerprint(readState(file)) });
    } catch {
      // A version that can't be read (e.g. its configSource files are not in history) tells nothing.
    }
  }
  return versions;
}

/** IIS's default history folder, %SystemDrive%\inetpub\history; undefined off Windows without SystemDrive. */
export function defaultHistoryDir(env: NodeJS.ProcessEnv): string | undefined {
  const drive = env.SystemDrive ?? env.SYSTEMDRIVE;
  return drive ? join(drive.endsWith(':') ? `${drive}\\` : drive, 'inetpub', 'history') : undefined;
}
