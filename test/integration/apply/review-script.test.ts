/**
 * The review script from `audit --emit-script` (issue 15): run as an operator would run it, with real pwsh
 * against the WebAdministration double on a broken configuration. It must fix the drift (audit exits 0
 * afterwards), and be transactional: a failure part-way (a Set, or a commit that writes one file of a
 * configSource split and then fails) leaves every file as it was.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCollect } from '../../support/run-cli.js';
import { ApplyLab, desiredFile, type RunResult } from './harness.js';

async function emitScript(lab: ApplyLab): Promise<string> {
  const script = join(lab.dir, 'review.ps1');
  const audit = await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile, '--emit-script', script]);
  assert.equal(audit.code, 2, audit.stderr);
  return script;
}

function runScript(lab: ApplyLab, script: string): Promise<RunResult> {
  return spawnCollect(lab.pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script], { cwd: lab.dir, env: lab.env() });
}

describe('the review script (audit --emit-script), run with real pwsh against the double', () => {
  test('on a broken configuration it fixes the drift: audit exits 0 afterwards, ftpsvc restarted once', async () => {
    const lab = new ApplyLab('drift');
    try {
      const script = await emitScript(lab);
      const r = await runScript(lab, script);
      assert.equal(r.code, 0, r.stderr);
      const audit = await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile]);
      assert.equal(audit.code, 0, audit.stdout);
      assert.equal(lab.service().restartCount, 1);
      assert.equal(lab.service().commitCount, 1, 'every change in one commit');
    } finally {
      lab.cleanup();
    }
  });

  test('a Set that fails part-way: the script fails, the file is byte-identical, audit still finds the drift', async () => {
    const lab = new ApplyLab('drift');
    try {
      const script = await emitScript(lab);
      const before = readFileSync(lab.configFile);
      lab.setService({ failSetOnCall: 3 });
      const r = await runScript(lab, script);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr + r.stdout, /Cannot write configuration file/);
      assert.deepEqual(readFileSync(lab.configFile), before);
      assert.equal(lab.service().restartCount, 0);
      const audit = await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile]);
      assert.equal(audit.code, 2);
    } finally {
      lab.cleanup();
    }
  });

  test('a commit that writes one file of a configSource split and fails: the backup puts both back, byte-identical', async () => {
    const lab = new ApplyLab('config-source');
    try {
      const script = await emitScript(lab);
      const files = [lab.configFile, lab.path('sites.config')];
      const before = files.map((f) => readFileSync(f));
      lab.setService({ failCommitAfterFiles: 1 });
      const r = await runScript(lab, script);
      assert.notEqual(r.code, 0);
      files.forEach((f, i) => assert.deepEqual(readFileSync(f), before[i], f));
      assert.equal(lab.service().restartCount, 0);
    } finally {
      lab.cleanup();
    }
  });
});
