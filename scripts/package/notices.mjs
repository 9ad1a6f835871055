// LICENSE.txt of a release: the project's licence, then the licence of every third-party package the
// bundle contains (taken from esbuild's metafile, so it lists exactly what ships) and Node.js's own
// licence (which covers V8, OpenSSL, ICU, libuv and the rest of the runtime inside the executable).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package folders (node_modules/…/<name>) that the bundle took files from. */
export function bundledPackages(root, metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(m[1]);
  }
  return [...dirs].map((d) => join(root, d)).sort();
}

function licenceText(dir) {
  const file = readdirSync(dir).find((n) => /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i.test(n));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

/** The whole LICENSE.txt. A bundled package without a licence file or a `license` field stops the build. */
export function noticesText({ root, metafile, nodePackageDir, nodeVersion }) {
  const own = readFileSync(join(root, 'LICENSE'), 'utf8').trim();
  const parts = [own, '', '', 'THIRD-PARTY NOTICES', '', 'ftps-enforcer bundles the following software. Each is distributed under its own licence, reproduced below.', ''];
  const seen = new Set();
  for (const dir of bundledPackages(root, metafile)) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const id = `${pkg.name}@${pkg.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
    const text = licenceText(dir);
    if (!licence && !text) throw new Error(`${dir} has no licence file and no license field: find its terms before shipping it.`);
    parts.push('-'.repeat(78), `${id} (${licence ?? 'see text'})`, '', text ?? `Licensed under ${licence}; the package ships no licence text. Author: ${typeof pkg.author === 'string' ? pkg.author : pkg.author?.name ?? 'unknown'}.`, '');
  }
  const nodeLicence = join(nodePackageDir, 'LICENSE');
  if (!existsSync(nodeLicence)) throw new Error(`${nodeLicence} is missing: the Node.js licence must ship with the executable.`);
  parts.push('-'.repeat(78), `Node.js ${nodeVersion} (the runtime inside the executable)`, '', readFileSync(nodeLicence, 'utf8').trim(), '');
  return parts.join('\n');
}
