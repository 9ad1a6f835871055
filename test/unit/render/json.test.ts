import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../../src/render/index.js';
import { REPORTS, HOSTILE_NAMES, driftPlan } from './sample-plans.js';

const json = (name: string) => JSON.parse(renderReport(REPORTS[name]!, 'json', { color: false }));

describe('JSON report contract', () => {
  test('top-level keys in a stable order', () => {
    assert.deepEqual(Object.keys(json('audit-drift')), [
      'reportVersion', 'tool', 'command', 'host', 'createdAt', 'compliant', 'exitCode', 'config', 'desired', 'restart', 'checks', 'findings', 'changes', 'apply',
    ]);
  });

  test('the host the report comes from, so reports from many backends can be told apart', () => {
    assert.equal(json('audit-drift').host, 'IIS-WEB1');
    assert.equal(json('audit-compliant').host, null);
  });

  test('compliant, exit code, counts, tool and restart policy', () => {
    const r = json('audit-drift');
    assert.equal(r.compliant, false);
    assert.equal(r.exitCode, 2);
    assert.deepEqual(r.checks, { total: 9, ok: 1, drift: 6, warning: 1, error: 1 });
    assert.deepEqual(r.tool, { name: 'iis-ftps-enforcer', version: '0.1.0' });
    assert.equal(r.restart, 'on-change');
    assert.equal(r.apply, null);
    assert.equal(json('audit-compliant').compliant, true);
    assert.equal(json('audit-compliant').exitCode, 0);
  });

  test('findings: every check that is not ok, with the DESIGN.md fields', () => {
    const r = json('audit-drift');
    assert.equal(r.findings.length, driftPlan.checks.filter((c) => c.status !== 'ok').length);
    const site = r.findings.find((f: any) => f.site === 'Partner FTP' && f.setting === 'externalIp4Address');
    assert.deepEqual(site, {
      code: 'EXTERNAL_ADDRESS_SITE',
      status: 'drift',
      site: 'Partner FTP',
      setting: 'externalIp4Address',
      scope: 'site',
      current: '10.0.1.11',
      desired: '203.0.113.10',
      inheritedFrom: 'site',
      fixable: true,
      message: driftPlan.checks.find((c) => c.site === 'Partner FTP' && c.setting === 'externalIp4Address')!.message,
      location: { file: '\\\\fs01\\IISConfig\\ftp-sites.config', line: 14, column: 9 },
      changeIds: ['site:Partner FTP/externalIp4Address'],
    });
    const server = r.findings.find((f: any) => f.setting === 'lowDataChannelPort');
    assert.equal(server.site, null);
    assert.ok(!('location' in server), 'no location when unknown');
    const misplaced = r.findings.find((f: any) => f.code === 'MISPLACED_ATTRIBUTE');
    assert.equal(misplaced.status, 'error');
    assert.equal(misplaced.fixable, false);
  });

  test('config with redirection, desired file, changes as exact WebAdministration calls', () => {
    const r = json('audit-drift');
    assert.equal(r.config.configFile, '\\\\fs01\\IISConfig\\applicationHost.config');
    assert.equal(r.config.redirection.redirectionConfig, 'C:\\Windows\\System32\\inetsrv\\config\\redirection.config');
    assert.deepEqual(r.desired, { file: 'C:\\ProgramData\\ftps-enforcer\\desired.json', contentHash: 'beef'.padEnd(64, '0') });
    assert.equal(r.changes.length, 5);
    assert.deepEqual(r.changes[0], {
      id: 'server/lowDataChannelPort', site: null, scope: 'server', pspath: 'MACHINE/WEBROOT/APPHOST',
      filter: 'system.ftpServer/firewallSupport', name: 'lowDataChannelPort', value: 50000, current: 0, requiresRestart: true,
    });
    assert.equal(json('audit-compliant').config.redirection, null);
  });

  test('apply reports: outcome present, compliant means after the run', () => {
    const ok = json('apply-applied');
    assert.equal(ok.command, 'apply');
    assert.equal(ok.compliant, true);
    assert.equal(ok.exitCode, 0);
    assert.equal(ok.apply.status, 'applied');
    assert.equal(ok.apply.backupName, 'ftps-enforcer-20261125T030001Z');
    assert.deepEqual(ok.apply.restart, { policy: 'on-change', performed: true, at: '2026-11-25T03:00:09.100Z', reason: 'restart policy on-change: 5 change(s) take effect only once ftpsvc restarts' });
    assert.deepEqual(ok.apply.verification, { compliant: true, remaining: [] });
    const failed = json('apply-failed');
    assert.equal(failed.compliant, false);
    assert.equal(failed.exitCode, 1);
    assert.equal(failed.apply.rollback.succeeded, true);
    assert.match(failed.apply.error, /ftpsvc did not reach Running/);
  });

  test('host checks: hostCheck on the finding, hostActions, and the apply host step', () => {
    const audit = json('audit-host-checks');
    const host = audit.findings.find((f: any) => f.code === 'HOST');
    assert.equal(host.hostCheck, 'FIREWALL_INBOUND');
    assert.deepEqual(Object.keys(host).slice(0, 3), ['code', 'hostCheck', 'status']);
    assert.equal(audit.hostActions.length, 2);
    assert.deepEqual(Object.keys(audit).slice(-2), ['hostActions', 'apply']);
    const applied = json('apply-host-actions');
    assert.equal(applied.apply.host.ok, true);
    assert.equal(applied.apply.host.actions[0].done, 'created rule ftps-enforcer-inbound');
    assert.ok(!('host' in json('apply-applied').apply), 'no host key without a host step');
  });

  test('site names come back verbatim, whatever they contain', () => {
    const r = json('audit-hostile-names');
    assert.deepEqual(r.findings.map((f: any) => f.site), HOSTILE_NAMES);
    assert.deepEqual(r.findings.map((f: any) => f.current), HOSTILE_NAMES);
  });
});
