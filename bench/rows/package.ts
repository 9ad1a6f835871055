/**
 * Start-up of the shipped forms of the CLI (issue 20's "a small audit within 2x of `node -e 0`"):
 * the esbuild bundle under this node (compare with the `node -e 0` row), and the Linux single executable
 * from `npm run package` with the pinned Node it was made from (compare with that node's own `-e 0`,
 * the SEA rows' floor). The bundle is built here when missing (before timing); the executable is not:
 * its rows fail with a hint, and the rest of the table is kept.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProcessRow } from './row.js';

const auditArgs = (file: string, repoRoot: string) => ['audit', '--config', file, '--desired', join(repoRoot, 'fixtures', 'desired.json'), '--format', 'json', '--quiet'];

let bundleBuilt = false;
function bundle(repoRoot: string): string {
  const out = join(repoRoot, 'build', 'bench', 'ftps-enforcer.cjs');
  if (!bundleBuilt) {
    // Always rebuilt once per bench run, so the row measures the current dist/.
    const script = `import(${JSON.stringify(pathToFileURL(join(repoRoot, 'scripts', 'package', 'bundle.mjs')).href)}).then((m) => m.bundleCli(${JSON.stringify(repoRoot)}, ${JSON.stringify(out)}))`;
    execFileSync(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
    bundleBuilt = true;
  }
  return out;
}

function built(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run package\` first`);
  return path;
}

export const bundleAuditRow: ProcessRow = {
  kind: 'process', id: 'cli-audit-bundle', label: 'ftps-enforcer audit, esbuild bundle (node bundle.cjs)',
  command: (file, { repoRoot }) => [process.execPath, bundle(repoRoot), ...auditArgs(file, repoRoot)],
  okExitCodes: [0, 2],
};

export const seaNodeStartupRow: ProcessRow = {
  kind: 'process', id: 'sea-node-e-0', label: 'pinned Node of the executable: node -e 0',
  command: (_file, { repoRoot }) => [built(join(repoRoot, 'build', 'package', 'node')), '-e', '0'],
};

export const seaAuditRow: ProcessRow = {
  kind: 'process', id: 'cli-audit-sea', label: 'ftps-enforcer audit, Linux single executable',
  command: (file, { repoRoot }) => [built(join(repoRoot, 'build', 'package', 'ftps-enforcer')), ...auditArgs(file, repoRoot)],
  okExitCodes: [0, 2],
};

export const packageRows: ProcessRow[] = [bundleAuditRow, seaNodeStartupRow, seaAuditRow];
