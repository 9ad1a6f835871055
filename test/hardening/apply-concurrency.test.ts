/**
 * Ten `ftps-enforcer apply` processes started at once against one
 * configuration (real pwsh, the WebAdministration double): exactly one
 * applies, ftpsvc restarts once, the others wait and find nothing to do (or
 * exit 1 with the lock sentence); the file ends compliant and well-formed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { ApplyLab, desiredFile, report } from '../integration/apply/harness.js';

const RUNS = 10;

describe('ten apply runs at once', () => {
  test('one applies, nine wait and find nothing to do; one restart, one PowerShell process', async (t) => {
    const lab = new ApplyLab('drift');
    try {
      const runs = await Promise.all(Array.from({ length: RUNS }, () => lab.apply(['--desired', desiredFile, '--format', 'json', '--lock-timeout', '150'])));
      const statuses: string[] = [];
      for (const r of runs) {
        assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, r.stderr);
        if (r.code === 1) {
          assert.match(r.stderr, /^error: Another ftps-enforcer run is applying to .*: the lock is held by /m);
          statuses.push('lock-timeout');
        } else {
          assert.equal(r.code, 0, r.stderr);
          statuses.push(report(r).apply.status);
        }
      }
      t.diagnostic(`statuses: ${JSON.stringify(statuses.sort())}`);
      assert.equal(statuses.filter((s) => s === 'applied').length, 1, 'exactly one run applied');
      assert.ok(statuses.every((s) => s === 'applied' || s === 'nothing-to-do' || s === 'lock-timeout'));
      assert.equal(lab.service().restartCount, 1, 'ftpsvc restarted once');
      assert.equal(lab.service().setCalls, report(runs.find((r) => r.code === 0 && report(r).apply.status === 'applied')!).changes.length, 'each change written once');
      assert.equal(lab.pwshStarts(), 1, 'only the applying run started PowerShell');
      const waited = runs.filter((r) => /waiting up to 150 s for the apply lock, held by pid \d+/.test(r.stderr)).length;
      // A run that started after the applier finished has nothing to wait for, so this is reported, not asserted.
      t.diagnostic(`${waited} run(s) said they were waiting for the lock`);
      assert.equal(XMLValidator.validate(readFileSync(lab.configFile, 'utf8').replace(/^\uFEFF/, '')), true);
      const audit = await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile]);
      assert.equal(audit.code, 0, audit.stdout);
    } finally {
      lab.cleanup();
    }
  });
});
