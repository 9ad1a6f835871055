/**
 * Hostile input must fail fast with a sentence, never hang or exhaust memory.
 * Sizes are small but large enough that quadratic behaviour would show as
 * seconds; the suite's own timeout bounds each case.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIisConfig } from '../../../src/config/read-config.js';
import { ConfigReadError } from '../../../src/core/errors.js';
import { MAX_DEPTH } from '../../../src/config/xml-scanner.js';

const dir = mkdtempSync(join(tmpdir(), 'iishostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer): string {
  const f = join(dir, `c${n++}.config`);
  writeFileSync(f, content);
  return f;
}
function rejects(content: string | Buffer, message: RegExp): void {
  const f = file(content);
  assert.throws(() => readIisConfig(f), (err: unknown) => err instanceof ConfigReadError && message.test(err.message) && err.message.startsWith(f));
}
const SITES = (inner: string) => `<configuration><system.applicationHost><sites>${inner}</sites></system.applicationHost></configuration>`;
const opts = { timeout: 10_000 };

describe('hostile input', () => {
  test('billion laughs: the DOCTYPE is refused before any entity is expanded', opts, () => {
    const laughs = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('\n');
    rejects(`<?xml version="1.0"?>\n<!DOCTYPE configuration [\n${laughs}\n]>\n<configuration><x a="&a9;"/></configuration>`, /:2:1: the file declares a DOCTYPE/);
  });

  test('an external entity (XXE) is refused the same way', opts, () => {
    rejects('<!DOCTYPE configuration [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<configuration a="&xxe;"/>', /:1:1: the file declares a DOCTYPE/);
  });

  test(`nesting deeper than ${MAX_DEPTH} is refused (100,000 levels)`, opts, () => {
    rejects(`<configuration>${'<a>'.repeat(100_000)}`, new RegExp(`:1:${15 + 3 * (MAX_DEPTH - 1) + 1}: elements are nested more than ${MAX_DEPTH} deep`));
  });

  test('a 32 MB attribute value is read once, in linear time', opts, () => {
    const big = 'x'.repeat(32 * 1024 * 1024);
    const s = readIisConfig(file(SITES(`<site name="${big}" id="1"><bindings><binding protocol="ftp" bindingInformation="*:990:"/></bindings></site>`)));
    assert.equal(s.ftpSites[0]!.name.length, big.length);
  });

  test('a 16 MB attribute value without its closing quote', opts, () => {
    rejects(SITES(`<site name="${'x'.repeat(16 * 1024 * 1024)}`), /:1:58: the value of name in <site> has no closing quote/);
  });

  test('8 MB of whitespace inside a tag, then garbage', opts, () => {
    rejects(SITES(`<site name="a"${' '.repeat(8 * 1024 * 1024)}!>`), /expected an attribute name or ">" in <site>, found "!"/);
  });

  test('100,000 attributes on one element', opts, () => {
    const attrs = Array.from({ length: 100_000 }, (_, i) => ` a${i}="v${i}"`).join('');
    const s = readIisConfig(file(SITES(`<site${attrs} name="last" id="7"/>`)));
    assert.deepEqual(s.allSiteNames, ['last']);
  });

  test('a comment that never ends, at the start of a large file', opts, () => {
    rejects(`<configuration>\n<!-- ${'<site name="x"/>'.repeat(500_000)}`, /:2:1: a comment \(<!-- \.\.\. -->\) is never closed/);
  });

  test('200,000 unclosed elements at the maximum allowed depth, then EOF', opts, () => {
    rejects(`<configuration>${'<a/>'.repeat(200_000)}<b>`, /the file ends before <b> .* is closed/);
  });

  test('invalid UTF-8 (an overlong encoding of "<") is refused with its place', opts, () => {
    rejects(Buffer.concat([Buffer.from('<configuration>\n  <a b="'), Buffer.from([0xc0, 0xbc]), Buffer.from('"/>\n</configuration>')]), /:2:9: byte 0xc0 is not valid UTF-8/);
  });

  test('a UTF-16 byte-order mark on an odd number of bytes', opts, () => {
    rejects(Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x61]), /UTF-16 but has an odd number of bytes/);
  });

  test('numeric character references outside XML\'s range are refused', opts, () => {
    rejects(SITES('<site name="a&#0;b" id="1"/>'), /"&#0;" is not an XML entity/);
    rejects(SITES('<site name="a&#xD800;b" id="1"/>'), /"&#xD800;" is not an XML entity/);
  });
});
