import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { InProcessRow } from './row.js';

/** The file's bytes in memory, nothing else (issue 6's floor; shown for reference). */
export const readBytesRow: InProcessRow = { kind: 'in-process', id: 'read-bytes', label: 'read file into memory (bytes only)', run: (file) => readFileSync(file) };

/** Bytes and the decoded text, the way a general reader gets them (Node's UTF-8 decoder). */
export const readTextRow: InProcessRow = { kind: 'in-process', id: 'read-text', label: 'read file as text (bytes + UTF-8 decode)', run: (file) => readFileSync(file, 'utf8') };

/**
 * The floor (issue 20): the least a safe reader does. Read the file as text
 * and take the SHA-256 of its bytes (saved plans are checked against it).
 */
export const readTextHashRow: InProcessRow = {
  kind: 'in-process', id: 'read-text-hash', label: 'read file as text + its sha256 (floor)',
  run: (file) => {
    const bytes = readFileSync(file);
    return [bytes.toString('utf8'), createHash('sha256').update(bytes).digest('hex')];
  },
};
