/**
 * The one clock every test takes its time from. Tests that make time-dependent things (a certificate's
 * validity, a service's start time) and then judge them do both against `TEST_NOW`, never against the wall
 * clock, so a test means the same on any day and with the system clock moved (faketime).
 */
export const TEST_NOW = new Date('2026-11-26T00:00:00Z');

/** `TEST_NOW` moved by whole days (negative for the past). */
export function daysFromTestNow(days: number): Date {
  return new Date(TEST_NOW.getTime() + days * 86_400_000);
}
