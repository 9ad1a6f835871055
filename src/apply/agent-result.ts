/** What the agent module's entry points return (one JSON line each); see scripts/FtpsEnforcer.Agent/functions. */
import type { SettingValue } from '../core/plan.js';

export interface AgentPrerequisites {
  ok: boolean;
  failures: { check: 'bitness' | 'edition' | 'webadministration' | 'commitdelay' | 'elevated' | 'ftpsvc'; message: string }[];
  /** ftpsvc's status before the run (null when it could not be read): a rollback puts it back this way. */
  ftpsvc: string | null;
  powershell: { edition: string; version: string; is64BitProcess: boolean };
}

export interface AgentRollback {
  /** False when nothing had been written yet, so there was nothing to roll back. */
  attempted: boolean;
  /** configRestored AND serviceAsBefore: the configuration is the previous one and ftpsvc is as it was before the run. */
  succeeded: boolean;
  configRestored: boolean;
  serviceRestarted: boolean;
  /** ftpsvc's status before the run, and after the rollback (null when not read). */
  serviceBefore: string | null;
  serviceStatus: string | null;
  serviceAsBefore: boolean;
  message: string;
}

export interface AgentApplyResult {
  ok: boolean;
  /** validate: a change outside the closed set the planner writes was refused before anything was written. */
  failedStep: 'validate' | 'import' | 'backup' | 'set' | 'commit' | 'verify' | 'restart' | null;
  error: string | null;
  backupName: string;
  backupCreated: boolean;
  applied: { id: string; readBack: SettingValue; verified: boolean }[];
  restart: { performed: boolean; at: string | null; reason: string };
  rollback: AgentRollback | null;
}

export interface AgentRestoreResult {
  ok: boolean;
  error: string | null;
  rollback: AgentRollback | null;
}
