import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../../src/render/index.js';
import { quoted } from '../../../src/render/summary.js';
import { REPORTS, HOSTILE_NAMES, driftPlan } from './sample-plans.js';

const ESC = '\u001b';
const text = (name: string, color = false) => renderReport(REPORTS[name]!, 'text', { color });

describe('text report', () => {
  test('no ANSI code anywhere without colour, for every sample (hostile names included)', () => {
    for (const name of Object.keys(REPORTS)) assert.ok(!text(name).includes(ESC), `${name} has an escape character`);
  });

  test('colour adds red/green/yellow SGR codes and nothing else', () => {
    const colored = text('audit-drift', true);
    assert.ok(colored.includes(`${ESC}[31m`) && colored.includes(`${ESC}[32m`) && colored.includes(`${ESC}[33m`));
    assert.equal(colored.replace(/\u001b\[\d+m/g, ''), text('audit-drift'));
  });

  test('one line per drift with current → desired, the message below, the location when known', () => {
    const lines = text('audit-drift').split('\n');
    const i = lines.indexOf('  ~ site "Partner FTP"  externalIp4Address: 10.0.1.11 → 203.0.113.10');
    assert.ok(i > 0, 'the drift line');
    assert.match(lines[i + 1]!, /^ {6}Site "Partner FTP" advertises 10\.0\.1\.11 \(the site's own value/);
    assert.equal(lines[i + 2], '      at \\\\fs01\\IISConfig\\ftp-sites.config:14:9');
    assert.equal(lines.filter((l) => l.startsWith('  ~ ')).length, driftPlan.checks.filter((c) => c.status === 'drift').length);
  });

  test('header names the file read and the shared-configuration redirection', () => {
    const t = text('audit-drift');
    assert.match(t, /^Configuration: \\\\fs01\\IISConfig\\applicationHost\.config$/m);
    assert.match(t, /^ {2}shared configuration: C:\\Windows\\System32\\inetsrv\\config\\redirection\.config redirects to \\\\fs01\\IISConfig\\applicationHost\.config$/m);
  });

  test('a drift line fixed by a siteDefaults change another line needs says so, and the summary adds up', () => {
    const t = text('audit-drift');
    assert.match(t, /~ site "Upload FTP"  externalIp4Address: \(not set\) → 203\.0\.113\.10\n.*\n {6}fixed by the siteDefaults change for siteDefaults externalIp4Address above \(no write of its own\)\n/);
    assert.match(t, /\n6 drifts, 5 to change, /);
  });

  test('audit says ftpsvc "would be restarted"; nothing reads as done', () => {
    assert.match(text('audit-drift'), /^ {2}ftpsvc: would be restarted once after the changes/m);
    assert.doesNotMatch(text('audit-drift'), /ftpsvc: restarted/);
  });

  test('names are shown as they are, in quotes, not JSON-escaped', () => {
    const t = text('audit-hostile-names');
    assert.ok(t.includes('! site "<script>alert(1)</script> & "quotes""  '), 'quotes inside a name are not backslash-escaped');
    assert.ok(!t.includes('! site "<script>alert(1)</script> & \\"quotes\\""'), 'no JSON escaping of the name');
  });

  test('the host the report comes from is in the header', () => {
    assert.match(text('audit-drift'), /^ftps-enforcer audit on IIS-WEB1 \(/);
  });

  test('summary line with counts and the exit code', () => {
    assert.match(text('audit-drift'), /\n6 drifts, 5 to change, 1 warning, 1 error; exit code 2\n$/);
    assert.match(text('audit-compliant'), /\n0 to change, 1 warning; exit code 0\n$/);
    assert.match(text('apply-applied'), /\n5 changed, 1 warning; exit code 0\n$/);
    assert.match(text('apply-failed'), /\napply failed, rolled back, 1 warning; exit code 1\n$/);
  });

  test('apply reports say what changed, the backup, the restart, the rollback and the verification', () => {
    const ok = text('apply-applied');
    assert.match(ok, /^Apply: applied \(/m);
    assert.match(ok, /backup: ftps-enforcer-20261125T030001Z/);
    assert.match(ok, /✓ site "Partner FTP"  externalIp4Address = 203\.0\.113\.10; read back 203\.0\.113\.10/);
    assert.match(ok, /restart: ftpsvc restarted, running again at 2026-11-25T03:00:09\.100Z \(policy on-change\): restart policy on-change: 5 change\(s\) take effect only once ftpsvc restarts/);
    assert.match(ok, /verification: the configuration re-read from disk matches the desired state/);
    const failed = text('apply-failed');
    assert.match(failed, /^Apply: FAILED/m);
    assert.match(failed, /error: ftpsvc did not reach Running within 30 seconds/);
    assert.match(failed, /rollback: succeeded, the previous configuration is back and ftpsvc is as it was: the configuration was restored/);
  });

  test('hostile site names cannot add lines or reach the terminal', () => {
    const t = text('audit-hostile-names');
    const lines = t.split('\n');
    for (const name of HOSTILE_NAMES) {
      assert.ok(t.includes(`site ${quoted(name)}`), `site ${quoted(name)} shown quoted`);
    }
    // Each finding is exactly two lines (head + message); no name splits a line.
    const heads = lines.filter((l) => /^ {2}[~x!] /.test(l));
    assert.equal(heads.length, HOSTILE_NAMES.length);
    for (const l of lines) assert.doesNotMatch(l, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});
