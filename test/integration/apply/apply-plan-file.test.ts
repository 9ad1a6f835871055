import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplyLab, desiredFile, report } from './harness.js';

describe('apply --plan applies exactly a reviewed plan, or refuses it', () => {
  test('a fresh plan from audit --out is applied and verified', async () => {
    const lab = new ApplyLab('drift');
    try {
      const plan = join(lab.dir, 'plan.json');
      const audit = await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile, '--out', plan]);
      assert.equal(audit.code, 2, audit.stderr);
      const saved = JSON.parse(readFileSync(plan, 'utf8'));
      const r = await lab.cli(['apply', '--plan', plan, '--powershell', lab.wrapper, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const rep = report(r);
      assert.equal(rep.apply.status, 'applied');
      assert.deepEqual(rep.apply.applied.map((a: any) => a.changeId), saved.changes.map((c: any) => c.id));
      assert.equal(lab.service().restartCount, 1);
    } finally {
      lab.cleanup();
    }
  });

  test('a stale plan (the configuration changed since audit) is refused, and nothing runs', async () => {
    const lab = new ApplyLab('drift');
    try {
      const plan = join(lab.dir, 'plan.json');
      await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile, '--out', plan]);
      appendFileSync(lab.configFile, '<!-- edited by hand after the review -->\n');
      const before = readFileSync(lab.configFile);
      const r = await lab.cli(['apply', '--plan', plan, '--powershell', lab.wrapper]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: The plan .*plan\.json was made from a configuration that has changed since .*; run `ftps-enforcer audit --out .*` again/m);
      assert.equal(lab.pwshStarts(), 0);
      assert.deepEqual(readFileSync(lab.configFile), before);
    } finally {
      lab.cleanup();
    }
  });

  test('a plan with an unknown format version is refused', async () => {
    const lab = new ApplyLab('drift');
    try {
      const plan = join(lab.dir, 'plan.json');
      await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile, '--out', plan]);
      const saved = JSON.parse(readFileSync(plan, 'utf8'));
      writeFileSync(plan, JSON.stringify({ ...saved, formatVersion: 99 }));
      const r = await lab.cli(['apply', '--plan', plan, '--powershell', lab.wrapper]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /format version 99/);
      assert.equal(lab.pwshStarts(), 0);
    } finally {
      lab.cleanup();
    }
  });
  for (const [what, edit] of [
    ['serverAutoStart=false added to a site (issue 14)', (c: any[]) => [...c, { ...c[0], id: 'site:Partner FTP/serverAutoStart', filter: "system.applicationHost/sites/site[@name='Partner FTP']/ftpServer", name: 'serverAutoStart', value: 'false' }]],
    ['a planned value changed', (c: any[]) => c.map((x, i) => (i === 0 ? { ...x, value: 50001 } : x))],
    ['a planned change removed', (c: any[]) => c.slice(1)],
  ] as const) {
    test(`an edited plan (${what}) is re-planned and refused: exit 1, no PowerShell started, nothing written`, async () => {
      const lab = new ApplyLab('drift');
      try {
        const plan = join(lab.dir, 'plan.json');
        await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile, '--out', plan]);
        const saved = JSON.parse(readFileSync(plan, 'utf8'));
        writeFileSync(plan, JSON.stringify({ ...saved, changes: edit(saved.changes) }));
        const before = readFileSync(lab.configFile);
        const r = await lab.cli(['apply', '--plan', plan, '--powershell', lab.wrapper]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^error: The plan .*plan\.json does not match what apply would do now with .*applicationHost\.config and .*desired\.json \(.*\), so nothing was run; make the plan again with `ftps-enforcer audit --out .*plan\.json` and review it\.$/m);
        assert.equal(lab.pwshStarts(), 0);
        assert.deepEqual(readFileSync(lab.configFile), before);
      } finally {
        lab.cleanup();
      }
    });
  }
});
