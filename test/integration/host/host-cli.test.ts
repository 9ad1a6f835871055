/**
 * The host checks end to end through the built CLI: the gate (no host section and no --host: no PowerShell at
 * all), one PowerShell process for audit --host, and apply creating our firewall rule in the same single
 * process as the WebAdministration changes. The apply lab (WebAdministration double, counting pwsh wrapper)
 * is the apply helper's; the host doubles are found by autoloading through its PSModulePath.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ApplyLab, desiredFile, report } from '../apply/harness.js';
import { makeCertificate, newScenario, readNetSecurity, type Scenario } from './host-doubles.js';
import { OWN_RULE_NAME } from '../../../src/host/firewall-checks.js';

const FIXTURE_THUMB = 'AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12';

/** An apply lab whose config names a certificate made in the PKI double, plus the host scenario files. */
function hostLab(rules: Record<string, unknown>[] = []): { lab: ApplyLab; s: Scenario; thumb: string; env: Record<string, string>; bin: string } {
  const lab = new ApplyLab('drift');
  const s = newScenario({ rules, profiles: [], setting: { EnableStatefulFtp: 'True' } }, {
    os: { Caption: 'Microsoft Windows Server 2022 Standard', Version: '10.0.20348', BuildNumber: '20348', ProductType: 3 },
    service: { State: 'Running', StartMode: 'Auto', ProcessId: 4242, StartedAt: '2030-01-01T00:00:00Z', FromWebAdministrationDouble: true },
    registry: {},
  });
  // The CLI process judges the certificate by the wall clock, so it is made on the wall clock too.
  const thumb = makeCertificate(s, { dns: ['ftp.example.com'], now: new Date() });
  writeFileSync(lab.configFile, readFileSync(lab.configFile, 'utf8').replace(FIXTURE_THUMB, thumb));
  // `pwsh` on PATH is the lab's counting wrapper: audit has no --powershell option.
  const bin = join(lab.dir, 'bin');
  mkdirSync(bin);
  symlinkSync(lab.wrapper, join(bin, 'pwsh'));
  const env = { FTPS_CERT_STORE_DOUBLE: s.certs, FTPS_NETSECURITY_DOUBLE: s.netSecurity, FTPS_HOSTFACTS_DOUBLE: s.hostFacts, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  return { lab, s, thumb, env, bin };
}

function desiredWith(lab: ApplyLab, extra: Record<string, unknown>): string {
  const file = join(lab.dir, 'desired-host.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(desiredFile, 'utf8')), ...extra }, null, 2));
  return file;
}

const hostChecks = (r: { findings?: unknown[]; checks?: unknown[] }) =>
  ((r.findings ?? r.checks ?? []) as { code: string; hostCheck?: string; status: string }[]).filter((c) => c.code === 'HOST');

describe('host checks through the CLI', () => {
  test('no --host and no host section: audit and apply --dry-run start no PowerShell', async () => {
    const { lab, env } = hostLab();
    try {
      const a = await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile, '--format', 'json'], env);
      assert.equal(a.code, 2, a.stderr);
      const d = await lab.apply(['--desired', desiredFile, '--dry-run', '--format', 'json'], env);
      assert.equal(d.code, 2, d.stderr);
      assert.equal(lab.pwshStarts(), 0);
      assert.deepEqual(hostChecks(report(a)), []);
    } finally {
      lab.cleanup();
    }
  });

  test('audit --host: one PowerShell process, host findings with messages and fix hints in every format', async () => {
    const { lab, env } = hostLab();
    try {
      // The certificate covers ftp.example.com only: the VIP name below is not covered.
      const desired = desiredWith(lab, { certificate: { dnsName: 'files.example.org' } });
      const j = await lab.cli(['audit', '--config', lab.configFile, '--desired', desired, '--format', 'json'], env);
      assert.equal(j.code, 2, j.stderr);
      assert.equal(lab.pwshStarts(), 1);
      // Findings are the non-ok checks.
      const by = Object.fromEntries(hostChecks(report(j)).map((c) => [`${c.hostCheck}${c.hostCheck === 'TLS_PROTOCOL' ? ` ${(c as { setting?: string }).setting}` : ''}`, c.status]));
      assert.deepEqual(by, { CERT_NAME: 'error', FIREWALL_INBOUND: 'error', FIREWALL_STATEFUL_FTP: 'warning', DYNAMIC_PORT_RANGE: 'warning', 'TLS_PROTOCOL TLS 1.0': 'warning', 'TLS_PROTOCOL TLS 1.1': 'warning' });
      for (const format of ['text', 'markdown', 'junit']) {
        const r = await lab.cli(['audit', '--config', lab.configFile, '--desired', desired, '--host-checks', '--format', format], env);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stdout, /Windows Firewall does not let all of TCP 990, 50000-50099 in/, format);
        assert.match(r.stdout, /Fix: add .*windowsFirewall/, format);
        assert.match(r.stdout, /does not cover files\.example\.org/, format);
        assert.match(r.stdout, /TLS 1\.0/, format);
      }
      assert.equal(lab.pwshStarts(), 4);
    } finally {
      lab.cleanup();
    }
  });

  test('apply with windowsFirewall.ensureInboundRule: rule created and drift fixed in ONE PowerShell process, ftpsvc restarted once', async () => {
    const { lab, s, env } = hostLab([{ Name: 'Corp-FTPS', DisplayName: 'Corp FTPS control', Enabled: 'True', Action: 'Allow', Profile: 'Any', Protocol: 'TCP', LocalPort: ['990'] }]);
    try {
      const desired = desiredWith(lab, { windowsFirewall: { ensureInboundRule: true } });
      const r = await lab.apply(['--desired', desired, '--format', 'json'], env);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.equal(lab.pwshStarts(), 1);
      const rep = report(r);
      assert.deepEqual(rep.apply.host.actions.map((a: { done: string }) => a.done), ['created']);
      assert.equal(lab.service().restartCount, 1);
      const net = readNetSecurity(s);
      assert.deepEqual(net.calls, [{ cmdlet: 'New-NetFirewallRule', name: OWN_RULE_NAME }]);
      // A second run: compliant, still one process for the host facts, nothing created, no restart.
      const again = await lab.apply(['--desired', desired, '--format', 'json'], env);
      assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
      assert.equal(lab.pwshStarts(), 2);
      assert.equal(readNetSecurity(s).calls?.length, 1);
      assert.equal(lab.service().restartCount, 1);
      // Findings list the non-ok checks: the firewall one is gone, only warnings are left.
      assert.deepEqual(hostChecks(report(again)).filter((c) => c.status !== 'warning'), []);
      assert.equal(hostChecks(report(r)).find((c) => c.hostCheck === 'FIREWALL_INBOUND')?.status, 'drift');
    } finally {
      lab.cleanup();
    }
  });

  test('a restart pending per IIS configuration history: audit reports drift, apply restarts ftpsvc once and nothing else', async () => {
    const covering = [{ Name: 'FTPS', DisplayName: 'FTPS in', Enabled: 'True', Action: 'Allow', Profile: 'Any', Protocol: 'TCP', LocalPort: ['990', '50000-50099'] }];
    const { lab, env } = hostLab(covering);
    try {
      // The fix lands with --restart never, so ftpsvc (started long before) keeps the old settings.
      const original = readFileSync(lab.configFile, 'utf8');
      lab.setService({ lastStart: '2026-01-01T00:00:00.0000000Z' });
      const fixed = await lab.apply(['--desired', desiredFile, '--restart', 'never', '--format', 'json'], env);
      assert.equal(fixed.code, 0, `${fixed.stdout}\n${fixed.stderr}`);
      assert.equal(lab.service().restartCount, 0);
      // IIS history holds the version that was in effect when the service started.
      const version = join(lab.dir, 'inetpub', 'history', 'CFGHISTORY_0000000001');
      mkdirSync(version, { recursive: true });
      writeFileSync(join(version, 'applicationHost.config'), original);
      utimesSync(join(version, 'applicationHost.config'), new Date('2025-12-31T00:00:00Z'), new Date('2025-12-31T00:00:00Z'));
      const hostEnv = { ...env, SystemDrive: lab.dir };
      const desired = desiredWith(lab, { certificate: { dnsName: 'ftp.example.com' } });
      const audit = await lab.cli(['audit', '--config', lab.configFile, '--desired', desired, '--format', 'json'], hostEnv);
      assert.equal(audit.code, 2, audit.stderr);
      const pending = hostChecks(report(audit)).find((c) => c.hostCheck === 'SERVICE_RESTART_PENDING') as unknown as { status: string; fixable: boolean; message: string };
      assert.deepEqual([pending.status, pending.fixable], ['drift', true]);
      assert.match(pending.message, /per IIS configuration history/);
      const starts = lab.pwshStarts();
      const r = await lab.apply(['--desired', desired, '--format', 'json'], hostEnv);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.equal(lab.pwshStarts(), starts + 1);
      assert.equal(lab.service().restartCount, 1);
      const rep = report(r);
      assert.deepEqual(rep.apply.host.actions.map((a: { done: string }) => a.done), ['restarted']);
      assert.equal(rep.apply.restart.performed, true);
      // Started after the change now: nothing pending, nothing restarted again.
      const again = await lab.apply(['--desired', desired, '--format', 'json'], hostEnv);
      assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
      assert.equal(lab.service().restartCount, 1);
    } finally {
      lab.cleanup();
    }
  });
});
