/** What the agent module's entry points return (one JSON line each); see scripts/FtpsEnforcer.Agent/functions. */
import type { SettingValue } from '../core/plan.js';

export interface AgentPrerequisites {
  ok: boolean;
  failures: { check: 'webadministration' | 'elevated' | 'ftpsvc' | string; message: string }[];
  powershell: { edition: string; version: string; is64BitProcess: boolean };
}

export interface AgentRollback {
  /** False when nothing had been written yet, so there was nothing to roll back. */
  attempted: boolean;
  /** The configuration is the previous one again. */
  succeeded: boolean;
  configRestored: boolean;
  serviceRestarted: boolean;
  serviceStatus: string | null;
  message: string;
}

export interface AgentApplyResult {
  ok: boolean;
  failedStep: 'import' | 'backup' | 'set' | 'commit' | 'verify' | 'restart' | null;
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
