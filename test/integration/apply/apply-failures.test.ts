import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplyLab, desiredFile, report } from './harness.js';

describe('apply rolls back on failure', () => {
  test('a Set that fails in the middle leaves the file byte-identical, exit 1, rollback reported', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      lab.setService({ failSetOnCall: 3 });
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: apply failed at the set step: .*Cannot write configuration file.*the previous configuration is back/m);
      const rep = report(r);
      assert.equal(rep.apply.status, 'failed');
      assert.equal(rep.apply.rollback.attempted, true);
      assert.equal(rep.apply.rollback.succeeded, true);
      assert.deepEqual(readFileSync(lab.configFile), before);
      assert.equal(lab.service().setCalls, 3, 'stopped at the failing Set');
      assert.equal(lab.service().restartCount, 0, 'nothing to restart: the service was never touched');
      assert.equal(lab.pwshStarts(), 1);
    } finally {
      lab.cleanup();
    }
  });

  test('a service that does not come back: configuration restored, but FTP is down: exit 3, the report says so', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      lab.setService({ failStart: true });
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /apply failed at the restart step.*FTP IS DOWN on this backend/);
      const rep = report(r);
      assert.equal(rep.apply.status, 'failed');
      assert.equal(rep.apply.restart.performed, false);
      assert.equal(rep.apply.rollback.succeeded, false);
      assert.equal(rep.apply.rollback.configRestored, true);
      assert.match(rep.apply.rollback.message, /restored from backup ftps-enforcer-/);
      assert.match(rep.apply.rollback.message, /ftpsvc: Stopped/);
      assert.deepEqual(readFileSync(lab.configFile), before);
      assert.equal(lab.service().restartCount, 2, 'the restart, then the restart after the rollback');
    } finally {
      lab.cleanup();
    }
  });

  test('a restart hook that fails counts as a service that did not start', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json'], { FTPS_DOUBLE_RESTART_HOOK: '/bin/false' });
      assert.equal(r.code, 3, 'the hook fails the rollback\'s restart too: FTP is down');
      assert.match(report(r).apply.error, /restart hook exited with 1/);
      assert.deepEqual(readFileSync(lab.configFile), before);
    } finally {
      lab.cleanup();
    }
  });

  test('the restart hook receives the effective configuration path after the changes are written', async () => {
    const lab = new ApplyLab('drift');
    try {
      const hook = join(lab.dir, 'hook.sh');
      const seen = join(lab.dir, 'hook-saw.txt');
      writeFileSync(hook, `#!/bin/sh\necho "$1" > "${seen}"\ngrep -c 'lowDataChannelPort="50000"' "$1" >> "${seen}"\n`);
      chmodSync(hook, 0o755);
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json'], { FTPS_DOUBLE_RESTART_HOOK: hook });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(readFileSync(seen, 'utf8').trim().split('\n'), [lab.configFile, '1']);
    } finally {
      lab.cleanup();
    }
  });
});

describe('apply under a timeout', () => {
  test('PowerShell cut off mid-apply (--timeout): a second process restores the backup; file byte-identical', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      // The first restart hangs (the hook sleeps once); the restore's restart goes through.
      const hook = join(lab.dir, 'slow-hook.sh');
      const marker = join(lab.dir, 'slept-once');
      writeFileSync(hook, `#!/bin/sh\nif [ ! -e "${marker}" ]; then touch "${marker}"; sleep 90; fi\nexit 0\n`);
      chmodSync(hook, 0o755);
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json', '--timeout', '25'], { FTPS_DOUBLE_RESTART_HOOK: hook });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: PowerShell did not finish Invoke-FtpsEnforcerApply within 25 seconds \(--timeout\); the previous configuration is back/m);
      const rep = report(r);
      assert.equal(rep.apply.rollback.succeeded, true);
      assert.equal(rep.apply.powershell.processes, 2);
      assert.equal(lab.pwshStarts(), 2);
      assert.deepEqual(readFileSync(lab.configFile), before);
      assert.equal(lab.service().status, 'Running');
    } finally {
      lab.cleanup();
    }
  });
});

describe('apply checks prerequisites before writing', () => {
  test('no FTP service: exit 1 with one sentence, nothing written', async () => {
    const lab = new ApplyLab('drift');
    try {
      const before = readFileSync(lab.configFile);
      lab.setService({ installed: false });
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: The FTP service \(ftpsvc\) is not installed/m);
      assert.equal(report(r).apply.status, 'failed');
      assert.deepEqual(readFileSync(lab.configFile), before);
    } finally {
      lab.cleanup();
    }
  });

  test('no WebAdministration module: exit 1 naming it', async () => {
    const lab = new ApplyLab('drift');
    try {
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json'], { PSModulePath: join(lab.dir, 'no-modules-here') });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: WebAdministration could not be imported/m);
    } finally {
      lab.cleanup();
    }
  });

  test('a PowerShell that does not exist: exit 1, no process, one sentence', async () => {
    const lab = new ApplyLab('drift');
    try {
      const r = await lab.cli(['apply', '--config', lab.configFile, '--desired', desiredFile, '--powershell', join(lab.dir, 'no-such-pwsh'), '--format', 'json']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: PowerShell was not found at ".*no-such-pwsh": install PowerShell/m);
      assert.equal(report(r).apply.powershell.processes, 0);
    } finally {
      lab.cleanup();
    }
  });

  test('the guide\'s misplaced attribute: apply refuses to start, says which, starts no PowerShell', async () => {
    const lab = new ApplyLab('misplaced');
    try {
      const before = readFileSync(lab.configFile);
      const r = await lab.apply(['--desired', desiredFile]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: apply did not start: 1 problem\(s\)/m);
      assert.match(r.stderr, /MISPLACED_ATTRIBUTE externalIp4Address/);
      assert.equal(lab.pwshStarts(), 0);
      assert.deepEqual(readFileSync(lab.configFile), before);
    } finally {
      lab.cleanup();
    }
  });
});
