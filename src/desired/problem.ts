/**
 * A problem found in the desired-state file: where (a key path) and what, in
 * one sentence that says what is wrong and what is allowed. Rules and the
 * schema translation both produce these; the loader adds line numbers.
 */
import type { KeyPath } from './key-path.js';

export interface Problem {
  severity: 'error' | 'warning';
  /** The key the sentence is about; for a missing key, the key that is missing. */
  path: KeyPath;
  /** One sentence that starts with the key path, e.g. `lowDataChannelPort is 80, outside 1025–65535; …`. */
  message: string;
}

export const error = (path: KeyPath, message: string): Problem => ({ severity: 'error', path, message });
export const warning = (path: KeyPath, message: string): Problem => ({ severity: 'warning', path, message });

/** How a JSON value reads inside a sentence: strings quoted, objects and arrays named. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** The JSON type of a value, in words: "a string", "a number", "true/false", "null", "a list", "an object". */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    default: return 'an object';
  }
}
