/**
 * The command line's own checks, run before yargs's: an unknown option gets a
 * "did you mean" (yargs suggests only commands), and a missing required option
 * is named as it is typed (`--desired`, not yargs's bare key `desired`).
 */
import { closestMatch } from '../desired/suggest.js';
import { UserError } from '../core/errors.js';

export interface DeclaredOptions {
  /** Every option the command accepts, as declared (dashed), with aliases. */
  names: readonly string[];
  /** Options the command cannot run without. */
  required: readonly string[];
}

/** The option names typed on the command line (`--name`, `--name=value`, `--no-name`, `-x`), up to a lone `--`. */
export function typedOptionNames(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (const token of argv) {
    if (token === '--') break;
    const m = /^--?([^=]+)/.exec(token);
    if (!m || /^-\d/.test(token)) continue;
    if (token.startsWith('--')) names.push(m[1]!);
    else names.push(...m[1]!.split('')); // -abc is -a -b -c
  }
  return names;
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** A UserError for the first unknown option (with the nearest known one) or the missing required ones; undefined when all is well. */
export function checkTypedOptions(command: string, typed: readonly string[], parsed: Record<string, unknown>, declared: DeclaredOptions): UserError | undefined {
  const known = new Set(declared.names.flatMap((n) => [n, camel(n)]));
  for (const name of typed) {
    const bare = known.has(name) ? name : name.startsWith('no-') ? name.slice(3) : name;
    if (known.has(bare)) continue;
    const near = closestMatch(bare, declared.names.filter((n) => n.length > 1));
    const shown = name.length === 1 ? `-${name}` : `--${name}`;
    return new UserError(`${command} has no option ${shown}${near ? `; did you mean --${near}?` : ''} (see ftps-enforcer ${command} --help).`);
  }
  const missing = declared.required.filter((k) => parsed[k] === undefined && parsed[camel(k)] === undefined);
  if (missing.length > 0) {
    const list = missing.map((k) => `--${k}`).join(', ');
    return new UserError(`${command} needs ${list} (missing required option${missing.length > 1 ? 's' : ''}; see ftps-enforcer ${command} --help).`);
  }
  return undefined;
}
