/**
 * Hostile applicationHost.config files, written to a folder: each is a small
 * edit of a realistic configuration (the broken-backend fixture), so the
 * reader meets the attack where a real file would carry it.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../paths.js';

export const baseConfig = (): string => readFileSync(fixture('broken-backend', 'applicationHost.config'), 'utf8').replace(/^\uFEFF/, '');

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** The base text with `doctype` inserted after the XML declaration. */
export function withDoctype(doctype: string): string {
  const text = baseConfig();
  return text.replace(DECL, `${DECL}\n${doctype}`);
}

export const billionLaughs = (): string =>
  withDoctype(`<!DOCTYPE configuration [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n  ')}
]>`).replace('<configuration>', '<configuration>\n<!-- &lol9; -->').replace(/(<firewallSupport )/, '$1lowDataChannelPort="&lol9;" ');

export const externalEntity = (uri: string): string =>
  withDoctype(`<!DOCTYPE configuration [ <!ENTITY xxe SYSTEM "${uri}"> ]>`).replace(/(<firewallSupport )/, '$1externalIp4Address="&xxe;" ');

/** `depth` nested elements inside <configuration>, streamed to disk so the test process stays small. */
export function writeDeepNesting(file: string, depth: number): void {
  const [head, tail] = splitAtConfigurationEnd(baseConfig());
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, head);
    writeSync(fd, '<deep>'.repeat(depth));
    writeSync(fd, '</deep>'.repeat(depth));
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}

/** An attribute value of `mb` megabytes on the server-wide firewallSupport element, written in 1 MB chunks. */
export function writeHugeAttribute(file: string, mb: number): void {
  const text = baseConfig();
  const at = text.indexOf('<firewallSupport ') + '<firewallSupport '.length;
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, text.slice(0, at));
    writeSync(fd, 'junk="');
    const chunk = 'A'.repeat(1024 * 1024);
    for (let i = 0; i < mb; i++) writeSync(fd, chunk);
    writeSync(fd, '" ');
    writeSync(fd, text.slice(at));
  } finally {
    closeSync(fd);
  }
}

function splitAtConfigurationEnd(text: string): [string, string] {
  const at = text.lastIndexOf('</configuration>');
  return [text.slice(0, at), text.slice(at)];
}

/** Bytes that are not UTF-8 (a lone 0xC3, an overlong 0xC0 0xAF, 0xFF) inside a site name. */
export function invalidUtf8(): Buffer {
  const text = baseConfig();
  const at = text.indexOf('name="') + 'name="'.length;
  return Buffer.concat([Buffer.from(text.slice(0, at), 'utf8'), Buffer.from([0xc3, 0x28, 0xc0, 0xaf, 0xff]), Buffer.from(text.slice(at), 'utf8')]);
}

/** The same configuration as UTF-16LE with a BOM and a matching declaration (what Notepad's "Unicode" saves). */
export function utf16le(): Buffer {
  const text = baseConfig().replace('encoding="UTF-8"', 'encoding="UTF-16"');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** UTF-16LE bytes without a BOM or a matching declaration: the case a reader must not guess wrong silently. */
export function utf16leNoBom(): Buffer {
  return Buffer.from(baseConfig(), 'utf16le');
}

/** The first `fraction` of the file, cut mid-element (a copy interrupted, a disk full). */
export function truncated(fraction: number): string {
  const text = baseConfig();
  return text.slice(0, Math.floor(text.length * fraction));
}
