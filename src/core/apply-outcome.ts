/**
 * What an apply run did, for reports: the plan says what should change; this
 * says what did, the backup it made, whether ftpsvc was restarted, and, on
 * failure, whether the rollback brought the previous configuration back.
 */
import type { RestartPolicy } from './desired-state.js';
import type { Check, SettingValue } from './plan.js';

export interface AppliedChange {
  changeId: string;
  /** The value read back after commit (ConfigurationAttribute.Value). */
  readBack: SettingValue;
  verified: boolean;
}

export interface ApplyOutcome {
  status: 'applied' | 'nothing-to-do' | 'failed';
  startedAt: string;
  finishedAt: string;
  /** The Backup-WebConfiguration name, when one was made. */
  backupName?: string;
  applied: AppliedChange[];
  restart: {
    policy: RestartPolicy;
    performed: boolean;
    /** ISO time the service was Running again. */
    at?: string;
    /** Why it was (not) restarted, in words. */
    reason: string;
  };
  rollback?: {
    attempted: boolean;
    /** The configuration is the previous one again AND ftpsvc is as it was before the run. */
    succeeded: boolean;
    /** The configuration half of `succeeded`, when the agent reported it. */
    configRestored?: boolean;
    /** ftpsvc before the run and after the rollback (e.g. Running / Stopped), when the agent read them. */
    service?: { before: string | null; after: string | null };
    message?: string;
  };
  /**
   * Set when the run leaves FTP down, or running an unknown configuration, on this backend: what is wrong and
   * what to do, in one sentence. The error, the text report, the event and the exit code (3) carry it too.
   */
  ftpDown?: string;
  /** The configuration re-read from disk and planned again: apply succeeds only when this has no drift. */
  verification?: { compliant: boolean; remaining: Check[] };
  powershell?: { executable: string; processes: number; stderr: string };
  /** The host step (issue 10): what each host action did (firewall rule created/updated, ftpsvc restarted), when the plan had any. */
  host?: { ok: boolean; actions: { id: string; ok: boolean; done: string; message: string }[] };
  /** The failure, in one sentence, when status is failed. */
  error?: string;
}
