/**
 * Start-up of the Linux single executable from `npm run package`, with the pinned Node it was made from
 * (compare with that node's own `-e 0`, the SEA rows' floor). The npm bin, the same esbuild bundle under
 * this node, is the cli-audit row (bench/rows/processes.ts). The executable is not built here: without it
 * these rows fail with a hint, and the rest of the table is kept.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessRow } from './row.js';

const auditArgs = (file: string, repoRoot: string) => ['audit', '--config', file, '--desired', join(repoRoot, 'fixtures', 'desired.json'), '--format', 'json', '--quiet'];

function built(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run package\` first`);
  return path;
}

export const seaNodeStartupRow: ProcessRow = {
  kind: 'process', id: 'sea-node-e-0', label: 'pinned Node of the executable: node -e 0',
  command: (_file, { repoRoot }) => [built(join(repoRoot, 'build', 'package', 'node')), '-e', '0'],
};

export const seaAuditRow: ProcessRow = {
  kind: 'process', id: 'cli-audit-sea', label: 'ftps-enforcer audit, Linux single executable',
  command: (file, { repoRoot }) => [built(join(repoRoot, 'build', 'package', 'ftps-enforcer')), ...auditArgs(file, repoRoot)],
  okExitCodes: [0, 2],
};

export const packageRows: ProcessRow[] = [seaNodeStartupRow, seaAuditRow];
