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
import { ConfigFileError, type ConfigErrorCode } from '../../../src/config/config-error.js';
import { MAX_DEPTH } from '../../../src/config/xml-scanner.js';

const dir = mkdtempSync(join(tmpdir(), 'iishostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer): string {
  const f = join(dir, `c${n++}.config`);
  writeFileSync(f, content);
  return f;
}
/** The refusal is asserted by its code and its place (`file:line:column`), never by the sentence's wording. */
function rejects(content: string | Buffer, code: ConfigErrorCode, place?: string): void {
  const f = file(content);
  try {
    readIisConfig(f);
  } catch (err) {
    assert.ok(err instanceof ConfigFileError, `expected a reader error, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.startsWith(place === undefined ? f : `${f}:${place}: `), err.message);
    return;
  }
  assert.fail('the file was read without error');
}
const SITES = (inner: string) => `<configuration><system.applicationHost><sites>${inner}</sites></system.applicationHost><system.ftpServer /></configuration>`;
const opts = { timeout: 10_000 };

describe('hostile input', () => {
  test('billion laughs: the DOCTYPE is refused before any entity is expanded', opts, () => {
    const laughs = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('\n');
    rejects(`<?xml version="1.0"?>\n<!DOCTYPE configuration [\n${laughs}\n]>\n<configuration><x a="&a9;"/></configuration>`, 'XML_DOCTYPE', '2:1');
  });

  test('a DOCTYPE is refused before any entity is decoded: entities that would blow up or fail if reached give no other refusal', opts, () => {
    // Each entity below would stop a reader that decoded it before refusing the DOCTYPE: a reference to an entity
    // 10^30 characters long (30 levels of ten), an undefined entity, and a character reference XML forbids.
    const levels = ['<!ENTITY b0 "ha">', ...Array.from({ length: 30 }, (_, i) => `<!ENTITY b${i + 1} "${`&b${i};`.repeat(10)}">`)].join('');
    const refs = '<site name="&b30;" id="&nosuch;" x="&#0;"/>';
    rejects(`<!DOCTYPE configuration [${levels}]><configuration><system.applicationHost><sites>${refs}</sites></system.applicationHost></configuration>`, 'XML_DOCTYPE', '1:1');
  });

  test('an external entity (XXE) is refused the same way', opts, () => {
    rejects('<!DOCTYPE configuration [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<configuration a="&xxe;"/>', 'XML_DOCTYPE', '1:1');
  });

  test(`nesting deeper than ${MAX_DEPTH} is refused (100,000 levels)`, opts, () => {
    rejects(`<configuration>${'<a>'.repeat(100_000)}`, 'XML_TOO_DEEP', `1:${15 + 3 * (MAX_DEPTH - 1) + 1}`);
  });

  test('a 32 MB attribute value is read once, in linear time', opts, () => {
    const big = 'x'.repeat(32 * 1024 * 1024);
    const s = readIisConfig(file(SITES(`<site name="${big}" id="1"><bindings><binding protocol="ftp" bindingInformation="*:990:"/></bindings></site>`)));
    assert.equal(s.ftpSites[0]!.name.length, big.length);
  });

  test('a 16 MB attribute value without its closing quote', opts, () => {
    rejects(SITES(`<site name="${'x'.repeat(16 * 1024 * 1024)}`), 'XML_MALFORMED', '1:58');
  });

  test('8 MB of whitespace inside a tag, then garbage', opts, () => {
    rejects(SITES(`<site name="a"${' '.repeat(8 * 1024 * 1024)}!>`), 'XML_MALFORMED', `1:${61 + 8 * 1024 * 1024}`);
  });

  test('100,000 attributes on one element', opts, () => {
    const attrs = Array.from({ length: 100_000 }, (_, i) => ` a${i}="v${i}"`).join('');
    const s = readIisConfig(file(SITES(`<site${attrs} name="last" id="7"/>`)));
    assert.deepEqual(s.allSiteNames, ['last']);
  });

  test('a comment that never ends, at the start of a large file', opts, () => {
    rejects(`<configuration>\n<!-- ${'<site name="x"/>'.repeat(500_000)}`, 'XML_MALFORMED', '2:1');
  });

  test('200,000 unclosed elements at the maximum allowed depth, then EOF', opts, () => {
    rejects(`<configuration>${'<a/>'.repeat(200_000)}<b>`, 'XML_MALFORMED', `1:${15 + 4 * 200_000 + 4}`);
  });

  test('invalid UTF-8 (an overlong encoding of "<") is refused with its place', opts, () => {
    rejects(Buffer.concat([Buffer.from('<configuration>\n  <a b="'), Buffer.from([0xc0, 0xbc]), Buffer.from('"/>\n</configuration>')]), 'ENCODING_INVALID', '2:9');
  });

  test('a UTF-16 byte-order mark on an odd number of bytes', opts, () => {
    rejects(Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x61]), 'ENCODING_INVALID');
  });

  test('numeric character references outside XML\'s range are refused', opts, () => {
    rejects(SITES('<site name="a&#0;b" id="1"/>'), 'XML_ENTITY', '1:60');
    rejects(SITES('<site name="a&#xD800;b" id="1"/>'), 'XML_ENTITY', '1:60');
  });
});
