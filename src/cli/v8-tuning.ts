/**
 * One V8 setting for a command run as a program: the optimising compiler inlines less
 * (`--max-inlined-bytecode-size-cumulative`, 920 bytes of bytecode per optimised function by default).
 * A command reads its configuration once, so the reader's functions are optimised while they run, on
 * V8's own threads, whose CPU time is the process's. With the default budget the section walker
 * and the scanner it calls were compiled as a few very large functions: an audit of a 10,000-site
 * file spent about as much CPU compiling the reader as running it (a cold readIisConfig: ~290 ms CPU
 * against ~95 for the tag scan alone). With 100 bytes, only small helpers are inlined: that audit took
 * ~18 % less CPU on Node 20 (interleaved runs: medians 506 against 405 ms) and on Node 22, which the
 * single executables embed (421 against 352 ms); a 100-site audit is unchanged (docs/performance.md).
 *
 * Set when the process starts, before anything is optimised; only future compilations read it. The
 * code cache the bin starts from is checked against V8's flags when it is loaded, which is before this
 * (scripts/build/warm-code-cache.cjs makes it under the same flags). The flag is in V8 11 (Node 20) and
 * 12 (Node 22); Node 22 prints "unrecognized flag" for one its V8 lacks, so a Node upgrade that dropped
 * it would show on stderr in the release's CLI tests.
 */
import { setFlagsFromString } from 'node:v8';

export const INLINING_BUDGET_FLAG = '--max-inlined-bytecode-size-cumulative=100';

export function tuneV8ForOneRun(): void {
  setFlagsFromString(INLINING_BUDGET_FLAG);
}
