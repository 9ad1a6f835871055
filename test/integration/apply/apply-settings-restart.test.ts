/**
 * Every backend restarts after the settings it runs with changed (issue 16
 * item 3), with real pwsh and the double. Two backends of one farm (each its own
 * local config folder, state folder and ftpsvc) share one applicationHost.config;
 * the one that did not write sees a compliant file, yet its ftpsvc still runs
 * with the old firewall settings: drift that a restart alone fixes. A run with
 * nothing to change and nothing owed still starts no PowerShell.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplyLab, desiredFile, report, type RunResult, type ServiceState } from './harness.js';

/** A second backend in the same lab: its own inetsrv\config redirected to the lab's shared folder, its own state. */
function secondBackend(lab: ApplyLab) {
  const root = join(lab.dir, 'web2');
  const config = join(root, 'config', 'applicationHost.config');
  mkdirSync(join(root, 'config'), { recursive: true });
  copyFileSync(lab.configFile, config);
  writeFileSync(join(root, 'config', 'redirection.config'), `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n    <configSections>\n        <section name="configurationRedirection" />\n    </configSections>\n    <configurationRedirection enabled="true" path="${lab.path('shared')}" />\n</configuration>\n`);
  const env = { FTPS_DOUBLE_APPHOST: config, FTPS_DOUBLE_STATE_DIR: join(root, 'double-state'), FTPS_ENFORCER_STATE_DIR: join(root, 'enforcer-state') };
  return {
    apply: (args: string[]): Promise<RunResult> => lab.cli(['apply', '--config', config, '--powershell', lab.wrapper, '--format', 'json', ...args], env),
    service: (): ServiceState => {
      try {
        return JSON.parse(readFileSync(join(env.FTPS_DOUBLE_STATE_DIR, 'ftpsvc.json'), 'utf8').replace(/^\uFEFF/, '')) as ServiceState;
      } catch {
        return { status: 'Running', restartCount: 0 };
      }
    },
  };
}

function wider(lab: ApplyLab): string {
  const file = join(lab.dir, 'desired-2.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(desiredFile, 'utf8')), lowDataChannelPort: 50100, highDataChannelPort: 50199 }));
  return file;
}

describe('restart after the settings changed elsewhere', { concurrency: true }, () => {
  test('shared configuration: the backend that did not write restarts once, then only when the settings change again', async () => {
    const lab = new ApplyLab('shared-config');
    try {
      const web2 = secondBackend(lab);
      const desired2 = wider(lab);

      const a1 = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(a1.code, 0, a1.stderr);
      assert.equal(report(a1).apply.status, 'applied');
      assert.equal(lab.service().restartCount, 1);

      // web2: the shared file is compliant now, but web2 has no record of restarting with it.
      const b1 = await web2.apply(['--desired', desiredFile]);
      assert.equal(b1.code, 0, b1.stderr);
      const r1 = report(b1);
      assert.equal(r1.changes.length, 0, 'nothing to change in the file');
      assert.equal(r1.apply.restart.performed, true);
      assert.match(r1.apply.restart.reason, /no record of restarting ftpsvc with the shared configuration as it is now/);
      assert.equal(web2.service().restartCount, 1);

      const startsBefore = lab.pwshStarts();
      const b2 = await web2.apply(['--desired', desiredFile]);
      assert.equal(b2.code, 0, b2.stderr);
      assert.equal(report(b2).apply.status, 'nothing-to-do');
      assert.equal(lab.pwshStarts(), startsBefore, 'in step and nothing to change: no PowerShell');
      assert.equal(web2.service().restartCount, 1);

      // web1 changes the shared settings again; web2's ftpsvc still runs with the old ones.
      const a2 = await lab.apply(['--desired', desired2, '--format', 'json']);
      assert.equal(a2.code, 0, a2.stderr);
      const b3 = await web2.apply(['--desired', desired2]);
      assert.equal(b3.code, 0, b3.stderr);
      const r3 = report(b3);
      assert.equal(r3.changes.length, 0);
      assert.equal(r3.apply.restart.performed, true);
      assert.match(r3.apply.restart.reason, /the FTP firewall settings changed since this agent last restarted ftpsvc \(.*\), by another backend of a shared configuration or by hand/);
      assert.equal(web2.service().restartCount, 2, 'a restart alone');
      assert.match(b3.stderr, /warn: the FTP firewall settings changed since this agent last restarted ftpsvc/);

      const starts = lab.pwshStarts();
      const b4 = await web2.apply(['--desired', desired2]);
      assert.equal(report(b4).apply.status, 'nothing-to-do');
      assert.equal(lab.pwshStarts(), starts);
      assert.equal(web2.service().restartCount, 2);
    } finally {
      lab.cleanup();
    }
  });

  test('local configuration: settings written without a restart (--restart never) are restarted for by the next on-change run', async () => {
    const lab = new ApplyLab('drift');
    try {
      const first = await lab.apply(['--desired', desiredFile, '--format', 'json', '--restart', 'never']);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(lab.service().restartCount, 0);

      const next = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(next.code, 0, next.stderr);
      const rep = report(next);
      assert.equal(rep.changes.length, 0);
      assert.equal(rep.apply.restart.performed, true);
      assert.match(rep.apply.restart.reason, /changed since this agent last restarted ftpsvc/);
      assert.equal(lab.service().restartCount, 1);

      const starts = lab.pwshStarts();
      const again = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(report(again).apply.status, 'nothing-to-do');
      assert.equal(lab.pwshStarts(), starts, 'no PowerShell once ftpsvc runs with the settings on disk');
    } finally {
      lab.cleanup();
    }
  });
});
