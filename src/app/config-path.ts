import { isAbsolute, resolve, win32 } from 'node:path';
import { UserError } from '../core/errors.js';
import type { CliIo } from '../cli/io.js';

/** The applicationHost.config to read: --config, else IIS's own location on Windows; required elsewhere. */
export function resolveConfigPath(given: string | undefined, io: Pick<CliIo, 'cwd' | 'env' | 'platform'>): string {
  if (given) return isAbsolute(given) ? given : resolve(io.cwd, given);
  if (io.platform === 'win32') {
    const windir = io.env.windir ?? io.env.WINDIR ?? io.env.SystemRoot ?? 'C:\\Windows';
    return win32.join(windir, 'System32', 'inetsrv', 'config', 'applicationHost.config');
  }
  throw new UserError('--config is required on this system: give the path of applicationHost.config (IIS keeps it in %windir%\\System32\\inetsrv\\config on Windows).');
}
