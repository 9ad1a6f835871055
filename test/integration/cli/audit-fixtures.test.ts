/**
 * Golden fixture folders: every fixtures/<case>/applicationHost.config is
 * audited against fixtures/desired.json by the built CLI, and the outcome
 * (exit code, non-ok findings, changes) is compared with
 * fixtures/<case>/expected-audit.json. UPDATE_GOLDEN=1 rewrites them (review the diff).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, fixturesDir } from '../../support/paths.js';
import { runCli } from '../../support/run-cli.js';

interface Outcome {
  exitCode: number | null;
  findings: string[];
  changes: string[];
}

const cases = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(fixturesDir, d.name, 'applicationHost.config')))
  .map((d) => d.name);

function audit(name: string): Outcome {
  const r = runCli(['audit', '--config', fixture(name, 'applicationHost.config'), '--desired', fixture('desired.json'), '--format', 'json']);
  assert.equal(r.stderr, '', `audit of ${name} wrote to stderr: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { findings: Array<{ code: string; status: string; site: string | null; setting: string }>; changes: Array<{ filter: string; name: string; value: unknown }> };
  return {
    exitCode: r.code,
    findings: report.findings.map((f) => `${f.code} ${f.status} ${f.site ?? '(server)'} ${f.setting}`),
    changes: report.changes.map((c) => `${c.filter} @${c.name} = ${String(c.value)}`),
  };
}

describe('audit over the fixture folders', () => {
  test('there are fixture cases', () => assert.ok(cases.length >= 10, `found ${cases.length}`));
  for (const name of cases) {
    test(name, () => {
      const actual = audit(name);
      const goldenPath = fixture(name, 'expected-audit.json');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
      assert.ok(existsSync(goldenPath), `${goldenPath} is missing: run the tests once with UPDATE_GOLDEN=1 and review it`);
      assert.deepEqual(actual, JSON.parse(readFileSync(goldenPath, 'utf8')));
    });
  }
});
