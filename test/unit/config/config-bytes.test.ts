/**
 * useConfigBytes (config-files.ts) hands a file's bytes to the reader and
 * gives their memory back as soon as the reader is done with them, so peak
 * memory holds one copy of a large file's text, not its bytes as well.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useConfigBytes } from '../../../src/config/config-files.js';
import { ConfigFileError } from '../../../src/config/config-error.js';

const dir = mkdtempSync(join(tmpdir(), 'iisbytes-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

describe('useConfigBytes', () => {
  test('gives the file\'s exact bytes, then releases them when the callback returns', () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<configuration a="é"/>\r\n'.repeat(5000), 'utf8')]);
    const file = join(dir, 'a.config');
    writeFileSync(file, content);
    let seen: Buffer | undefined;
    const copy = useConfigBytes(file, 'the file', 'check it', (bytes) => {
      seen = bytes;
      return Buffer.from(bytes);
    });
    assert.ok(copy.equals(content));
    // The view the callback had now covers nothing: its memory went back when the callback returned.
    assert.equal(seen!.length, 0);
  });

  test('an empty file gives no bytes; a missing one is FILE_MISSING', () => {
    const empty = join(dir, 'empty.config');
    writeFileSync(empty, '');
    assert.equal(useConfigBytes(empty, 'the file', 'check it', (b) => b.length), 0);
    assert.throws(() => useConfigBytes(join(dir, 'nope.config'), 'the file', 'check it', () => 0), (e: unknown) => e instanceof ConfigFileError && e.code === 'FILE_MISSING');
  });
});
