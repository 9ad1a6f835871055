// A Node single executable application: the bundle, as a SEA preparation blob, injected into a copy of
// a pinned Node binary (https://nodejs.org/api/single-executable-applications.html).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postject from 'postject';

/** The fuse Node's binaries carry for SEA injection (the value documented for Node 20 and 22). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * Writes the preparation blob for `bundle` into `workDir`, made by `blobNode` (a node of exactly the version
 * the blob goes into). `useCodeCache` stores V8's compiled code, which only the platform that made it can
 * use: so the Linux blob has it (made by the Linux node) and the Windows blob has none.
 */
export function makeBlob({ blobNode, bundle, workDir, name, useCodeCache }) {
  const config = join(workDir, `${name}.sea.json`);
  const blob = join(workDir, `${name}.blob`);
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache }, null, 2));
  execFileSync(blobNode, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  return blob;
}

/** Copies `nodeBinary` to `out` and injects `blob`. On node.exe this breaks Node's own signature: sign the result. */
export async function injectBlob({ nodeBinary, blob, out }) {
  copyFileSync(nodeBinary, out);
  chmodSync(out, 0o755);
  const { readFileSync } = await import('node:fs');
  const warn = console.warn;
  // postject says "The signature seems corrupted!" for node.exe: expected (docs/install-windows.md, Signing).
  console.warn = () => {};
  try {
    await postject.inject(out, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  } finally {
    console.warn = warn;
  }
  return out;
}
