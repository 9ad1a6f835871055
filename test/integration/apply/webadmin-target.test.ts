/**
 * The harness's target switch (webadmin-target.ts), proven where it can run: FTPS_WEBADMIN_TARGET set to
 * `double` explicitly, and the same apply as apply-drift.test.ts driven through the harness, which must
 * have chosen the double (its module first on PSModulePath, its state folder written, the temp copy
 * changed). The `real` side runs only in .github/workflows/windows-iis.yml, on Windows with IIS.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { delimiter, join } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { ApplyLab, desiredFile, parseConfig, report } from './harness.js';
import { TARGET_VARIABLE, realApplicationHostConfig, webAdminTarget } from './webadmin-target.js';

describe('the WebAdministration target comes from one variable', () => {
  test('unset or double: the double; real: Windows\' own; anything else is refused', () => {
    assert.equal(webAdminTarget({}), 'double');
    assert.equal(webAdminTarget({ [TARGET_VARIABLE]: 'double' }), 'double');
    assert.equal(webAdminTarget({ [TARGET_VARIABLE]: 'real' }), 'real');
    assert.throws(() => webAdminTarget({ [TARGET_VARIABLE]: 'iis' }), /FTPS_WEBADMIN_TARGET=iis is not a target; use double .* or real/);
  });

  test('real needs Windows: here it says so instead of touching anything', () => {
    assert.throws(() => realApplicationHostConfig({}, 'linux'), /FTPS_WEBADMIN_TARGET=real needs Windows with IIS/);
    assert.equal(realApplicationHostConfig({ windir: 'C:\\Windows' }, 'win32'), join('C:\\Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config'));
  });
});

describe('FTPS_WEBADMIN_TARGET=double set explicitly: the apply tests run against the double', () => {
  const saved = process.env[TARGET_VARIABLE];
  process.env[TARGET_VARIABLE] = 'double';
  const lab = new ApplyLab('drift');
  if (saved === undefined) delete process.env[TARGET_VARIABLE];
  else process.env[TARGET_VARIABLE] = saved;
  after(() => lab.cleanup());

  test('the harness chose the double, and apply went through it', async () => {
    assert.equal(lab.target, 'double');
    const env = lab.env();
    assert.equal(env.PSModulePath?.split(delimiter)[0], join(repoRoot, 'test', 'doubles'), 'the double is first on PSModulePath');
    assert.equal(env.FTPS_DOUBLE_APPHOST, lab.configFile);
    assert.ok(lab.configFile.startsWith(lab.dir), 'the configuration is the temp copy, not a system file');

    const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(report(r).apply.status, 'applied');
    // Only the double keeps its backups and ftpsvc's state in the lab's state folder.
    assert.ok(existsSync(join(lab.stateDir, 'backup', report(r).apply.backupName)), 'the double\'s backup folder');
    assert.equal(lab.service().restartCount, 1, 'the double\'s ftpsvc restarted once');
    assert.equal(parseConfig(lab.configFile).configuration['system.applicationHost'].sites.siteDefaults.ftpServer.firewallSupport['@_externalIp4Address'], '203.0.113.10');
    assert.equal(lab.pwshStarts(), 1);
    assert.ok(readFileSync(lab.configFile, 'utf8').includes('203.0.113.10'));
  });
});

describe('the Windows workflow (.github/workflows/windows-iis.yml) uses the same switch', () => {
  const workflow = parse(readFileSync(join(repoRoot, '.github', 'workflows', 'windows-iis.yml'), 'utf8'));
  const job = workflow.jobs.iis;

  test('it runs on Windows Server with FTPS_WEBADMIN_TARGET=real and installs the IIS and FTP roles', () => {
    assert.match(job['runs-on'], /^windows-/);
    assert.equal(job.env[TARGET_VARIABLE], 'real');
    const install = job.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    assert.match(install, /Install-WindowsFeature -Name Web-Server, Web-Ftp-Server/);
  });

  test('every apply test it names exists and needs nothing only the double has (fault injection)', () => {
    const run = job.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    const files = [...run.matchAll(/dist\/test\/integration\/apply\/([\w-]+)\.test\.js/g)].map((m) => m[1]!);
    assert.ok(files.length >= 3, String(files));
    for (const f of files) {
      const source = join(repoRoot, 'test', 'integration', 'apply', `${f}.test.ts`);
      assert.ok(existsSync(source), `${source} does not exist`);
      assert.doesNotMatch(readFileSync(source, 'utf8'), /setService\(/, `${f} injects faults through the double`);
    }
  });
});
