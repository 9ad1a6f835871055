/**
 * Bytes on disk → the text the scanner reads. IIS writes UTF-8 (often with a
 * BOM); IIS tools and editors can save UTF-16, which IIS also loads, so both
 * byte orders are decoded (the BOM says which, or without one the NULs of
 * the first ASCII characters). Invalid UTF-8 is rejected with
 * the place of the first bad byte: guessing another encoding would change
 * site names silently.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { configError, configErrorAt } from './config-error.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

export function decodeConfigBytes(bytes: Buffer, file: string): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes.subarray(2), file, false), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes.subarray(2), file, true), encoding: 'utf-16be' };
  // UTF-16 saved without a byte-order mark: XML's first characters are ASCII ("<?xml" or "<"), so every
  // other byte is NUL (XML 1.0 Appendix F autodetection). Without this, the NULs pass as ASCII text and
  // the parser later fails on a "\u0000" the user cannot see.
  const unmarked = utf16WithoutBom(bytes);
  if (unmarked) return { text: decodeUtf16(bytes, file, unmarked === 'utf-16be'), encoding: unmarked };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // Most files are pure ASCII, where latin1 decoding gives the same text faster.
  if (isAscii(body)) return { text: body.toString('latin1'), encoding: 'utf-8' };
  if (!isUtf8(body)) {
    const bad = firstInvalidUtf8(body);
    throw configErrorAt(file, bytePlace(body, bad), `byte 0x${(body[bad] ?? 0).toString(16).padStart(2, '0')} is not valid UTF-8`,
      'save the file as UTF-8 (IIS writes it that way) and check the text near that place', 'ENCODING_INVALID');
  }
  return { text: body.toString('utf8'), encoding: 'utf-8' };
}

function utf16WithoutBom(b: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (b.length < 4) return undefined;
  if (b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return 'utf-16le';
  if (b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return 'utf-16be';
  return undefined;
}

function decodeUtf16(body: Buffer, file: string, bigEndian: boolean): string {
  if (body.length % 2 !== 0) {
    throw configError(file, 'the file is UTF-16 but has an odd number of bytes, so it is truncated', 'restore the file from a backup or save it again as UTF-8', 'ENCODING_INVALID');
  }
  if (!bigEndian) return body.toString('utf16le');
  const swapped = Buffer.from(body);
  swapped.swap16();
  return swapped.toString('utf16le');
}

/** Offset of the first byte that breaks UTF-8 (only called once isUtf8 said there is one). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
    }
    // Overlong 3/4-byte forms, UTF-16 surrogates and code points above U+10FFFF.
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return b.length;
}

/** Line and column (in bytes) of a byte offset, for the invalid-UTF-8 message. */
function bytePlace(b: Uint8Array, offset: number) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
