/**
 * Turns character offsets into 1-based line and column, lazily: only the few
 * facts the reader keeps (and errors) need a place, so newlines are counted
 * on demand, moving from the last answer (offsets mostly increase).
 */
import type { TextPlace } from './config-error.js';

export class LineIndex {
  private line = 1;
  private lineStart = 0;
  private scanned = 0;

  constructor(private readonly text: string) {}

  placeOf(offset: number): TextPlace {
    if (offset < this.scanned) this.back(offset);
    let nl = this.text.indexOf('\n', this.scanned);
    while (nl !== -1 && nl < offset) {
      this.line++;
      this.lineStart = nl + 1;
      nl = this.text.indexOf('\n', nl + 1);
    }
    this.scanned = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  /** Walks back line by line (callers step back only a little: to a tag after its attributes). */
  private back(offset: number): void {
    while (this.lineStart > offset) {
      this.line--;
      // lineStart - 1 is the newline ending the previous line; search before it.
      this.lineStart = this.lineStart >= 2 ? this.text.lastIndexOf('\n', this.lineStart - 2) + 1 : 0;
    }
    this.scanned = offset;
  }
}
