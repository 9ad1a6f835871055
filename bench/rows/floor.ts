import { readFileSync } from 'node:fs';
import type { InProcessRow } from './row.js';

/** The floor: the file's bytes in memory, nothing else. */
export const readBytesRow: InProcessRow = { kind: 'in-process', id: 'read-bytes', label: 'read file into memory (floor)', run: (file) => readFileSync(file) };

/** Bytes and the decoded text, the way a general reader gets them (Node's UTF-8 decoder). */
export const readTextRow: InProcessRow = { kind: 'in-process', id: 'read-text', label: 'read file as text (bytes + UTF-8 decode)', run: (file) => readFileSync(file, 'utf8') };
