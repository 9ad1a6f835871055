/**
 * `schedule run` (what the task executes) and the Application event log: the
 * Windows path is taken through FTPS_ENFORCER_EVENTCREATE, pointed at a
 * stand-in that records each argument vector eventcreate.exe would receive.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../support/paths.js';
import { runCli } from '../../support/run-cli.js';
import { ApplyLab, desiredFile } from '../apply/harness.js';

function eventcreateStandIn() {
  const dir = mkdtempSync(join(tmpdir(), 'eventcreate-'));
  const log = join(dir, 'calls.jsonl');
  const exe = join(dir, 'eventcreate');
  writeFileSync(exe, `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\nconsole.log('SUCCESS: An event of type was created.');\n`);
  chmodSync(exe, 0o755);
  return {
    env: { FTPS_ENFORCER_EVENTCREATE: exe },
    calls: (): string[][] => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []),
  };
}
const idOf = (args: string[]) => [args[args.indexOf('/ID') + 1], args[args.indexOf('/T') + 1], args[args.indexOf('/SO') + 1]];

describe('schedule run --mode audit', () => {
  test('drift: exit 2, one warning event 100 from source ftps-enforcer', () => {
    const ev = eventcreateStandIn();
    const r = runCli(['schedule', 'run', '--mode', 'audit', '--desired', fixture('desired.json'), '--config', fixture('broken-backend', 'applicationHost.config')], { env: ev.env });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(JSON.parse(r.stdout).compliant, false);
    const calls = ev.calls();
    assert.deepEqual(calls.map(idOf), [['100', 'WARNING', 'ftps-enforcer']]);
    assert.deepEqual(calls[0]!.slice(0, 2), ['/L', 'APPLICATION']);
    assert.match(calls[0]![calls[0]!.indexOf('/D') + 1]!, /lowDataChannelPort: 0 \(desired 50000\)/);
  });

  test('compliant: exit 0 and eventcreate is never started', () => {
    const ev = eventcreateStandIn();
    const r = runCli(['schedule', 'run', '--mode', 'audit', '--desired', fixture('desired.json'), '--config', fixture('fixed-backend', 'applicationHost.config')], { env: ev.env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ev.calls(), []);
  });

  test('a run that cannot start (missing desired-state file): exit 1, error event 400, the error on stderr', () => {
    const ev = eventcreateStandIn();
    const r = runCli(['schedule', 'run', '--mode', 'audit', '--desired', fixture('nope.json'), '--config', fixture('fixed-backend', 'applicationHost.config')], { env: ev.env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: .*nope\.json/m);
    assert.deepEqual(ev.calls().map(idOf), [['400', 'ERROR', 'ftps-enforcer']]);
  });
});

describe('schedule run --mode apply (real pwsh, WebAdministration double)', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());

  test('fixes drift: events 200 (applied) and 210 (restart); a second run writes nothing', async () => {
    const ev = eventcreateStandIn();
    const r = await lab.cli(['schedule', 'run', '--mode', 'apply', '--desired', desiredFile, '--config', lab.configFile, '--powershell', lab.wrapper], ev.env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ev.calls().map(idOf), [['200', 'INFORMATION', 'ftps-enforcer'], ['210', 'INFORMATION', 'ftps-enforcer']]);
    assert.equal(lab.service().restartCount, 1);
    const again = await lab.cli(['schedule', 'run', '--mode', 'apply', '--desired', desiredFile, '--config', lab.configFile, '--powershell', lab.wrapper], ev.env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(ev.calls().length, 2, 'no event for a run with nothing to do');
    assert.equal(lab.pwshStarts(), 1, 'and no PowerShell either');
  });
});

describe('schedule run --mode apply that fails', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());

  test('exit 1 and error event 300 (rolled back)', async () => {
    const ev = eventcreateStandIn();
    lab.setService({ failSetOnCall: 2 });
    const r = await lab.cli(['schedule', 'run', '--mode', 'apply', '--desired', desiredFile, '--config', lab.configFile, '--powershell', lab.wrapper], ev.env);
    assert.equal(r.code, 1);
    const calls = ev.calls();
    assert.deepEqual(calls.map(idOf), [['300', 'ERROR', 'ftps-enforcer']]);
    assert.match(calls[0]![calls[0]!.indexOf('/D') + 1]!, /restored the previous configuration from backup ftps-enforcer-/);
  });
});

describe('audit and apply with --event-log (the same events, for a run started by hand)', () => {
  test('audit --event-log with drift: the text report on stdout, and event 100', () => {
    const ev = eventcreateStandIn();
    const r = runCli(['audit', '--event-log', '--desired', fixture('desired.json'), '--config', fixture('broken-backend', 'applicationHost.config')], { env: ev.env });
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stdout, /^\{/, 'the format asked for (text), not the JSON the events are made from');
    const calls = ev.calls();
    assert.deepEqual(calls.map(idOf), [['100', 'WARNING', 'ftps-enforcer']]);
    assert.match(calls[0]![calls[0]!.indexOf('/D') + 1]!, /lowDataChannelPort: 0 \(desired 50000\)/);
  });

  test('audit without --event-log writes no event', () => {
    const ev = eventcreateStandIn();
    const r = runCli(['audit', '--desired', fixture('desired.json'), '--config', fixture('broken-backend', 'applicationHost.config')], { env: ev.env });
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(ev.calls(), []);
  });

  test('audit --event-log that cannot start: exit 1, event 400, the error still on stderr', () => {
    const ev = eventcreateStandIn();
    const r = runCli(['audit', '--event-log', '--desired', fixture('nope.json'), '--config', fixture('fixed-backend', 'applicationHost.config')], { env: ev.env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: .*nope\.json/m);
    const calls = ev.calls();
    assert.deepEqual(calls.map(idOf), [['400', 'ERROR', 'ftps-enforcer']]);
    assert.match(calls[0]![calls[0]!.indexOf('/D') + 1]!, /nope\.json/);
  });
});

describe('apply --event-log (real pwsh, WebAdministration double)', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());

  test('events 200 and 210 after a fix; nothing on the compliant second run', async () => {
    const ev = eventcreateStandIn();
    const r = await lab.cli(['apply', '--event-log', '--desired', desiredFile, '--config', lab.configFile, '--powershell', lab.wrapper], ev.env);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ev.calls().map(idOf), [['200', 'INFORMATION', 'ftps-enforcer'], ['210', 'INFORMATION', 'ftps-enforcer']]);
    const again = await lab.cli(['apply', '--event-log', '--desired', desiredFile, '--config', lab.configFile, '--powershell', lab.wrapper], ev.env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(ev.calls().length, 2);
  });
});
