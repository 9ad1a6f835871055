/**
 * A single-pass XML tag scanner, just enough for IIS configuration files. It
 * yields start and end tags, skips comments, CDATA, processing instructions
 * and text, and checks what makes a file well-formed for our purpose: names,
 * attributes as name="value" or name='value' without `<` in the value,
 * balanced and correctly nested tags, one root element, no truncation. It
 * rejects any DOCTYPE (IIS never writes one; refusing it also rules out entity
 * expansion and external entities) and nesting deeper than MAX_DEPTH. Text
 * content is not validated: nothing the reader keeps lives in text.
 *
 * Speed (docs/performance.md): each start tag is validated by one sticky
 * regular expression (compiled to native code by V8), names are not copied
 * unless asked for, and attributes are split only when the walker asks
 * (a few elements in a thousand). When the expression rejects a tag,
 * `tag-diagnosis.ts` walks it again character by character to say exactly
 * where and why.
 */
import { configErrorAt, FIX_XML } from './config-error.js';
import { LineIndex } from './line-index.js';
import type { ConfigErrorCode, TextPlace } from './config-error.js';
import { diagnoseStartTag, isNameChar, isNameStart, isSpace } from './tag-diagnosis.js';

/** Real IIS files nest about a dozen deep; anything this deep is hostile or broken. */
export const MAX_DEPTH = 256;

export type TokenKind = 'open' | 'close' | 'eof';

const NAME = '[A-Za-z_:\\u0080-\\uFFFF][-A-Za-z0-9_:.\\u0080-\\uFFFF]*';
/** A whole start tag: name, then attributes each preceded by whitespace, then `>` or `/>`. */
const START_TAG = new RegExp(`<${NAME}(?:[ \\t\\r\\n]+${NAME}[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"[^"<]*"|'[^'<]*'))*[ \\t\\r\\n]*/?>`, 'y');

const BANG = 0x21, QUESTION = 0x3f, SLASH = 0x2f, GT = 0x3e, DQUOTE = 0x22;

export class XmlScanner {
  readonly lines: LineIndex;
  /** Offset of the current tag's `<`. */
  tagStart = 0;
  /** 'open' tags only: `<x/>`, which is never followed by a 'close' token. */
  selfClosing = false;
  private nameStart = 0;
  private nameEnd = 0;
  private tagEnd = 0;
  /**
   * Flat offsets of the current open tag's attributes (nameStart, nameEnd, valueStart, valueEnd), split on
   * demand, in order; nameStart is -1 until findAttr has matched that attribute's name.
   */
  private readonly attrs: number[] = [];
  private attrCount = 0;
  /** Where splitting the current tag's attributes continues; -1 when all are split. */
  private splitPos = -1;
  private pos = 0;
  private readonly openStarts: number[] = [];
  private rootSeen = false;

  constructor(readonly text: string, readonly file: string) {
    this.lines = new LineIndex(text);
  }

  /** The current tag's element name (copied on demand). */
  get name(): string {
    return this.text.slice(this.nameStart, this.nameEndOf());
  }

  /** Whether the current tag's name is `name`, without copying it (the first character decides most calls). */
  nameIs(name: string): boolean {
    const t = this.text;
    const s = this.nameStart;
    return t.charCodeAt(s) === name.charCodeAt(0) && t.startsWith(name, s) && !isNameChar(t.charCodeAt(s + name.length));
  }

  /** Names end where a name character stops; found only when someone asks. */
  private nameEndOf(): number {
    if (this.nameEnd < 0) {
      let p = this.nameStart;
      while (isNameChar(this.text.charCodeAt(p))) p++;
      this.nameEnd = p;
    }
    return this.nameEnd;
  }

  /** Nesting depth after the current token (the current open tag counts; a closed one does not). */
  get depth(): number {
    return this.openStarts.length;
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
    for (let i = 0; i < this.attrCount * 4; i += 4) if (this.attrNamed(i, name)) return i;
    // Not among those split so far: split further, one attribute at a time, until found.
    while (this.splitPos >= 0) {
      const i = this.splitNext();
      if (i >= 0 && this.attrNamed(i, name)) return i;
    }
    return -1;
  }

  /**
   * Whether attribute `i` is `name`: the name ends where the attribute's ends, and whitespace comes
   * before it (the tag is well-formed, so an attribute name starts after whitespace). Records where
   * the name starts, which the split does not look for (walking back over every name cost more).
   */
  private attrNamed(i: number, name: string): boolean {
    const t = this.text;
    const start = this.attrs[i + 1]! - name.length;
    if (start < 1 || !t.startsWith(name, start) || !isSpace(t.charCodeAt(start - 1))) return false;
    this.attrs[i] = start;
    return true;
  }

  /** Whether attribute `i`'s raw value has an entity or character reference (an `&`) to decode. */
  attrHasReference(i: number): boolean {
    const t = this.text;
    for (let k = this.attrs[i + 2]!, end = this.attrs[i + 3]!; k < end; k++) if (t.charCodeAt(k) === 0x26) return true;
    return false;
  }

  /** Whether attribute `i`'s raw value is `lower` (lower-case letters) in any case, without copying it. */
  attrIsIgnoringCase(i: number, lower: string): boolean {
    const t = this.text;
    const s = this.attrs[i + 2]!;
    if (this.attrs[i + 3]! - s !== lower.length) return false;
    for (let k = 0; k < lower.length; k++) if ((t.charCodeAt(s + k) | 0x20) !== lower.charCodeAt(k)) return false;
    return true;
  }

  /** The raw (still entity-encoded) value of attribute `i`. */
  attrRaw(i: number): string {
    return this.text.slice(this.attrs[i + 2]!, this.attrs[i + 3]!);
  }

  /** Offset of attribute `i`'s name (as found by findAttr): where reports point. */
  attrNameAt(i: number): number {
    return this.attrs[i]!;
  }

  /** Offset of the first character of attribute `i`'s value. */
  attrValueAt(i: number): number {
    return this.attrs[i + 2]!;
  }

  /** Offset just after attribute `i`'s value (its closing quote). */
  attrValueEnd(i: number): number {
    return this.attrs[i + 3]!;
  }

  fail(offset: number, problem: string, fix: string = FIX_XML, code: ConfigErrorCode = 'XML_MALFORMED'): never {
    throw configErrorAt(this.file, this.placeOf(offset), problem, fix, code);
  }

  private skipMarkup(lt: number): void {
    const t = this.text;
    if (t.startsWith('<!--', lt)) this.pos = this.skipTo('-->', lt + 4, lt, 'a comment (<!-- ... -->) is never closed');
    else if (t.startsWith('<![CDATA[', lt)) this.pos = this.skipTo(']]>', lt + 9, lt, 'a CDATA section is never closed');
    else if (t.startsWith('<!DOCTYPE', lt)) this.fail(lt, 'the file declares a DOCTYPE, which IIS configuration never has (refused: it could expand entities or load external files)', 'remove the <!DOCTYPE ...> declaration', 'XML_DOCTYPE');
    else this.fail(lt, `unexpected markup ${JSON.stringify(t.slice(lt, lt + 12))}`);
  }

  private skipTo(end: string, from: number, start: number, problem: string): number {
    const at = this.text.indexOf(end, from);
    if (at === -1) this.fail(start, problem);
    return at + end.length;
  }

  private startTag(lt: number): TokenKind {
    const t = this.text;
    if (this.openStarts.length === 0 && this.rootSeen) this.fail(lt, 'a second root element starts after the document element was closed');
    START_TAG.lastIndex = lt;
    if (!START_TAG.test(t)) {
      const d = diagnoseStartTag(t, lt);
      this.fail(d.offset, d.problem);
    }
    const end = START_TAG.lastIndex;
    this.tagStart = lt;
    this.nameStart = lt + 1;
    this.nameEnd = -1;
    this.tagEnd = end;
    this.attrCount = 0;
    this.splitPos = lt + 1;
    this.selfClosing = t.charCodeAt(end - 2) === SLASH;
    this.pos = end;
    this.rootSeen = true;
    if (!this.selfClosing) {
      if (this.openStarts.length >= MAX_DEPTH) this.fail(lt, `elements are nested more than ${MAX_DEPTH} deep`, 'this is not an IIS configuration file; check the path', 'XML_TOO_DEEP');
      this.openStarts.push(lt);
    }
    return 'open';
  }

  /**
   * Splits off the next attribute of the (already validated) current tag and
   * returns its index, or -1 at the end: the attribute's name ends before the
   * next "=" outside quotes (and any spaces before it), then comes the quoted value.
   */
  private splitNext(): number {
    const t = this.text;
    const eq = t.indexOf('=', this.splitPos);
    if (eq === -1 || eq >= this.tagEnd) {
      this.splitPos = -1;
      return -1;
    }
    let nameEnd = eq;
    while (isSpace(t.charCodeAt(nameEnd - 1))) nameEnd--;
    let q = eq + 1;
    while (isSpace(t.charCodeAt(q))) q++;
    const close = t.indexOf(t.charCodeAt(q) === DQUOTE ? '"' : "'", q + 1);
    const k = this.attrCount++ * 4;
    this.attrs[k] = -1;
    this.attrs[k + 1] = nameEnd;
    this.attrs[k + 2] = q + 1;
    this.attrs[k + 3] = close;
    this.splitPos = close + 1;
    return k;
  }

  private endTag(lt: number): TokenKind {
    const t = this.text;
    const depth = this.openStarts.length;
    // Fast path: the end tag names the element on top of the stack and closes at once.
    if (depth > 0) {
      const openName = this.openStarts[depth - 1]! + 1;
      let i = 0;
      while (t.charCodeAt(openName + i) === t.charCodeAt(lt + 2 + i) && t.charCodeAt(lt + 2 + i) !== GT) i++;
      if (i > 0 && t.charCodeAt(lt + 2 + i) === GT && !isNameChar(t.charCodeAt(openName + i))) {
        this.openStarts.pop();
        this.tagStart = lt;
        this.nameStart = lt + 2;
        this.nameEnd = lt + 2 + i;
        this.pos = lt + 3 + i;
        return 'close';
      }
    }
    return this.endTagSlow(lt);
  }

  /** Any other end tag: trailing spaces, or an error to describe precisely. */
  private endTagSlow(lt: number): TokenKind {
    const t = this.text;
    if (!isNameStart(t.charCodeAt(lt + 2))) this.fail(lt + 2, lt + 2 >= t.length ? 'the file ends inside an end tag (truncated)' : `expected an element name after "</", found ${JSON.stringify(t[lt + 2])}`);
    let p = lt + 3;
    while (isNameChar(t.charCodeAt(p))) p++;
    const nameEnd = p;
    while (isSpace(t.charCodeAt(p))) p++;
    this.tagStart = lt;
    this.nameStart = lt + 2;
    this.nameEnd = nameEnd;
    if (t.charCodeAt(p) !== GT) this.fail(p, p >= t.length ? 'the file ends inside an end tag (truncated)' : `expected ">" to end </${this.name}>, found ${JSON.stringify(t[p])}`);
    const openedAt = this.openStarts.pop();
    if (openedAt === undefined) {
      // With no element before it, a start tag of that name earlier in the text can only be inside a comment.
      const commented = !this.rootSeen && t.lastIndexOf(`<${this.name}`, lt) !== -1;
      this.fail(lt, `the end tag </${this.name}> has no matching start tag${commented ? ` (the only <${this.name}> before it is inside a comment)` : ''}`);
    }
    const openNameEnd = nameEndAt(t, openedAt + 1);
    if (!sameName(t, openedAt + 1, openNameEnd, lt + 2, nameEnd)) {
      const o = this.placeOf(openedAt);
      this.fail(lt, `the end tag </${this.name}> does not match <${t.slice(openedAt + 1, openNameEnd)}> opened at line ${o.line}, column ${o.column}`);
    }
    this.pos = p + 1;
    return 'close';
  }

  private finish(): TokenKind {
    const n = this.openStarts.length;
    if (n > 0) {
      const start = this.openStarts[n - 1]!;
      const o = this.placeOf(start);
      const name = this.text.slice(start + 1, nameEndAt(this.text, start + 1));
      // The same element open twice, the inner one last: usually an end tag written without its "/".
      const outer = this.openStarts.slice(0, n - 1).find((s) => sameName(this.text, s + 1, nameEndAt(this.text, s + 1), start + 1, start + 1 + name.length));
      const hint = outer === undefined ? '' : `; <${name}> is already open from line ${this.placeOf(outer).line}, so line ${o.line} may be meant as </${name}>`;
      this.fail(this.text.length, `the file ends before <${name}> (opened at line ${o.line}, column ${o.column}) is closed (truncated file or missing end tag${hint})`);
    }
    if (!this.rootSeen) this.fail(this.text.length, 'the file has no XML element at all', 'check the path: this is not an IIS configuration file', 'NOT_IIS_CONFIG');
    this.pos = this.text.length;
    return 'eof';
  }
}

function nameEndAt(t: string, p: number): number {
  while (isNameChar(t.charCodeAt(p))) p++;
  return p;
}

function sameName(t: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (t.charCodeAt(a + i) !== t.charCodeAt(b + i)) return false;
  return true;
}
