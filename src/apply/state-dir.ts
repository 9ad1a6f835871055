import { join, win32 } from 'node:path';
import type { CliIo } from '../cli/io.js';

/**
 * Where apply keeps its lock files: FTPS_ENFORCER_STATE_DIR (tests), else
 * %ProgramData%\ftps-enforcer on Windows, else $XDG_STATE_HOME/ftps-enforcer,
 * else /var/lib/ftps-enforcer.
 */
export function resolveStateDir(io: Pick<CliIo, 'env' | 'platform'>): string {
  const env = io.env;
  if (env.FTPS_ENFORCER_STATE_DIR) return env.FTPS_ENFORCER_STATE_DIR;
  if (io.platform === 'win32') return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'ftps-enforcer');
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'ftps-enforcer');
  return '/var/lib/ftps-enforcer';
}
