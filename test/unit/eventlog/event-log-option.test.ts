import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEventLog } from '../../../src/eventlog/run-with-event-log.js';
import { CaptureStream } from '../../../src/cli/capture-stream.js';
import type { CliIo } from '../../../src/cli/io.js';

test('--event-log off Windows (no eventcreate): one sentence on stderr, the run itself unchanged', async () => {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const io = { stdout, stderr, cwd: '.', env: {}, platform: 'linux' } as unknown as CliIo;
  const code = await withEventLog('audit', io, async () => 2);
  assert.equal(code, 2);
  assert.equal(stderr.text, 'warning: --event-log: the Windows Application event log exists only on Windows, so this run writes no events.\n');
});
