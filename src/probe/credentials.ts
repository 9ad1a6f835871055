/**
 * What the probe trusts and logs in with: the CA file, and the password from an environment variable or a
 * file, never from argv (it would show in `ps` and shell history).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';

export const DEFAULT_PASSWORD_ENV = 'FTPS_PROBE_PASSWORD';

/** The options a command reads the password through: probe's own, or rollout's --probe-* for its check. */
export interface PasswordOptions {
  env: string;
  file: string;
}
const PROBE_PASSWORD_OPTIONS: PasswordOptions = { env: '--password-env', file: '--password-file' };

export function resolvePassword(src: { passwordEnv?: string; passwordFile?: string }, env: NodeJS.ProcessEnv, cwd: string, options: PasswordOptions = PROBE_PASSWORD_OPTIONS): string {
  if (src.passwordFile) {
    const file = resolve(cwd, src.passwordFile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UserError(`Could not read the password file ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}): check ${options.file}.`);
    }
    // Editors add a final newline; a password never ends in one.
    const password = text.replace(/\r?\n$/, '');
    if (!password) throw new UserError(`The password file ${file} is empty: write the FTP password on its first line.`);
    return password;
  }
  const name = src.passwordEnv ?? DEFAULT_PASSWORD_ENV;
  const password = env[name];
  if (!password) {
    throw new UserError(`No password: set the environment variable ${name} (or name another with ${options.env}, or use ${options.file} FILE); the probe never takes a password on the command line.`);
  }
  return password;
}

/** The PEM text of the CA file given with `option` (probe's --ca, rollout's --probe-ca), or undefined when none was given. */
export function readCaFile(given: string | undefined, option: string, cwd: string): string | undefined {
  if (!given) return undefined;
  const file = resolve(cwd, given);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`Could not read the CA file ${file}: check ${option} (a PEM file with the CA that issued the server certificate).`);
  }
}
