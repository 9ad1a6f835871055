/** Session options for a run that may need PowerShell only for host facts (audit --host, apply --dry-run). */
import type { CliIo } from '../cli/io.js';
import type { PowerShellSession, SessionOptions } from '../powershell/session.js';
import { agentModulePath, defaultPowerShellExecutable } from '../powershell/executable.js';

/** Default limit for the read-only host-facts call when the command has no --timeout. */
export const HOST_FACTS_TIMEOUT_SECONDS = 300;

export function hostSessionOptions(args: { powershell?: string; timeout?: number }, io: CliIo): SessionOptions {
  return {
    executable: args.powershell ?? defaultPowerShellExecutable(io.platform),
    modulePath: agentModulePath(),
    env: io.env,
    timeoutMs: (args.timeout ?? HOST_FACTS_TIMEOUT_SECONDS) * 1000,
    platform: io.platform,
    cwd: io.cwd,
  };
}

/**
 * An openSession for the apply step that hands over the session the host facts were read in (one process per
 * run); any later open (e.g. a restore after a crash, which needs a fresh process) starts a new one.
 */
export function reuseSession(first: PowerShellSession, open: (o: SessionOptions) => Promise<PowerShellSession>): (o: SessionOptions) => Promise<PowerShellSession> {
  let handedOver = false;
  return async (o) => {
    if (!handedOver) {
      handedOver = true;
      return first;
    }
    return open(o);
  };
}
