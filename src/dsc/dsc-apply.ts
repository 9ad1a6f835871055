/**
 * `dsc set`: the ordinary `apply` (lock, prerequisites, one PowerShell
 * session, backup, verify, rollback) run in-process with its JSON report
 * captured, so DSC gets exactly what `ftps-enforcer apply` does.
 */
import type { CliIo } from '../cli/io.js';
import { UserError } from '../core/errors.js';
import { CaptureStream } from '../cli/capture-stream.js';

export interface DscApplyRequest {
  desiredPath: string;
  configPath?: string;
  powershell?: string;
  verbose: boolean;
  logFile?: string;
}


/** Runs apply; returns the names of the properties it changed; throws UserError when apply failed. */
export async function applyForDsc(req: DscApplyRequest, io: CliIo): Promise<string[]> {
  const { runApplyCommand } = await import('../apply/apply-command.js');
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const code = await runApplyCommand(
    {
      desired: req.desiredPath,
      config: req.configPath,
      format: 'json',
      dryRun: false,
      lockTimeout: 120,
      timeout: 300,
      verbose: req.verbose,
      quiet: true,
      logFile: req.logFile,
      ...(req.powershell ? { powershell: req.powershell } : {}),
    } as Parameters<typeof runApplyCommand>[0],
    { ...io, stdout, stderr },
  );
  let report: { apply?: { status?: string; error?: string }; changes?: Array<{ name?: string; site?: string | null; scope?: string }> } = {};
  try {
    report = JSON.parse(stdout.text);
  } catch {
    // No report: apply failed before planning; its stderr says why.
  }
  if (code !== 0) {
    // A report with an apply section carries apply's own sentence, which already says whether the rollback brought
    // the previous configuration back; without one, apply stopped before running and its stderr says why.
    const own = report.apply?.error;
    if (own) throw new UserError(own);
    const why = stderr.text.replace(/^error: /, '').trim();
    throw new UserError(`apply failed: ${why || `exit code ${code}`}`);
  }
  return changedProperties(report.changes ?? []);
}

function changedProperties(changes: Array<{ name?: string; site?: string | null; scope?: string }>): string[] {
  const names = new Set<string>();
  for (const c of changes) {
    if (c.scope === 'site') names.add('sites');
    else if (c.name === 'controlChannelPolicy' || c.name === 'dataChannelPolicy' || c.name === 'serverCertHash') names.add('ssl');
    else if (c.name) names.add(c.name);
  }
  return [...names];
}
