/**
 * Loading the desired-state file: read the bytes, parse with positions,
 * validate (schema + rules), apply defaults. Every problem is reported at once
 * in one DesiredStateError; the one-sentence message names the file, the
 * details give one line per problem with its line number and key path.
 */
import { readFileSync } from 'node:fs';
import type { LoadedDesiredState } from '../core/desired-state.js';
import { DesiredStateError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { decodeJsonBytes, parseJsonText } from './json-text.js';
import { collectProblems, withDefaults } from './validate.js';
import type { Problem } from './problem.js';

export { validateDesiredState } from './validate.js';

export function loadDesiredState(path: string): LoadedDesiredState {
  const bytes = readBytes(path);
  const json = parseJsonText(decodeJsonBytes(bytes), path);
  const problems: Problem[] = [...json.duplicates, ...collectProblems(json.value)];
  const located = problems
    .map((p, order) => ({ ...p, line: p.path.length ? json.lineOf(p.path) : undefined, order }))
    // File order reads best; problems without a line (missing keys) go last.
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || a.order - b.order);
  const lineText = (p: { line?: number; message: string }) => (p.line ? `line ${p.line}: ${p.message}` : p.message);
  const errors = located.filter((p) => p.severity === 'error').map((p) => ({ ...p, message: p.message.replace('The desired-state file', path) }));
  if (errors.length === 1) {
    const only = errors[0]!;
    // A problem with the whole file (path []) already names the file.
    const where = only.path.length === 0 ? '' : only.line ? `${path}, line ${only.line}: ` : `${path}: `;
    throw new DesiredStateError(`${where}${only.message}`);
  }
  if (errors.length > 1) {
    throw new DesiredStateError(`${path} has ${errors.length} problems; fix them and run again.`, errors.map(lineText));
  }
  return {
    file: path,
    contentHash: sha256(bytes),
    desired: withDefaults(json.value as Record<string, unknown>),
    warnings: located.filter((p) => p.severity === 'warning').map(lineText),
    warningsAt: located.filter((p) => p.severity === 'warning').map((p) => ({ message: p.message, ...(p.line ? { line: p.line } : {}) })),
  };
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'it does not exist; check the --desired path'
      : code === 'EISDIR' ? 'it is a folder; give the path of the JSON file'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied; run as a user who can read it'
      : `${code ?? (err as Error).message}; check the --desired path`;
    throw new DesiredStateError(`Cannot read the desired-state file ${path}: ${why}.`, undefined, { cause: err });
  }
}
