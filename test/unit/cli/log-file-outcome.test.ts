/** --log-file records how every run ended, errors included (issue 19 item 1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { CaptureStream } from '../../../src/cli/capture-stream.js';
import { fixture } from '../../support/paths.js';
import { isLogFileOrAbsent } from '../../../src/log/outcome-log.js';

async function runLogged(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-logfile-'));
  const log = join(dir, 'run.log');
  const stderr = new CaptureStream();
  const code = await main([...args, '--log-file', log], { stdout: new CaptureStream(), stderr, cwd: dir, env: {}, platform: 'linux' });
  const entries = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, dir, entries, last: entries.at(-1)!, stderr: stderr.text };
}

test('a bad desired-state file: the log ends with the error and its detail lines, as stderr showed them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-desired-'));
  const bad = join(dir, 'desired.json');
  writeFileSync(bad, '{ "externalIp4Address": "300.1.1.1", "lowDataChannelPort": 80, "highDataChannelPort": 70 }');
  const r = await runLogged(['audit', '--config', fixture('broken-backend', 'applicationHost.config'), '--desired', bad]);
  assert.equal(r.code, 1);
  assert.equal(r.last.level, 'error');
  assert.equal(r.last.exitCode, 1);
  assert.equal(r.last.command, 'audit');
  assert.match(String(r.last.message), /has \d+ problems/);
  assert.ok(Array.isArray(r.last.details) && (r.last.details as string[]).some((d) => /300\.1\.1\.1/.test(d)), JSON.stringify(r.last));
});

test('a truncated configuration and a bad command line are logged too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-config-'));
  const cut = join(dir, 'applicationHost.config');
  writeFileSync(cut, readFileSync(fixture('broken-backend', 'applicationHost.config'), 'utf8').slice(0, 400));
  const r = await runLogged(['audit', '--config', cut, '--desired', fixture('desired.json')]);
  assert.equal(r.last.level, 'error');
  assert.match(String(r.last.message), /applicationHost\.config/);
  const typo = await runLogged(['audit', '--desierd', fixture('desired.json')]);
  assert.equal(typo.last.level, 'error');
  assert.match(String(typo.last.message), /did you mean --desired/);
});

test('a run that ends normally logs its exit code', async () => {
  const r = await runLogged(['audit', '--config', fixture('broken-backend', 'applicationHost.config'), '--desired', fixture('desired.json')]);
  assert.equal(r.code, 2);
  assert.equal(r.last.exitCode, 2);
  assert.equal(r.last.level, 'info');
  assert.match(String(r.last.message), /audit finished with exit code 2/);
});

test('a run that fails before its outputs are checked never appends its outcome to a file that is not a log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-logfile-input-'));
  const config = join(dir, 'applicationHost.config');
  const desired = join(dir, 'desired.json');
  writeFileSync(config, readFileSync(fixture('broken-backend', 'applicationHost.config')));
  writeFileSync(desired, readFileSync(fixture('desired.json')));
  const before = [readFileSync(config), readFileSync(desired)];
  const io = () => ({ stdout: new CaptureStream(), stderr: new CaptureStream(), cwd: dir, env: {}, platform: 'linux' as const });
  // A typo in an option (yargs fails before any command runs), then the refusal itself (the log file is the configuration).
  assert.equal(await main(['audit', '--config', config, '--desierd', desired, '--log-file', config], io()), 1);
  assert.equal(await main(['audit', '--config', config, '--desired', desired, '--log-file', 'desired.json'], io()), 1);
  assert.equal(await main(['audit', '--config', config, '--desired', desired, '--log-file', config], io()), 1);
  assert.deepEqual([readFileSync(config), readFileSync(desired)], before);
});

test('the outcome goes into a log this tool wrote, and into no other file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-logfile-kind-'));
  const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
  assert.equal(isLogFileOrAbsent(join(dir, 'absent.log')), true);
  assert.equal(isLogFileOrAbsent(file('empty.log', '')), true);
  assert.equal(isLogFileOrAbsent(file('ours.log', '{"level":"info","message":"m","timestamp":"2026-01-01T00:00:00.000Z"}\n')), true);
  assert.equal(isLogFileOrAbsent(file('config.xml', '<configuration/>\n')), false);
  assert.equal(isLogFileOrAbsent(file('desired.json', '{"externalIp4Address":"203.0.113.10"}\n')), false);
  assert.equal(isLogFileOrAbsent(dir), false);
});
