/**
 * Supply chain: a committed lockfile in step with package.json, every locked
 * package pinned by an integrity hash, `npm ci --ignore-scripts` that installs
 * from it (no install scripts run), and no dependency that nothing imports.
 * (`npm audit` is a documented manual step in RELIABILITY.md: the audit
 * endpoint answers 405 from this network.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
const deps: Record<string, string> = pkg.dependencies ?? {};
const devDeps: Record<string, string> = pkg.devDependencies ?? {};

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|mts|js|mjs)$/.test(n) ? [p] : [];
  });
}

/** Files that import `name` (or a subpath of it) with import, import() or require(). */
function importers(name: string, dirs: string[]): string[] {
  const esc = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const re = new RegExp(`(from\\s+|import\\s*\\(\\s*|require\\s*\\(\\s*|import\\s+)['"]${esc}(/[^'"]*)?['"]`);
  return dirs.flatMap((d) => sourceFiles(join(repoRoot, d))).filter((f) => re.test(readFileSync(f, 'utf8')));
}

describe('supply chain', () => {
  test('package-lock.json is committed and in step with package.json', () => {
    execFileSync('git', ['ls-files', '--error-unmatch', 'package-lock.json'], { cwd: repoRoot, stdio: 'pipe' });
    assert.equal(lock.lockfileVersion >= 2, true);
    assert.deepEqual(lock.packages[''].dependencies ?? {}, deps, 'dependencies in the lockfile differ from package.json: run npm install');
    assert.deepEqual(lock.packages[''].devDependencies ?? {}, devDeps, 'devDependencies in the lockfile differ from package.json: run npm install');
  });

  test('every locked package is pinned by an integrity hash and comes from the npm registry', () => {
    const entries = Object.entries(lock.packages as Record<string, { integrity?: string; resolved?: string; link?: boolean }>).filter(([k]) => k !== '');
    assert.ok(entries.length > 0);
    for (const [path, p] of entries) {
      if (p.link) continue;
      assert.match(p.integrity ?? '', /^sha512-/, `${path} has no sha512 integrity`);
      if (p.resolved) assert.match(p.resolved, /^https:\/\/registry\.npmjs\.org\//, `${path} is resolved from ${p.resolved}`);
    }
  });

  test('every runtime dependency is imported by src/, every dev dependency by the tests or the build', () => {
    for (const name of Object.keys(deps)) {
      assert.ok(importers(name, ['src']).length > 0, `dependency ${name} is imported by nothing in src/: remove it, or move it to devDependencies`);
    }
    const scripts = Object.values(pkg.scripts ?? {}).join(' ');
    const tools: Record<string, string> = { typescript: 'tsc', tsx: 'tsx', '@stryker-mutator/core': 'stryker' };
    // Tools started by a committed script or named as a plugin in a committed config (npm run mutation).
    const named = ['stryker.config.mjs', join('scripts', 'mutation.mjs')].filter((f) => existsSync(join(repoRoot, f))).map((f) => readFileSync(join(repoRoot, f), 'utf8')).join('\n');
    for (const name of Object.keys(devDeps)) {
      if (name.startsWith('@types/')) {
        const typed = name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2');
        assert.ok(typed === 'node' || typed in deps || typed in devDeps, `${name} types a package this project does not use`);
        continue;
      }
      const used = importers(name, ['test', 'bench', 'src', 'scripts']).length > 0 || (tools[name] !== undefined && scripts.includes(tools[name]!))
        || named.includes(`'${name}'`) || (tools[name] !== undefined && named.includes(`'${tools[name]}'`));
      assert.ok(used, `devDependency ${name} is used by no test, bench, build script or npm script: remove it`);
    }
  });

  test('`npm ci --ignore-scripts` installs exactly the lockfile in a clean copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftps-npm-ci-'));
    try {
      copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
      copyFileSync(join(repoRoot, 'package-lock.json'), join(dir, 'package-lock.json'));
      const r = spawnSync('npm', ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 150_000 });
      assert.equal(r.status, 0, `npm ci failed (is the registry or the npm cache reachable?):\n${r.stderr}`);
      for (const name of [...Object.keys(deps), ...Object.keys(devDeps)]) {
        const installed = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
        assert.equal(installed.version, lock.packages[`node_modules/${name}`].version, `${name} is not the locked version`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
