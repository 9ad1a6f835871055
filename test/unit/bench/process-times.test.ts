import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromTimes } from '../../../bench/process-times.js';

test("a process row's CPU is its children's line of bash's `times`, in milliseconds, and its peak RSS GNU time's last line", () => {
  // The shell's own line first, then the command's (user, system); a command that exits non-zero makes GNU time say so.
  const r = fromTimes('0m0.002s 0m0.001s\n0m0.123s 0m1.045s\nCommand exited with non-zero status 2\n61304\n');
  assert.ok(Math.abs(r.cpuMs! - 1168) < 1e-6, String(r.cpuMs));
  assert.equal(r.peakRss, 61304 * 1024);
  assert.ok(Math.abs(fromTimes('0m0.002s 0m0.001s\n1m2.500s 0m0.250s\n41300').cpuMs! - 62750) < 1e-6);
});

test('without those lines there is no CPU time rather than a wrong one', () => {
  assert.deepEqual(fromTimes('node: something went wrong\n'), {});
});
