import { join } from 'node:path';
import type { ProcessRow } from './row.js';

/** Node's own start-up: the part of any CLI run this project cannot make faster. */
export const nodeStartupRow: ProcessRow = { kind: 'process', id: 'node-e-0', label: 'node -e 0 (process start-up)', command: () => [process.execPath, '-e', '0'] };

/** A node process that only reads the file: what the whole audit is compared with (issue 20). */
export const nodeReadRow: ProcessRow = {
  kind: 'process', id: 'node-read', label: 'node process that only reads the file',
  command: (file) => [process.execPath, '-e', 'require("node:fs").readFileSync(process.argv[1])', file],
};

/** The whole product: `ftps-enforcer audit` as a pipeline runs it. */
export const cliAuditRow: ProcessRow = {
  kind: 'process', id: 'cli-audit', label: 'ftps-enforcer audit (whole process)',
  command: (file, { repoRoot }) => [process.execPath, join(repoRoot, 'dist', 'src', 'cli', 'main.js'), 'audit', '--config', file, '--desired', join(repoRoot, 'fixtures', 'desired.json'), '--format', 'json', '--quiet'],
  okExitCodes: [0, 2],
};
