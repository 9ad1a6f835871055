// The CLI as one CommonJS file (what a Node single executable application runs), made by esbuild from
// the tsc output (dist/src), so the bundle runs exactly the code the tests ran.
//
// Three things esbuild cannot know on its own, each settled here:
// - `import.meta.url`: a CommonJS bundle has none. It becomes the bundle's own file (in a single
//   executable `__filename` is the executable), which is where src/package-file.ts starts looking
//   for the files shipped beside it.
// - the standalone schema validator is loaded with createRequire (so tsx runs without a build);
//   src/desired/precompiled-validator.js is swapped for a static require esbuild can follow.
// - dependencies are bundled as modules, never `require`d at run time: a single executable's
//   require() reaches only Node's built-in modules. Lazy `await import('winston')` becomes a lazy
//   require of the bundled copy (logform's formats are required by literal names, which esbuild follows).
//   Packages are taken from their ES module build where they have one (`module` before `main`):
//   jsonc-parser's `main` is a UMD wrapper whose require()s go through a parameter esbuild cannot see,
//   so its files were missing from the bundle ("Cannot find module './impl/format'" at run time).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** esbuild plugin: the precompiled validator is required statically, so it is inside the bundle. */
const precompiledValidator = {
  name: 'precompiled-validator',
  setup(b) {
    b.onLoad({ filter: /[\\/]desired[\\/]precompiled-validator\.js$/ }, (args) => ({
      contents: "export function loadPrecompiledValidator() { return require('./desired-state.validator.cjs'); }\n",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * esbuild plugin: \`string-width\` (yargs, cliui and wrap-ansi each import a copy) compiles Unicode property
 * expressions and an Intl.Segmenter when its module is evaluated, which was ~40 ms of a small audit's
 * start-up (CPU profile, bench "small audit" row) although only --help ever measures a string. Every import
 * of it gets a stand-in that requires the real module on the first call; esbuild makes that require lazy.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    // One stand-in per importing folder (they resolve different versions); its path names no
    // node_modules folder, so the licence notices (notices.mjs) list only the real package.
    const folders = new Map();
    const standIn = (dir) => {
      if (!folders.has(dir)) folders.set(dir, `string-width (lazy) #${folders.size + 1}`);
      return folders.get(dir);
    };
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.pluginData === 'real' ? undefined : { path: standIn(args.resolveDir), namespace: 'lazy-string-width', pluginData: args.resolveDir });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: "let real;\nexport default function stringWidth(text, options) {\n  real ??= require('string-width');\n  return real.default(text, options);\n}\n",
      resolveDir: args.pluginData,
      loader: 'js',
      pluginData: 'real',
    }));
  },
};

/**
 * esbuild plugin: yargs guesses a version for every parser it makes, from the package.json it finds by
 * listing directories upward from the main module's folder; in a bundle that folder is the current
 * directory, so each run listed the working directory and every parent (10-20 ms, bench "small audit";
 * a scheduled task runs in System32). The CLI gives its own version (`.version(TOOL_VERSION)`, main.ts),
 * so the factory's guess is turned off; the build fails if yargs no longer has the line.
 */
const GUESSED_VERSION = 'yargs.version();';
const yargsNoVersionGuess = {
  name: 'yargs-no-version-guess',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (source.split(GUESSED_VERSION).length !== 2) throw new Error(`${args.path}: expected one "${GUESSED_VERSION}" to turn off (yargs changed: see yargsNoVersionGuess)`);
      return { contents: source.replace(GUESSED_VERSION, 'yargs.version(false);'), loader: 'js' };
    });
  },
};

/**
 * Bundles dist/src/cli/main.js into `outfile`. Returns esbuild's metafile (what went in, for the notices)
 * and its warnings; a warning fails the build, so nothing is silently left to a run-time require.
 */
export async function bundleCli(root, outfile) {
  const result = await build({
    entryPoints: [join(root, 'dist', 'src', 'cli', 'main.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    define: { 'import.meta.url': '__ftpsBundleUrl', FTPS_ENFORCER_BUNDLE: 'true' },
    banner: { js: '"use strict";\nconst __ftpsBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [precompiledValidator, lazyStringWidth, yargsNoVersionGuess],
  });
  if (result.warnings.length) {
    const text = result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''}: ${w.text}`).join('\n');
    throw new Error(`esbuild warned; fix the import so the bundle needs no run-time require:\n${text}`);
  }
  return result.metafile;
}
