/** The apply flow's calls into the agent, over an open session; "open session" stays separate so other read-only calls can share it. */
import type { Change } from '../core/plan.js';
import type { RestartDecision } from '../core/restart-decision.js';
import type { PowerShellSession } from '../powershell/session.js';
import type { FileBackup } from './file-backup.js';
import type { AgentApplyResult, AgentPrerequisites, AgentRestoreResult } from './agent-result.js';

export interface ApplyRequest {
  changes: Change[];
  /** Decided by src/core/restart-decision.ts; the agent obeys it. */
  restart: RestartDecision;
  backupName: string;
  serviceTimeoutSeconds: number;
  /** The agent's own copies of the files it may write (file-backup.ts): made at the backup point, put back on rollback. */
  fileBackup?: FileBackup;
}

export function checkPrerequisites(session: PowerShellSession): Promise<AgentPrerequisites> {
  return session.call<AgentPrerequisites>('Test-FtpsEnforcerPrerequisites', {});
}

/** Checks each change is in the closed set, then backup, commit delay, one Set per change, commit, read back, restart as decided; rolls back itself on failure. */
export function applyChanges(session: PowerShellSession, req: ApplyRequest): Promise<AgentApplyResult> {
  return session.call<AgentApplyResult>('Invoke-FtpsEnforcerApply', {
    changes: req.changes.map((c) => ({ id: c.id, pspath: c.pspath, filter: c.filter, name: c.name, value: c.value })),
    restart: { perform: req.restart.restart, reason: req.restart.reason },
    backupName: req.backupName,
    serviceTimeoutSeconds: req.serviceTimeoutSeconds,
    ...(req.fileBackup ? { fileBackup: req.fileBackup } : {}),
  });
}

/** Restores the backup an apply made (and the agent's own file copies, when it made them), and puts ftpsvc back as it was before the run (`serviceBefore`) if that apply may have restarted it. */
export function restoreBackup(session: PowerShellSession, backupName: string, restartService: boolean, serviceBefore: string | null, serviceTimeoutSeconds: number, fileBackup?: FileBackup): Promise<AgentRestoreResult> {
  return session.call<AgentRestoreResult>('Restore-FtpsEnforcerBackup', { backupName, restartService, serviceBefore, serviceTimeoutSeconds, ...(fileBackup ? { fileBackup } : {}) });
}
