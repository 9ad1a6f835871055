/**
 * Which WebAdministration the apply tests drive, from ONE environment variable:
 *   FTPS_WEBADMIN_TARGET=double (the default): the test double in test/doubles, first on PSModulePath,
 *     working on a temp copy of the fixture; this is what runs everywhere, CI included;
 *   FTPS_WEBADMIN_TARGET=real: Windows' own WebAdministration module and the machine's real
 *     applicationHost.config, which each test replaces with its fixture and puts back afterwards
 *     (.github/workflows/windows-iis.yml, on a throwaway Windows Server runner with IIS and FTP
 *     installed; never on a machine whose IIS matters).
 * Tests that inject faults through the double (ftpsvc.json flags) cannot run on real IIS and say so.
 */
import { join } from 'node:path';

export type WebAdminTarget = 'double' | 'real';

export const TARGET_VARIABLE = 'FTPS_WEBADMIN_TARGET';

/** The target chosen by the environment; anything but double/real (or unset) is an error, not a guess. */
export function webAdminTarget(env: NodeJS.ProcessEnv = process.env): WebAdminTarget {
  const v = env[TARGET_VARIABLE];
  if (v === undefined || v === '' || v === 'double') return 'double';
  if (v === 'real') return 'real';
  throw new Error(`${TARGET_VARIABLE}=${v} is not a target; use double (the WebAdministration test double) or real (Windows with IIS).`);
}

/** The real IIS's applicationHost.config (64-bit path; the tests run from 64-bit Node). */
export function realApplicationHostConfig(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'win32') throw new Error(`${TARGET_VARIABLE}=real needs Windows with IIS and its FTP role; this is ${platform}.`);
  return join(env.windir ?? env.SystemRoot ?? 'C:\\Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config');
}
