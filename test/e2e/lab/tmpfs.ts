/**
 * Memory-backed folders for the lab's transfers. Under an apply the backends'
 * agents write and fsync applicationHost.config, backups and the journal; on a
 * slow virtual disk a commit of the file system's journal can hold an
 * unrelated write() for seconds, so vsftpd storing an upload (or lftp storing
 * a download) stops reading its socket and the transfer looks stalled. The
 * transfers' files live in tmpfs so that the lab measures the network path and
 * the backends' restarts, not the disk of the machine the tests run on.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { must, run } from './exec.js';
import { processIsAlive } from '../../../src/apply/powershell-stamp.js';

const LAB_DIR = /\/ftps-lab-(\d+)-[^/]+\//;

/**
 * Mounts a tmpfs on `dir` (created if missing) owned by uid:gid, keeping the files it held (a mount hides
 * them otherwise).
 */
export function mountTmpfs(dir: string, o: { uid: number; gid: number; sizeMb: number }): void {
  mkdirSync(dir, { recursive: true });
  const kept = readdirSync(dir)
    .map((n) => ({ n, st: statSync(join(dir, n)) }))
    .filter((f) => f.st.isFile())
    .map((f) => ({ ...f, data: readFileSync(join(dir, f.n)) }));
  must('mount', ['-t', 'tmpfs', '-o', `size=${o.sizeMb}m,mode=0755,uid=${o.uid},gid=${o.gid}`, 'tmpfs', dir]);
  for (const f of kept) {
    writeFileSync(join(dir, f.n), f.data);
    chownSync(join(dir, f.n), f.st.uid, f.st.gid);
  }
}

/** Unmounts what mountTmpfs mounted (lazily: a process still in the folder keeps it alive until it leaves). */
export function unmountTmpfs(dir: string): void {
  run('umount', ['-l', dir]);
}

/** The tmpfs mounts of labs whose process is gone (killed runs), unmounted before a new lab starts. */
export function unmountStaleLabMounts(): string[] {
  const stale = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f[0] === 'tmpfs' && f[1] !== undefined)
    .map((f) => f[1]!.replace(/\\040/g, ' '))
    .filter((p) => {
      const m = LAB_DIR.exec(`${p}/`);
      return m !== null && !processIsAlive(Number(m[1]));
    });
  for (const p of stale) unmountTmpfs(p);
  return stale;
}
