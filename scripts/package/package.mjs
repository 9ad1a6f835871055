#!/usr/bin/env node
// `npm run package`: the release in release/ (docs/install-windows.md, "What the release contains").
//   ftps-enforcer-<version>-win-x64.zip     ftps-enforcer.exe, install.ps1, the PowerShell modules, the schema,
//                                           README.txt, LICENSE.txt (with third-party notices); files at the root
//   ftps-enforcer-<version>-linux-x64.tar.gz  the same CLI for Linux, in a folder ftps-enforcer-<version>-linux-x64/
//   ftps-enforcer-<version>.cdx.json        CycloneDX SBOM (npm sbom of the runtime dependencies, plus the Node runtime)
//   SHA256SUMS                              sha256sum format, for `sha256sum -c` / Get-FileHash
// Needs `npm run build` first (the package script runs it), `tar`, `zip`, and the registry or the cache for
// the Node binaries. The executables keep the same relative layout as the npm package (schema/, scripts/),
// which is what src/package-file.ts looks for beside the executable.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle.mjs';
import { NODE_VERSION, TARGETS, nodeBinary, nodePackage } from './node-binaries.mjs';
import { noticesText } from './notices.mjs';
import { injectBlob, makeBlob } from './sea.mjs';
import { RUNTIME_FILES } from './runtime-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.version;
const work = join(root, 'build', 'package');
const release = join(root, 'release');


function step(what) {
  process.stderr.write(`package: ${what}\n`);
}

/** Text for Windows readers (Notepad): CRLF line ends. */
const crlf = (s) => s.replace(/\r?\n/g, '\r\n');

function fillTemplate(name) {
  return readFileSync(join(root, 'scripts', 'package', name), 'utf8').replaceAll('{{version}}', version).replaceAll('{{node}}', NODE_VERSION);
}

function stage(target, exe, bundleMeta) {
  const dir = join(work, 'stage', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [from, to] of RUNTIME_FILES) cpSync(join(root, from), join(dir, to), { recursive: true });
  const windows = target.startsWith('win');
  cpSync(exe, join(dir, windows ? 'ftps-enforcer.exe' : 'ftps-enforcer'));
  const licence = noticesText({ root, metafile: bundleMeta, nodePackageDir: nodePackage(root, 'linux-x64'), nodeVersion: NODE_VERSION });
  writeFileSync(join(dir, 'LICENSE.txt'), windows ? crlf(licence) : licence);
  const readme = fillTemplate(`README-${target}.txt`);
  writeFileSync(join(dir, 'README.txt'), windows ? crlf(readme) : readme);
  if (windows) cpSync(join(root, 'scripts', 'package', 'install.ps1'), join(dir, 'install.ps1'));
  return dir;
}

function sbom(out) {
  const text = execFileSync('npm', ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev', '--package-lock-only'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const bom = JSON.parse(text);
  // The executables also contain Node.js itself: list the two runtime packages they were made from.
  for (const t of Object.values(TARGETS)) {
    bom.components.push({ 'bom-ref': `${t.pkg}@${NODE_VERSION}`, type: 'application', name: t.pkg, version: NODE_VERSION, scope: 'required', purl: `pkg:npm/${t.pkg}@${NODE_VERSION}`, hashes: [{ alg: 'SHA-512', content: Buffer.from(t.integrity.slice('sha512-'.length), 'base64').toString('hex') }], licenses: [{ license: { id: 'MIT' } }] });
  }
  writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
}

async function main() {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm run package` does).');
  const started = Date.now();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  rmSync(release, { recursive: true, force: true });
  mkdirSync(release, { recursive: true });

  step('bundling dist/src/cli/main.js with esbuild');
  const bundle = join(work, 'ftps-enforcer.cjs');
  const meta = await bundleCli(root, bundle);

  step(`Node.js ${NODE_VERSION} binaries (npm: ${Object.values(TARGETS).map((t) => t.pkg).join(', ')})`);
  const linuxNode = nodeBinary(root, 'linux-x64');
  const winNode = nodeBinary(root, 'win-x64');
  // The benchmark's floor for the executable: the same Node, started bare (bench/rows/package.ts).
  symlinkSync(linuxNode, join(work, 'node'));

  step('single executables');
  const linuxBlob = makeBlob({ blobNode: linuxNode, bundle, workDir: work, name: 'linux-x64', useCodeCache: true });
  const winBlob = makeBlob({ blobNode: linuxNode, bundle, workDir: work, name: 'win-x64', useCodeCache: false });
  const linuxExe = await injectBlob({ nodeBinary: linuxNode, blob: linuxBlob, out: join(work, 'ftps-enforcer') });
  const winExe = await injectBlob({ nodeBinary: winNode, blob: winBlob, out: join(work, 'ftps-enforcer.exe') });

  step('archives');
  const base = `ftps-enforcer-${version}`;
  const winDir = stage('win-x64', winExe, meta);
  const zip = join(release, `${base}-win-x64.zip`);
  execFileSync('zip', ['-q', '-X', '-r', zip, '.'], { cwd: winDir });
  const linuxDir = stage('linux-x64', linuxExe, meta);
  const tarName = `${base}-linux-x64`;
  const tgz = join(release, `${tarName}.tar.gz`);
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--transform=s,^\\.,${tarName},`, '-czf', tgz, '.'], { cwd: linuxDir });

  step('SBOM and SHA256SUMS');
  const bomFile = join(release, `${base}.cdx.json`);
  sbom(bomFile);
  const sums = [zip, tgz, bomFile].map((f) => `${createHash('sha256').update(readFileSync(f)).digest('hex')}  ${f.slice(release.length + 1)}`);
  writeFileSync(join(release, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  step(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: release/`);
}

main().catch((err) => {
  process.stderr.write(`package: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
