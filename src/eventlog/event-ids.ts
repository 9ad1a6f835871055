/**
 * Stable event IDs in the Windows Application log, source `ftps-enforcer`
 * (documented in docs/eventlog.md; monitoring keys on these, never on wording).
 * eventcreate.exe accepts IDs 1 to 1000.
 */
export const EVENT_SOURCE = 'ftps-enforcer';

export type EventType = 'INFORMATION' | 'WARNING' | 'ERROR';

export const EVENTS = {
  /** audit found drift (nothing changed). */
  DriftFound: { id: 100, type: 'WARNING' },
  /** apply changed settings and verified them by reading the configuration back. */
  ChangesApplied: { id: 200, type: 'INFORMATION' },
  /** ftpsvc was restarted after a change (or by policy). */
  ServiceRestarted: { id: 210, type: 'INFORMATION' },
  /** apply failed and the backup was restored: the previous configuration is back. */
  ApplyFailedRolledBack: { id: 300, type: 'ERROR' },
  /** apply failed and the rollback failed too: the configuration needs a person. */
  RollbackFailed: { id: 310, type: 'ERROR' },
  /** The run could not proceed: bad desired state, unreadable configuration, missing prerequisites, lock held. */
  RunError: { id: 400, type: 'ERROR' },
} as const satisfies Record<string, { id: number; type: EventType }>;

export type EventName = keyof typeof EVENTS;

export interface EventRecord {
  name: EventName;
  id: number;
  type: EventType;
  /** Plain text; the first line says what happened, the rest lists what. */
  description: string;
}
