import { readFileSync } from 'node:fs';
import type { InProcessRow } from './row.js';

/** The floor: the file's bytes in memory, nothing else. */
export const readBytesRow: InProcessRow = { kind: 'in-process', id: 'read-bytes', label: 'read file into memory (floor)', run: (file) => readFileSync(file) };

/** Bytes and the decoded text: what any reader has to start from. */
export const readTextRow: InProcessRow = { kind: 'in-process', id: 'read-text', label: 'read file as text (bytes + UTF-8 decode)', run: (file) => readFileSync(file, 'utf8') };
