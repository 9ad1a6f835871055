/**
 * Validation of a parsed desired-state file: the JSON Schema for structure,
 * then the semantic rules; every problem is collected so the user fixes them
 * all in one go. Pure: no file access (the schema is read once, at first use).
 */
import type { DesiredState } from '../core/desired-state.js';
import { desiredStateValidator } from './schema.js';
import { translateSchemaErrors } from './schema-errors.js';
import { RULES } from './rules.js';
import type { Problem } from './problem.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem in `value`, schema findings first, then the rules' (errors and warnings). */
export function collectProblems(value: unknown): Problem[] {
  const validate = desiredStateValidator();
  const schemaProblems = validate(value) ? [] : translateSchemaErrors(validate.errors ?? []);
  if (!isObject(value)) return schemaProblems;
  return [...schemaProblems, ...RULES.flatMap((rule) => rule(value))];
}

/** The value with the file's defaults filled in (sites {}, restart on-change) and `$schema` dropped. */
export function withDefaults(value: Record<string, unknown>): DesiredState {
  const { $schema: _editorHint, ...rest } = value;
  const desired = rest as unknown as DesiredState;
  return { ...desired, sites: desired.sites ?? {}, restart: desired.restart ?? 'on-change' };
}

/**
 * Validates a parsed desired-state value. `errors` and `warnings` are one line
 * each, naming the key path; `desired` (defaults applied) is set only when
 * there are no errors. `file` names the source in sentences about the whole file.
 */
export function validateDesiredState(value: unknown, file: string): { desired?: DesiredState; errors: string[]; warnings: string[] } {
  const problems = collectProblems(value);
  const errors = problems.filter((p) => p.severity === 'error').map((p) => p.message.replace('The desired-state file', file));
  const warnings = problems.filter((p) => p.severity === 'warning').map((p) => p.message);
  if (errors.length > 0 || !isObject(value)) return { errors, warnings };
  return { desired: withDefaults(value), errors, warnings };
}
