/**
 * The lab's rule that a session which needed a second connection is a failed transfer
 * (test/e2e/lab/transfer-load.ts), on lftp's own debug output as `debug -t -o FILE 5` writes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lftpReconnects } from '../../e2e/lab/transfer-load.js';

const ONE_CONNECTION = [
  '2026-12-02 09:03:00 ---- Connecting to 10.99.0.100 (10.99.0.100) port 990',
  '2026-12-02 09:03:01 <--- 230 Login successful.',
  '2026-12-02 09:03:01 ---> PASV',
  '2026-12-02 09:03:01 ---- Connecting data socket to (10.99.0.100) port 50039',
  '2026-12-02 09:03:08 <--- 226 Transfer complete.',
].join('\n');

test('one control connection (a data connection is not a reconnect): not a cut', () => {
  assert.equal(lftpReconnects(ONE_CONNECTION), undefined);
  assert.equal(lftpReconnects(''), undefined);
});

test('a second control connection is a reconnect, with what lftp saw before it', () => {
  const log = [ONE_CONNECTION.split('\n').slice(0, 4).join('\n'), '2026-12-02 09:03:16 **** Timeout - reconnecting', '2026-12-02 09:03:17 ---- Connecting to 10.99.0.100 (10.99.0.100) port 990', '2026-12-02 09:03:17 <--- 220 lab backend be2'].join('\n');
  const r = lftpReconnects(log);
  assert.equal(r?.times, 1);
  assert.match(r!.before, /Timeout - reconnecting$/);
  assert.match(r!.before, /^2026-12-02 09:03:00 ---- Connecting to/);
});
