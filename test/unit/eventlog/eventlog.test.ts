import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { eventsForRun } from '../../../src/eventlog/events-for-run.js';
import { eventcreateArgs, eventcreateExecutable } from '../../../src/eventlog/eventcreate.js';
import { EVENTS } from '../../../src/eventlog/event-ids.js';

const config = { configFile: 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config' };
const drift = [{ code: 'PORT_RANGE', status: 'drift', site: null, setting: 'lowDataChannelPort', current: 0, desired: 50000 }, { code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: 'Partner FTP', setting: 'externalIp4Address', current: null, desired: '203.0.113.10' }];

describe('events for a run', () => {
  test('IDs are stable, unique and within eventcreate\'s 1..1000', () => {
    const ids = Object.values(EVENTS).map((e) => e.id);
    assert.deepEqual(ids, [100, 200, 210, 300, 310, 400]);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('compliant, nothing changed: no event (a no-drift run starts no process)', () => {
    assert.deepEqual(eventsForRun({ mode: 'audit', exitCode: 0, report: { compliant: true, config, findings: [] } }), []);
    assert.deepEqual(eventsForRun({ mode: 'apply', exitCode: 0, report: { compliant: true, config, findings: [], apply: { status: 'nothing-to-do', restart: { performed: false } } } }), []);
  });

  test('audit with drift: one warning 100 listing each setting', () => {
    const [e, ...rest] = eventsForRun({ mode: 'audit', exitCode: 2, report: { compliant: false, config, findings: drift } });
    assert.equal(rest.length, 0);
    assert.equal(e!.id, 100);
    assert.equal(e!.type, 'WARNING');
    assert.match(e!.description, /found 2 setting\(s\) that differ .* in C:\\Windows\\System32\\inetsrv\\config\\applicationHost\.config:/);
    assert.match(e!.description, /server lowDataChannelPort: 0 \(desired 50000\)/);
    assert.match(e!.description, /site "Partner FTP" externalIp4Address: \(not set\) \(desired 203\.0\.113\.10\)/);
  });

  test('applied with a restart: 200 then 210', () => {
    const ev = eventsForRun({ mode: 'apply', exitCode: 0, report: { config, changes: [{ site: null, name: 'lowDataChannelPort', current: 0, value: 50000 }], apply: { status: 'applied', backupName: 'ftps-enforcer-1', restart: { performed: true, reason: 'a firewallSupport setting changed', at: '2026-11-25T03:00:00Z' } } } });
    assert.deepEqual(ev.map((e) => [e.id, e.type]), [[200, 'INFORMATION'], [210, 'INFORMATION']]);
    assert.match(ev[0]!.description, /applied and verified 1 change\(s\).*\(backup ftps-enforcer-1\):\nserver lowDataChannelPort: 0 -> 50000/);
  });

  test('failed and rolled back: 300; rollback failed: 310 with the restore command', () => {
    const ok = eventsForRun({ mode: 'apply', exitCode: 1, report: { apply: { status: 'failed', backupName: 'b1', error: 'Set failed.', rollback: { attempted: true, succeeded: true } } } });
    assert.deepEqual(ok.map((e) => e.id), [300]);
    const bad = eventsForRun({ mode: 'apply', exitCode: 1, report: { apply: { status: 'failed', backupName: 'b1', error: 'Set failed.', rollback: { attempted: true, succeeded: false, message: 'file locked' } } } });
    assert.deepEqual(bad.map((e) => e.id), [310]);
    assert.match(bad[0]!.description, /Restore-WebConfiguration -Name b1/);
  });

  test('no report at all (bad desired state): 400 with the error sentence', () => {
    const [e] = eventsForRun({ mode: 'apply', exitCode: 1, error: 'desired.json has 2 problems; fix them and run again.' });
    assert.equal(e!.id, 400);
    assert.match(e!.description, /could not run: desired\.json has 2 problems/);
  });

  test('long lists are cut so the event stays readable', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...drift[0]!, setting: `s${i}` }));
    const [e] = eventsForRun({ mode: 'audit', exitCode: 2, report: { findings: many } });
    assert.match(e!.description, /\.\.\. and 30 more \(see the report\)$/);
  });
});

describe('eventcreate command line', () => {
  test('the exact argument vector, newlines folded, no shell', () => {
    const args = eventcreateArgs({ name: 'DriftFound', id: 100, type: 'WARNING', description: 'a\nb "c" & d' });
    assert.deepEqual(args, ['/L', 'APPLICATION', '/T', 'WARNING', '/SO', 'ftps-enforcer', '/ID', '100', '/D', 'a | b "c" & d']);
  });
  test('IDs outside 1..1000 are a bug', () => {
    assert.throws(() => eventcreateArgs({ name: 'RunError', id: 1001, type: 'ERROR', description: 'x' }), /1 to 1000/);
  });
  test('eventcreate.exe on Windows, nothing elsewhere, an override for stand-ins', () => {
    assert.equal(eventcreateExecutable({}, 'win32'), 'eventcreate.exe');
    assert.equal(eventcreateExecutable({}, 'linux'), undefined);
    assert.equal(eventcreateExecutable({ FTPS_ENFORCER_EVENTCREATE: '/x/eventcreate' }, 'linux'), '/x/eventcreate');
  });
});
