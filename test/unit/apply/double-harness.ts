/** Runs a PowerShell snippet against the WebAdministration test double over a temp copy of a config file. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';

export const driftConfig = join(repoRoot, 'test', 'integration', 'apply', 'fixtures', 'drift', 'applicationHost.config');

export class DoubleLab {
  readonly dir = mkdtempSync(join(tmpdir(), 'ftps-double-'));
  readonly configFile = join(this.dir, 'applicationHost.config');
  readonly stateDir = join(this.dir, 'state');

  constructor(source = driftConfig) {
    copyFileSync(source, this.configFile);
  }

  /**
   * Runs `script` after `Import-Module WebAdministration` (the double). The script's last output line must be
   * JSON; `try { ... } catch { @{ error = "$_" } | ConvertTo-Json }` style snippets report errors as data.
   */
  run(script: string): any {
    const out = execFileSync(findPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', `$ErrorActionPreference = 'Stop'; Import-Module WebAdministration; ${script}`], {
      env: pwshEnv({
        PSModulePath: `${join(repoRoot, 'test', 'doubles')}${delimiter}${process.env.PSModulePath ?? ''}`,
        FTPS_DOUBLE_APPHOST: this.configFile,
        FTPS_DOUBLE_STATE_DIR: this.stateDir,
        NO_COLOR: '1',
      }),
      encoding: 'utf8',
    });
    const lines = out.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').trim().split(/\r?\n/);
    return JSON.parse(lines[lines.length - 1] ?? 'null');
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PowerShell that yields { ok, error } for one statement, as one JSON line. */
export const attempt = (statement: string) => `try { ${statement}; @{ ok = $true } | ConvertTo-Json -Compress } catch { @{ ok = $false; error = "$($_.Exception.Message)" } | ConvertTo-Json -Compress }`;
