// Loaded into every test process StrykerJS starts (stryker.config.mjs, tap.nodeArgs), never elsewhere.
// When Stryker times a mutant out it kills its worker, but the worker's `node <test file>` child lives on:
// node:test catches SIGTERM, and a mutant that loops forever never gets to act on it. Such orphans kept
// spinning for minutes and slowed every later mutant on a 2-core machine. This starts a small shell that
// watches the test process and SIGKILLs it once its parent (the Stryker worker) is gone, or after 10 minutes.
import { spawn } from 'node:child_process';

const WATCH = [
  'p=$1; pp=$2; i=0',
  'while [ $i -lt 600 ]; do',
  '  kill -0 "$p" 2>/dev/null || exit 0',
  '  cur=$(cut -d" " -f4 /proc/"$p"/stat 2>/dev/null) || exit 0',
  '  [ "$cur" = "$pp" ] || { kill -9 "$p"; exit 0; }',
  '  sleep 1; i=$((i+1))',
  'done',
  'kill -9 "$p"',
].join('\n');

if (process.platform === 'linux') {
  spawn('sh', ['-c', WATCH, 'mutation-watchdog', String(process.pid), String(process.ppid)], { detached: true, stdio: 'ignore' }).unref();
}
