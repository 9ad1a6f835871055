/**
 * Lower bounds: parts of what readIisConfig must do, each measured alone, so
 * the table shows how much of "within 4× of reading the file" each part uses
 * up before a single FTP fact is kept. None of these is a usable reader.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { InProcessRow } from './row.js';
import { decodeConfigBytes } from '../../src/config/decode-text.js';
import { XmlScanner } from '../../src/config/xml-scanner.js';

/** The digest saved plans are checked against (a plan made from other bytes is refused). */
export const readHashRow: InProcessRow = {
  kind: 'in-process', id: 'read-hash', label: 'lower bound: read + sha256 (the saved-plan digest)',
  run: (file) => createHash('sha256').update(readFileSync(file)).digest('hex'),
};

/** The reader's own decoding (latin1 for pure ASCII) and its well-formedness scan of every tag, keeping nothing. */
export const readScanRow: InProcessRow = {
  kind: 'in-process', id: 'read-scan', label: 'lower bound: read + decode + check every tag (no facts, no digest)',
  run: (file) => {
    const scanner = new XmlScanner(decodeConfigBytes(readFileSync(file), file).text, file);
    let tags = 0;
    while (scanner.next() !== 'eof') tags++;
    return tags;
  },
};

/**
 * The least any reader that reports every site name could do: find each
 * `<site ` by indexOf and cut its name out, with no validation, no entities,
 * no digest, no FTP facts (wrong on commented-out sites; a bound, not a reader).
 */
export const readNamesRow: InProcessRow = {
  kind: 'in-process', id: 'read-names', label: 'lower bound: read + decode + cut out every site name (no checks)',
  run: (file) => {
    const text = decodeConfigBytes(readFileSync(file), file).text;
    const names: string[] = [];
    for (let at = text.indexOf('<site '); at !== -1; at = text.indexOf('<site ', at + 6)) {
      const start = text.indexOf('name="', at) + 6;
      names.push(text.slice(start, text.indexOf('"', start)));
    }
    return names;
  },
};
