import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/**
 * The real PowerShell the integration tests drive. Never skipped: when it is
 * missing the suite fails and says how to install it.
 */
export function findPwsh(): string {
  const candidates = [process.env.PWSH, join(homedir(), '.cache', 'pwsh-tool', 'pwsh')].filter(Boolean) as string[];
  for (const c of candidates) if (existsSync(c)) return c;
  try {
    return execFileSync('sh', ['-c', 'command -v pwsh'], { encoding: 'utf8' }).trim() || missing();
  } catch {
    return missing();
  }
}

function missing(): never {
  throw new Error('PowerShell (pwsh) is not installed: run `bash scripts/install-pwsh.sh` (or set PWSH to its path); the integration tests need a real PowerShell.');
}

/** Environment for a pwsh child: .NET tool builds of pwsh need roll-forward on a newer runtime. */
export function pwshEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DOTNET_ROLL_FORWARD: 'Major', DOTNET_CLI_TELEMETRY_OPTOUT: '1', POWERSHELL_TELEMETRY_OPTOUT: '1', ...extra };
}
