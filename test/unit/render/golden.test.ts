import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../../../src/render/index.js';
import { renderPowerShellScript } from '../../../src/render/powershell-script.js';
import { REPORT_FORMATS } from '../../../src/core/report.js';
import { repoRoot } from '../../support/paths.js';
import { REPORTS } from './sample-plans.js';

// Golden files: every format over every sample report. UPDATE_GOLDEN=1 rewrites them; review the diff.
const dir = join(repoRoot, 'test', 'unit', 'render', 'golden');
const EXT: Record<string, string> = { text: 'txt', json: 'json', markdown: 'md', junit: 'xml' };

function golden(name: string, actual: string): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, actual);
  }
  assert.ok(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`);
}

describe('golden reports', () => {
  for (const [name, report] of Object.entries(REPORTS)) {
    for (const format of REPORT_FORMATS) {
      test(`${name}.${EXT[format]}`, () => golden(`${name}.${EXT[format]}`, renderReport(report, format, { color: false })));
    }
    test(`${name}.ps1`, () => golden(`${name}.ps1`, renderPowerShellScript(report.plan)));
  }
  test('audit-drift.color.txt (ANSI colour)', () => golden('audit-drift.color.txt', renderReport(REPORTS['audit-drift']!, 'text', { color: true })));
});
