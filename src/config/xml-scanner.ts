/**
 * A single-pass, allocation-light XML tag scanner, just enough for IIS
 * configuration files. It yields start and end tags with attribute offsets,
 * skips comments, CDATA, processing instructions and text, and checks what
 * makes a file well-formed for our purpose: names, quoted attributes without
 * `<`, balanced and correctly nested tags, one root element, no truncation.
 * It rejects any DOCTYPE (IIS never writes one; refusing it also rules out
 * entity expansion and external entities) and nesting deeper than MAX_DEPTH.
 * Text content is not validated: nothing the reader keeps lives in text.
 *
 * Why not a library: measured against fast-xml-parser, xml2js and sax on
 * 10,000-site files (docs/performance.md), building a tree or emitting
 * every event costs 10-40x the time of reading the file; this costs ~2-3x.
 */
import { configErrorAt, FIX_XML } from './config-error.js';
import { LineIndex } from './line-index.js';
import type { TextPlace } from './config-error.js';

/** Real IIS files nest about a dozen deep; anything this deep is hostile or broken. */
export const MAX_DEPTH = 256;

export type TokenKind = 'open' | 'close' | 'eof';

const LT = 0x3c, GT = 0x3e, SLASH = 0x2f, BANG = 0x21, QUESTION = 0x3f, EQ = 0x3d, DQ = 0x22, SQ = 0x27;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

export class XmlScanner {
  readonly lines: LineIndex;
  /** The current tag's element name ('open' and 'close'). */
  name = '';
  /** Offset of the current tag's `<`. */
  tagStart = 0;
  /** 'open' tags only: `<x/>`, which is never followed by a 'close' token. */
  selfClosing = false;
  /** Flat offsets of the current open tag's attributes: nameStart, nameEnd, valueStart, valueEnd. */
  private readonly attrs: number[] = [];
  private attrCount = 0;
  private pos = 0;
  private readonly openNames: string[] = [];
  private readonly openStarts: number[] = [];
  private rootSeen = false;

  constructor(readonly text: string, readonly file: string) {
    this.lines = new LineIndex(text);
  }

  /** Nesting depth after the current token (the current open tag counts; a closed one does not). */
  get depth(): number {
    return this.openNames.length;
  }

  placeOf(offset: number): TextPlace {
    return this.lines.placeOf(offset);
  }

  next(): TokenKind {
    const t = this.text;
    for (;;) {
      const lt = t.indexOf('<', this.pos);
      if (lt === -1) return this.finish();
      const c = t.charCodeAt(lt + 1);
      if (c === BANG) this.skipMarkup(lt);
      else if (c === QUESTION) this.pos = this.skipTo('?>', lt + 2, lt, 'a processing instruction (<?...?>) is never closed');
      else if (c === SLASH) return this.endTag(lt);
      else return this.startTag(lt);
    }
  }

  /** Index of an attribute of the current open tag (for the attr* accessors), or -1 when absent. */
  findAttr(name: string): number {
    const t = this.text;
    for (let i = 0; i < this.attrCount * 4; i += 4) {
      const s = this.attrs[i]!;
      if (this.attrs[i + 1]! - s === name.length && t.startsWith(name, s)) return i;
    }
    return -1;
  }

  /** The raw (still entity-encoded) value of attribute `i`. */
  attrRaw(i: number): string {
    return this.text.slice(this.attrs[i + 2]!, this.attrs[i + 3]!);
  }

  /** Offset of attribute `i`'s name: where reports point. */
  attrNameAt(i: number): number {
    return this.attrs[i]!;
  }

  /** Offset of the first character of attribute `i`'s value. */
  attrValueAt(i: number): number {
    return this.attrs[i + 2]!;
  }

  fail(offset: number, problem: string, fix: string = FIX_XML): never {
    throw configErrorAt(this.file, this.placeOf(offset), problem, fix);
  }

  private skipMarkup(lt: number): void {
    const t = this.text;
    if (t.startsWith('<!--', lt)) this.pos = this.skipTo('-->', lt + 4, lt, 'a comment (<!-- ... -->) is never closed');
    else if (t.startsWith('<![CDATA[', lt)) this.pos = this.skipTo(']]>', lt + 9, lt, 'a CDATA section is never closed');
    else if (t.startsWith('<!DOCTYPE', lt)) this.fail(lt, 'the file declares a DOCTYPE, which IIS configuration never has (refused: it could expand entities or load external files)', 'remove the <!DOCTYPE ...> declaration');
    else this.fail(lt, `unexpected markup "${t.slice(lt, lt + 12)}"`);
  }

  private skipTo(end: string, from: number, start: number, problem: string): number {
    const at = this.text.indexOf(end, from);
    if (at === -1) this.fail(start, problem);
    return at + end.length;
  }

  private readName(at: number, what: string): number {
    const t = this.text;
    if (!isNameStart(t.charCodeAt(at))) this.fail(at, at >= t.length ? `the file ends inside ${what}` : `expected ${what} here, found ${describeChar(t, at)}`);
    let p = at + 1;
    while (isNameChar(t.charCodeAt(p))) p++;
    return p;
  }

  private startTag(lt: number): TokenKind {
    const t = this.text;
    if (this.openNames.length === 0 && this.rootSeen) this.fail(lt, 'a second root element starts after the document element was closed');
    const nameEnd = this.readName(lt + 1, 'an element name after "<"');
    this.name = t.slice(lt + 1, nameEnd);
    this.tagStart = lt;
    this.attrCount = 0;
    // The next "<" bounds every attribute value of this tag: found once, not per attribute.
    const nextLt = t.indexOf('<', nameEnd);
    let p = nameEnd;
    for (;;) {
      const ws = p;
      while (isSpace(t.charCodeAt(p))) p++;
      const c = t.charCodeAt(p);
      if (c === GT) {
        this.selfClosing = false;
        this.pos = p + 1;
        break;
      }
      if (c === SLASH) {
        if (t.charCodeAt(p + 1) !== GT) this.fail(p, `expected ">" after "/" in <${this.name}>`);
        this.selfClosing = true;
        this.pos = p + 2;
        break;
      }
      if (p >= t.length) this.fail(lt, `the file ends inside the tag <${this.name}> (truncated)`);
      if (p === ws) this.fail(p, `expected a space before the next attribute in <${this.name}>, found ${describeChar(t, p)}`);
      const attrEnd = this.readName(p, `an attribute name or ">" in <${this.name}>`);
      let q = attrEnd;
      while (isSpace(t.charCodeAt(q))) q++;
      if (t.charCodeAt(q) !== EQ) this.fail(q, `expected "=" after the attribute ${t.slice(p, attrEnd)} in <${this.name}>, found ${describeChar(t, q)}`);
      q++;
      while (isSpace(t.charCodeAt(q))) q++;
      const quote = t.charCodeAt(q);
      if (quote !== DQ && quote !== SQ) this.fail(q, `the value of ${t.slice(p, attrEnd)} in <${this.name}> is not in quotes`);
      const close = t.indexOf(quote === DQ ? '"' : "'", q + 1);
      if (close === -1) this.fail(q, `the value of ${t.slice(p, attrEnd)} in <${this.name}> has no closing quote (truncated file?)`);
      if (nextLt !== -1 && nextLt < close) this.fail(nextLt, `"<" inside the value of ${t.slice(p, attrEnd)} in <${this.name}> (a missing closing quote?)`);
      const k = this.attrCount++ * 4;
      this.attrs[k] = p;
      this.attrs[k + 1] = attrEnd;
      this.attrs[k + 2] = q + 1;
      this.attrs[k + 3] = close;
      p = close + 1;
    }
    this.rootSeen = true;
    if (!this.selfClosing) {
      if (this.openNames.length >= MAX_DEPTH) this.fail(lt, `elements are nested more than ${MAX_DEPTH} deep`, 'this is not an IIS configuration file; check the path');
      this.openNames.push(this.name);
      this.openStarts.push(lt);
    }
    return 'open';
  }

  private endTag(lt: number): TokenKind {
    const t = this.text;
    const nameEnd = this.readName(lt + 2, 'an element name after "</"');
    let p = nameEnd;
    while (isSpace(t.charCodeAt(p))) p++;
    if (t.charCodeAt(p) !== GT) this.fail(p, p >= t.length ? 'the file ends inside an end tag (truncated)' : `expected ">" to end </${t.slice(lt + 2, nameEnd)}>, found ${describeChar(t, p)}`);
    this.name = t.slice(lt + 2, nameEnd);
    this.tagStart = lt;
    const open = this.openNames.pop();
    if (open === undefined) this.fail(lt, `the end tag </${this.name}> has no matching start tag`);
    const openedAt = this.openStarts.pop()!;
    if (open !== this.name) {
      const o = this.placeOf(openedAt);
      this.fail(lt, `the end tag </${this.name}> does not match <${open}> opened at line ${o.line}, column ${o.column}`);
    }
    this.pos = p + 1;
    return 'close';
  }

  private finish(): TokenKind {
    const n = this.openNames.length;
    if (n > 0) {
      const o = this.placeOf(this.openStarts[n - 1]!);
      this.fail(this.text.length, `the file ends before <${this.openNames[n - 1]}> (opened at line ${o.line}, column ${o.column}) is closed (truncated file or missing end tag)`);
    }
    if (!this.rootSeen) this.fail(this.text.length, 'the file has no XML element at all', 'check the path: this is not an IIS configuration file');
    this.pos = this.text.length;
    return 'eof';
  }
}

function describeChar(t: string, at: number): string {
  return at >= t.length ? 'the end of the file' : JSON.stringify(t[at]);
}
