import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessRow } from './row.js';

/** Node's own start-up: the part of any CLI run this project cannot make faster. */
export const nodeStartupRow: ProcessRow = { kind: 'process', id: 'node-e-0', label: 'node -e 0 (process start-up)', command: () => [process.execPath, '-e', '0'] };

/** A node process that only reads the file: what the whole audit is compared with (issue 20). */
export const nodeReadRow: ProcessRow = {
  kind: 'process', id: 'node-read', label: 'node process that only reads the file',
  command: (file) => [process.execPath, '-e', 'require("node:fs").readFileSync(process.argv[1])', file],
};

/** The installed CLI: package.json's `bin` (the bundle `npm run build` makes, started with its code cache), as a pipeline runs it. */
export const cliAuditRow: ProcessRow = {
  kind: 'process', id: 'cli-audit', label: 'ftps-enforcer audit (whole process: the npm bin, one bundled file + code cache)',
  command: (file, { repoRoot }) => [process.execPath, join(repoRoot, binOf(repoRoot)), 'audit', '--config', file, '--desired', join(repoRoot, 'fixtures', 'desired.json'), '--format', 'json', '--quiet'],
  okExitCodes: [0, 2],
};

/** The same audit from the tsc output (~130 ES modules loaded one by one): what the bundle is measured against. */
export const cliAuditModulesRow: ProcessRow = {
  kind: 'process', id: 'cli-audit-modules', label: 'ftps-enforcer audit from dist/src/cli/main.js (ES modules, lazily imported commands)',
  command: (file, { repoRoot }) => [process.execPath, join(repoRoot, 'dist', 'src', 'cli', 'main.js'), 'audit', '--config', file, '--desired', join(repoRoot, 'fixtures', 'desired.json'), '--format', 'json', '--quiet'],
  okExitCodes: [0, 2],
};

function binOf(repoRoot: string): string {
  const bin = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['ftps-enforcer'];
  if (!bin || !existsSync(join(repoRoot, bin))) throw new Error(`package.json's bin ${bin ?? '(none)'} is missing: run \`npm run build\``);
  return bin;
}
