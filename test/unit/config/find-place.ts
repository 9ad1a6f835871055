/** Test helper: the 1-based line and column of a needle in a fixture, found independently of the reader. */
import { readFileSync } from 'node:fs';

export function placeIn(file: string, needle: string, occurrence = 1): { line: number; column: number } {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    let col = lines[i]!.indexOf(needle);
    while (col !== -1) {
      if (++seen === occurrence) return { line: i + 1, column: col + 1 };
      col = lines[i]!.indexOf(needle, col + 1);
    }
  }
  throw new Error(`${needle} not found ${occurrence} time(s) in ${file}`);
}
