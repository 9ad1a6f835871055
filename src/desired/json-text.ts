/**
 * From the file's bytes to a JSON value, with positions: syntax errors say
 * line and column in plain words, every key can be mapped back to its line,
 * and duplicate keys (which JSON.parse silently resolves to the last one) are
 * reported. jsonc-parser (VS Code's JSON scanner) gives the offsets.
 */
// A namespace import: Node finds the named exports of the CommonJS build, esbuild uses the ES module build.
import * as jsonc from 'jsonc-parser';
import { DesiredStateError } from '../core/errors.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { error, type Problem } from './problem.js';

export interface JsonText {
  value: unknown;
  /** The 1-based line where the key at `path` is written, if it is in the file. */
  lineOf(path: KeyPath): number | undefined;
  /** Keys written twice in one object. */
  duplicates: Problem[];
}

const SAMPLE = '{"externalIp4Address": "203.0.113.10", "lowDataChannelPort": 50000, "highDataChannelPort": 50099}';

/**
 * Decodes the bytes as Notepad and PowerShell write them: UTF-8 with or without
 * a BOM, or UTF-16 with a BOM (Windows PowerShell 5.1's `Out-File` default).
 */
export function decodeJsonBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Parses `text`; throws DesiredStateError for an empty file or a syntax error (first one, with line and column). */
export function parseJsonText(text: string, file: string): JsonText {
  if (text.trim() === '') throw new DesiredStateError(`${file} is empty; write the desired state as JSON, e.g. ${SAMPLE}.`);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    return { line: line + 1, column: offset - lineStarts[line]! + 1 };
  };

  const syntax: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = syntax[0];
  if (first) {
    const { line, column } = position(first.offset);
    throw new DesiredStateError(`${file} is not valid JSON at line ${line}, column ${column}: ${describeSyntaxError(first, text)}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // jsonc-parser accepted what JSON.parse rejects (rare: e.g. a raw control character in a string).
    const at = /position (\d+)/.exec((err as Error).message);
    const where = at ? ` at line ${position(Number(at[1])).line}, column ${position(Number(at[1])).column}` : '';
    throw new DesiredStateError(`${file} is not valid JSON${where}: ${(err as Error).message.replace(/ in JSON at position \d+.*/, '')}.`);
  }

  return {
    value,
    lineOf(path) {
      const node = tree && jsonc.findNodeAtLocation(tree, [...path]);
      const keyed = node?.parent?.type === 'property' ? node.parent : node;
      return keyed ? position(keyed.offset).line : undefined;
    },
    duplicates: tree ? findDuplicates(tree, [], position) : [],
  };
}

function findDuplicates(node: jsonc.Node, path: (string | number)[], position: (o: number) => { line: number }): Problem[] {
  const out: Problem[] = [];
  if (node.type === 'object') {
    const firstLine = new Map<string, number>();
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      const line = position(prop.offset).line;
      const earlier = firstLine.get(key);
      if (earlier !== undefined) {
        const label = formatKeyPath([...path, key]);
        out.push(error([...path, key], `${label} is written twice (lines ${earlier} and ${line}); JSON keeps only the last one without a word, so remove one of them.`));
      } else firstLine.set(key, line);
      if (valueNode) out.push(...findDuplicates(valueNode, [...path, key], position));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => out.push(...findDuplicates(child, [...path, i], position)));
  }
  return out;
}

function describeSyntaxError(e: jsonc.ParseError, text: string): string {
  const before = text.slice(0, e.offset).trimEnd().slice(-1);
  const here = text[e.offset];
  const trailingComma = before === ',' && (here === '}' || here === ']');
  switch (e.error) {
    case jsonc.ParseErrorCode.InvalidSymbol:
      if (here === "'") return 'keys and strings need double quotes (") in JSON, not single quotes';
      return `${JSON.stringify(text.slice(e.offset, e.offset + Math.max(1, e.length)))} is not valid here; strings need double quotes and numbers are plain digits`;
    case jsonc.ParseErrorCode.InvalidCommentToken:
      return 'comments are not allowed in JSON; remove them (the schema\'s descriptions document each key)';
    case jsonc.ParseErrorCode.PropertyNameExpected:
      return trailingComma ? 'a comma before } is not allowed in JSON; remove the trailing comma' : 'a key in double quotes is expected';
    case jsonc.ParseErrorCode.ValueExpected:
      return trailingComma ? 'a comma before ] or } is not allowed in JSON; remove the trailing comma' : 'a value is expected';
    case jsonc.ParseErrorCode.ColonExpected: return 'a colon (:) is expected after the key';
    case jsonc.ParseErrorCode.CommaExpected: return 'a comma is missing before this entry';
    case jsonc.ParseErrorCode.CloseBraceExpected: return 'a closing } is missing';
    case jsonc.ParseErrorCode.CloseBracketExpected: return 'a closing ] is missing';
    case jsonc.ParseErrorCode.EndOfFileExpected: return 'there is more text after the end of the JSON value; the file must hold one object';
    case jsonc.ParseErrorCode.UnexpectedEndOfString: return 'a string is not closed (a " is missing)';
    case jsonc.ParseErrorCode.UnexpectedEndOfComment: return 'a comment is not closed, and comments are not allowed in JSON anyway';
    case jsonc.ParseErrorCode.InvalidNumberFormat: return 'a number is malformed (JSON numbers have no leading zeros, + sign or hex)';
    case jsonc.ParseErrorCode.InvalidEscapeCharacter: return 'a backslash starts an invalid escape; write a literal backslash as \\\\';
    case jsonc.ParseErrorCode.InvalidUnicode: return 'a \\u escape needs four hexadecimal digits';
    case jsonc.ParseErrorCode.InvalidCharacter: return 'a control character (such as a tab or line break) inside a string must be escaped';
    default: return jsonc.printParseErrorCode(e.error);
  }
}
