/**
 * The slow path of the scanner: when the start-tag expression rejects a tag,
 * walk it character by character to find the first offending place and say
 * what is wrong there. Also the character classes the scanner shares.
 */

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

export interface TagProblem {
  offset: number;
  problem: string;
}

const show = (t: string, at: number) => (at >= t.length ? 'the end of the file' : JSON.stringify(t[at]));

/** Why the start tag at `lt` is malformed (only called when it is). */
export function diagnoseStartTag(t: string, lt: number): TagProblem {
  if (!isNameStart(t.charCodeAt(lt + 1))) return { offset: lt + 1, problem: lt + 1 >= t.length ? 'the file ends after "<" (truncated)' : `expected an element name after "<", found ${show(t, lt + 1)}` };
  let p = lt + 1;
  while (isNameChar(t.charCodeAt(p))) p++;
  const name = t.slice(lt + 1, p);
  for (;;) {
    const ws = p;
    while (isSpace(t.charCodeAt(p))) p++;
    const c = t.charCodeAt(p);
    if (p >= t.length) return { offset: lt, problem: `the file ends inside the tag <${name}> (truncated)` };
    if (c === 0x3e) break;
    if (c === 0x2f) {
      if (t.charCodeAt(p + 1) === 0x3e) break;
      return { offset: p, problem: `expected ">" after "/" in <${name}>` };
    }
    if (!isNameStart(c)) return { offset: p, problem: `expected an attribute name or ">" in <${name}>, found ${show(t, p)}` };
    if (p === ws) return { offset: p, problem: `expected a space before the next attribute in <${name}>, found ${show(t, p)}` };
    const attrStart = p;
    while (isNameChar(t.charCodeAt(p))) p++;
    const attr = t.slice(attrStart, p);
    while (isSpace(t.charCodeAt(p))) p++;
    if (t.charCodeAt(p) !== 0x3d) return { offset: p, problem: `expected "=" after the attribute ${attr} in <${name}>, found ${show(t, p)}` };
    p++;
    while (isSpace(t.charCodeAt(p))) p++;
    const q = t[p];
    if (q !== '"' && q !== "'") return { offset: p, problem: `the value of ${attr} in <${name}> is not in quotes` };
    const close = t.indexOf(q, p + 1);
    const lt2 = t.indexOf('<', p + 1);
    if (close === -1) return { offset: p, problem: `the value of ${attr} in <${name}> has no closing quote (truncated file?)` };
    if (lt2 !== -1 && lt2 < close) return { offset: lt2, problem: `"<" inside the value of ${attr} in <${name}> (a missing closing quote?)` };
    p = close + 1;
  }
  // The expression and this walk disagree: a bug, not the user's file.
  throw new Error(`xml-scanner: start tag at offset ${lt} was rejected but looks well-formed`);
}
