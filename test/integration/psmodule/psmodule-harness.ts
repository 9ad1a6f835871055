/** Runs real pwsh with the user-facing module imported the way a user imports it: `Import-Module ./scripts/FtpsEnforcer`. */
import { spawnSync } from 'node:child_process';
import { cliPath, repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';

export interface PwshResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `script` runs after the import; the agent is the built CLI (through $env:FTPS_ENFORCER_AGENT). */
export function withModule(script: string, env: NodeJS.ProcessEnv = {}): PwshResult {
  const full = `$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; Import-Module ./scripts/FtpsEnforcer; ${script}`;
  const r = spawnSync(findPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', full], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...pwshEnv({ FTPS_ENFORCER_AGENT: cliPath, NO_COLOR: '1' }), ...env, TERM: 'dumb' },
    timeout: 180_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A PowerShell single-quoted literal. */
export const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
