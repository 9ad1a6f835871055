#!/usr/bin/env node
// `npm run mutation [-- core apply plan-file config]`: StrykerJS over one source folder
// at a time (stryker.config.mjs reads MUTATION_SCOPE), one test process at a time.
// Not part of CI: a full run takes hours on 2 cores. Reports land in reports/mutation/.
import { spawnSync } from 'node:child_process';

const SCOPES = ['core', 'apply', 'plan-file', 'config'];
const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !SCOPES.includes(s));
if (unknown.length > 0) {
  process.stderr.write(`error: unknown scope ${unknown.join(', ')}; choose from ${SCOPES.join(', ')}.\n`);
  process.exit(1);
}
let failed = 0;
for (const scope of asked.length > 0 ? asked : SCOPES) {
  process.stdout.write(`\n== mutation testing src/${scope}\n`);
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], { stdio: 'inherit', env: { ...process.env, MUTATION_SCOPE: scope } });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
