/**
 * A recording fake of the PowerShell session (src/powershell/session.ts) for in-process tests: each agent
 * function answers from `answers` (a function answer is called with the payload, and may throw, as a
 * cut-off PowerShell does), every call is remembered, closes are counted.
 */
import type { PowerShellSession } from '../../src/powershell/session.js';

export interface RecordedCall {
  fn: string;
  // Whatever the code under test sends; tests read its fields directly.
  payload: any;
}

export function recordingSession(answers: Record<string, unknown>, o: { executable?: string; stderr?: string } = {}) {
  const calls: RecordedCall[] = [];
  let closed = 0;
  const session: PowerShellSession = {
    executable: o.executable ?? 'pwsh',
    async call<T>(fn: string, payload: unknown) {
      calls.push({ fn, payload });
      const a = answers[fn];
      return (typeof a === 'function' ? (a as (p: unknown) => unknown)(payload) : a) as T;
    },
    async close() { closed++; },
    stderr: () => o.stderr ?? '',
  };
  return { session, calls, closed: () => closed };
}
