/** What a process row's run printed on stderr → its CPU time and peak RSS (bench/run.ts runs it under bash and GNU time). */

/**
 * stderr ends with bash's `times` (the shell's line, then its children's: "0m0.123s 0m0.045s"), GNU time's
 * "Command exited with non-zero status N" when it did, and GNU time's %M (KB).
 */
export function fromTimes(stderr: string): { cpuMs?: number; peakRss?: number } {
  const lines = stderr.trim().split('\n');
  const kb = Number(lines.at(-1));
  const TIMES = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;
  const children = lines.filter((l) => TIMES.test(l)).at(-1);
  const m = children ? TIMES.exec(children)! : undefined;
  const seconds = m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : NaN;
  return { ...(Number.isFinite(seconds) ? { cpuMs: seconds * 1000 } : {}), ...(Number.isFinite(kb) ? { peakRss: kb * 1024 } : {}) };
}
