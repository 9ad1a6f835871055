/**
 * Restart after the settings changed elsewhere (issue 16 item 3). ftpsvc reads
 * its firewall settings (the passive port range, each FTP site's external
 * address) when it starts. On a shared configuration one backend's fix
 * changes every backend's file, and a hand edit changes this one's: the file
 * is then compliant, but the running ftpsvc still hands out the old values.
 *
 * How the agent knows without starting PowerShell on a run with nothing to
 * change: after every ftpsvc restart it makes, it records the hash of the
 * effective firewall settings ftpsvc restarted with (run-journal.ts,
 * `restarts/<key>.json` in the state folder); each run compares the hash of the settings it just
 * read. A different hash means ftpsvc (as far as this agent knows) runs with
 * settings that are no longer the configuration's: drift that a restart alone
 * fixes. Pure, except for reading the configuration in currentSettingsHash.
 *
 * Where it can be wrong, and which side it errs on (docs/apply.md):
 * - no record yet (the agent's first run on this host, or the state folder was
 *   emptied): on a shared configuration another backend may already have
 *   changed the file, so the agent restarts once (the safe side); on a local
 *   one it takes the settings as running and records them without a restart
 *   (a hand edit made before the agent's first run and never followed by a
 *   restart goes unnoticed; the host checks' ftpsvc start time catches that
 *   when they run);
 * - a restart made by someone else (by hand, a reboot) is not recorded: the
 *   agent may restart once more than needed (the safe side);
 * - settings changed and changed back between two runs look unchanged, which
 *   is right only if ftpsvc was not restarted in between.
 */
import { readIisConfig } from '../config/read-config.js';
import { effectiveExternalAddress, effectivePortRange } from '../core/effective.js';
import { sha256 } from '../core/hash.js';
import type { IisFtpState } from '../core/iis-state.js';

/** What the agent recorded at its last ftpsvc restart. */
export interface RestartRecord {
  settingsHash: string;
  at: string;
  host: string;
  /** 'first-seen': no restart was made; the settings were taken as running on the agent's first run (local configuration). */
  source?: 'restart' | 'first-seen';
}

/** Why (or why not) ftpsvc needs a restart for settings this run did not change. */
export type SettingsRestartReason =
  | { kind: 'in-step'; since: string }
  | { kind: 'changed-since-restart'; restartedAt: string; recordedHash: string; currentHash: string }
  | { kind: 'no-record-shared' }
  | { kind: 'no-record-local' };

/** The effective firewall settings ftpsvc runs with, as one hash: the passive range and every FTP site's external address. */
export function effectiveSettingsHash(state: IisFtpState): string {
  const range = effectivePortRange(state);
  const sites = state.ftpSites.map((s) => [s.name, effectiveExternalAddress(s, state).value] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(Buffer.from(JSON.stringify({ low: range.low, high: range.high, sites }), 'utf8'));
}

export function currentSettingsHash(configPath: string): string {
  return effectiveSettingsHash(readIisConfig(configPath));
}

export function settingsRestartDecision(currentHash: string, record: RestartRecord | undefined, sharedConfiguration: boolean): SettingsRestartReason {
  if (!record) return sharedConfiguration ? { kind: 'no-record-shared' } : { kind: 'no-record-local' };
  if (record.settingsHash === currentHash) return { kind: 'in-step', since: record.at };
  return { kind: 'changed-since-restart', restartedAt: record.at, recordedHash: record.settingsHash, currentHash };
}

/** The decision's answer to "does ftpsvc need a restart for this reason alone?". */
export function settingsRestartOwed(reason: SettingsRestartReason): boolean {
  return reason.kind === 'changed-since-restart' || reason.kind === 'no-record-shared';
}

/** The restart reason for the report, in words. */
export function settingsRestartSentence(reason: SettingsRestartReason): string {
  switch (reason.kind) {
    case 'changed-since-restart':
      return `the FTP firewall settings changed since this agent last restarted ftpsvc (${reason.restartedAt}), by another backend of a shared configuration or by hand, so ftpsvc still used the old ones`;
    case 'no-record-shared':
      return 'this agent has no record of restarting ftpsvc with the shared configuration as it is now, and another backend may have changed it: restarted once to be sure';
    case 'no-record-local':
      return 'first run on this host: the FTP firewall settings are taken as the ones ftpsvc runs with';
    case 'in-step':
      return `ftpsvc was last restarted by this agent (${reason.since}) with the settings the configuration has now`;
  }
}
