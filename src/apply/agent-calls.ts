/** The apply flow's calls into the agent, over an open session; "open session" stays separate so other read-only calls can share it. */
import type { RestartPolicy } from '../core/desired-state.js';
import type { Change } from '../core/plan.js';
import type { PowerShellSession } from '../powershell/session.js';
import type { FileBackup } from './file-backup.js';
import type { AgentApplyResult, AgentPrerequisites, AgentRestoreResult } from './agent-result.js';

export interface ApplyRequest {
  changes: Change[];
  restartPolicy: RestartPolicy;
  backupName: string;
  serviceTimeoutSeconds: number;
  /** The agent's own copies of the files it may write (file-backup.ts): made at the backup point, put back on rollback. */
  fileBackup?: FileBackup;
}

export function checkPrerequisites(session: PowerShellSession): Promise<AgentPrerequisites> {
  return session.call<AgentPrerequisites>('Test-FtpsEnforcerPrerequisites', {});
}

/** Backup, commit delay, one Set per change, commit, read back, restart per policy; rolls back itself on failure. */
export function applyChanges(session: PowerShellSession, req: ApplyRequest): Promise<AgentApplyResult> {
  return session.call<AgentApplyResult>('Invoke-FtpsEnforcerApply', {
    changes: req.changes.map((c) => ({ id: c.id, pspath: c.pspath, filter: c.filter, name: c.name, value: c.value, requiresRestart: c.requiresRestart })),
    restartPolicy: req.restartPolicy,
    backupName: req.backupName,
    serviceTimeoutSeconds: req.serviceTimeoutSeconds,
    ...(req.fileBackup ? { fileBackup: req.fileBackup } : {}),
  });
}

/** Restores the backup an apply made (and restarts ftpsvc if that apply had restarted it). */
export function restoreBackup(session: PowerShellSession, backupName: string, restartService: boolean, serviceTimeoutSeconds: number, fileBackup?: FileBackup): Promise<AgentRestoreResult> {
  return session.call<AgentRestoreResult>('Restore-FtpsEnforcerBackup', { backupName, restartService, serviceTimeoutSeconds, ...(fileBackup ? { fileBackup } : {}) });
}
