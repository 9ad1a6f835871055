import { statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { packageFile } from '../package-file.js';

/** `powershell.exe` (Windows PowerShell 5.1, always present on Windows Server) on Windows, `pwsh` elsewhere. */
export function defaultPowerShellExecutable(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'powershell.exe' : 'pwsh';
}

/** Where `name` would be started from, or undefined: a path is checked as is, a bare name is looked up on PATH. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, cwd: string): string | undefined {
  const isFile = (p: string) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/') || name.includes('\\') || isAbsolute(name)) {
    const p = resolve(cwd, name);
    return isFile(p) ? p : undefined;
  }
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      if (isFile(p)) return p;
    }
  }
  return undefined;
}

/** The static agent module shipped in the package (`scripts/FtpsEnforcer.Agent`), found from this file upwards. */
export function agentModulePath(): string {
  return packageFile('scripts', 'FtpsEnforcer.Agent', 'FtpsEnforcer.Agent.psd1');
}
