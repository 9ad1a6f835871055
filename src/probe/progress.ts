/**
 * Progress of a many-connection probe on stderr (`--count 20` takes as many
 * timeouts): one line rewritten in place, only when stderr is a terminal, so
 * logs, pipes and the PowerShell module never see carriage returns.
 */
export interface Progress {
  connection(n: number, of: number, failed: number): void;
  /** Clears the line; call before anything else is written. */
  done(): void;
}

const silent: Progress = { connection() {}, done() {} };

export function probeProgress(stderr: NodeJS.WritableStream & { isTTY?: boolean }, opts: { quiet: boolean; verbose: boolean; count: number }): Progress {
  // With --verbose the debug lines go to stderr too, and a line rewritten in place would garble them.
  if (!stderr.isTTY || opts.quiet || opts.verbose || opts.count < 2) return silent;
  let shown = false;
  return {
    connection(n, of, failed) {
      shown = true;
      stderr.write(`\r\x1b[2Kprobe: connection ${n}/${of}${failed ? `, ${failed} with problems` : ''}...`);
    },
    done() {
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
