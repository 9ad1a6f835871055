/**
 * `ftps-enforcer schedule` as a real process with real pwsh: the agent module's
 * task and ACL functions run against test doubles of ScheduledTasks (which
 * enforces Task Scheduler's documented constraints) and Get-Acl (Windows-shaped
 * security descriptors), both found through PSModulePath as on Windows.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cliPath, fixture, repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';
import { runCli } from '../../support/run-cli.js';
import { splitWindowsCommandLine } from '../../../src/schedule/windows-args.js';

class ScheduleLab {
  readonly dir = mkdtempSync(join(tmpdir(), 'ftps-schedule-'));
  readonly stateDir = join(this.dir, 'double-state');
  readonly aclFile = join(this.dir, 'acl.json');
  readonly configDir = join(this.dir, 'ProgramData', 'ftps-enforcer');
  readonly desired = join(this.configDir, 'desired.json');
  constructor() {
    mkdirSync(this.configDir, { recursive: true });
    copyFileSync(fixture('desired.json'), this.desired);
  }
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return pwshEnv({
      PSModulePath: `${join(repoRoot, 'test', 'doubles')}${delimiter}${process.env.PSModulePath ?? ''}`,
      FTPS_DOUBLE_STATE_DIR: this.stateDir,
      FTPS_DOUBLE_ACL_FILE: this.aclFile,
      ...extra,
    });
  }
  schedule(args: string[]) {
    return runCli(['schedule', ...args, '--powershell', findPwsh()], { env: this.env(), timeoutMs: 120_000 });
  }
  tasks(): any[] {
    const f = join(this.stateDir, 'scheduled-tasks.json');
    return existsSync(f) ? [JSON.parse(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''))].flat() : [];
  }
  cleanup() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('schedule install / status / remove', () => {
  const lab = new ScheduleLab();
  after(() => lab.cleanup());

  test('install registers the task as Task Scheduler would store it', () => {
    const r = lab.schedule(['install', '--every', '15m', '--desired', lab.desired]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Registered \\ftps-enforcer\\Enforce IIS FTPS settings: ftps-enforcer apply of /);
    const [task] = lab.tasks();
    assert.equal(task.TaskPath, '\\ftps-enforcer\\');
    assert.deepEqual(task.Principal, { UserId: 'SYSTEM', LogonType: 'ServiceAccount', RunLevel: 'Highest' });
    assert.deepEqual(task.Settings, { MultipleInstances: 'IgnoreNew', ExecutionTimeLimit: 'PT30M', StartWhenAvailable: true });
    assert.deepEqual(task.Triggers.map((t: any) => [t.Kind, t.Delay, t.Repetition?.Interval ?? null, t.RandomDelay]), [
      ['MSFT_TaskBootTrigger', 'PT2M', null, null],
      ['MSFT_TaskTimeTrigger', null, 'PT15M', 'PT7M30S'],
    ]);
    assert.equal(task.Triggers[1].Repetition.Duration, '', 'repeats indefinitely');
    assert.equal(task.Actions[0].Execute, process.execPath);
    assert.deepEqual(splitWindowsCommandLine(task.Actions[0].Arguments), [cliPath, 'schedule', 'run', '--mode', 'apply', '--desired', lab.desired, '--quiet']);
  });

  test('status shows it; install again replaces it (audit mode, 1h)', () => {
    const s = lab.schedule(['status']);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /^\\ftps-enforcer\\Enforce IIS FTPS settings: Ready, not yet run\n  runs as SYSTEM \(Highest\); at startup after PT2M; every PT15M with a random delay of up to PT7M30S/);
    const again = lab.schedule(['install', '--every', '1h', '--mode', 'audit', '--desired', lab.desired]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(lab.tasks().length, 1);
    assert.deepEqual(splitWindowsCommandLine(lab.tasks()[0].Actions[0].Arguments).slice(3, 5), ['--mode', 'audit']);
    const json = JSON.parse(lab.schedule(['status', '--format', 'json']).stdout);
    assert.equal(json.task.triggers[1].interval, 'PT1H');
  });

  test('remove deletes it; status then says how to install, exit 2', () => {
    assert.match(lab.schedule(['remove']).stdout, /^Removed the scheduled task/);
    assert.deepEqual(lab.tasks(), []);
    const s = lab.schedule(['status']);
    assert.equal(s.code, 2);
    assert.match(s.stdout, /^No scheduled task .*schedule install --every 15m/);
    assert.match(lab.schedule(['remove']).stdout, /^No scheduled task/);
  });
});

describe('schedule install refuses what it must', () => {
  const lab = new ScheduleLab();
  after(() => lab.cleanup());

  test('a desired-state file Users can modify: refused, naming who and why, nothing registered', () => {
    writeFileSync(lab.aclFile, JSON.stringify({
      [lab.desired]: { owner: 'BUILTIN\\Administrators', ownerSid: 'S-1-5-32-544', access: [
        { identity: 'NT AUTHORITY\\SYSTEM', sid: 'S-1-5-18', rights: 'FullControl', type: 'Allow', inherited: true, propagation: 'None' },
        { identity: 'BUILTIN\\Users', sid: 'S-1-5-32-545', rights: 'Modify, Synchronize', type: 'Allow', inherited: true, propagation: 'None' },
      ] },
    }));
    const r = lab.schedule(['install', '--every', '15m', '--desired', lab.desired]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: .*desired\.json can be changed by accounts that are not administrators, and the task would apply whatever it says as SYSTEM; .*icacls/);
    assert.match(r.stderr, /\n {2}BUILTIN\\Users can change or replace the file \(WriteData, AppendData, Delete on .*desired\.json\)\n/);
    assert.deepEqual(lab.tasks(), []);
  });

  test('an invalid desired-state file is refused before anything else', () => {
    const bad = join(lab.configDir, 'bad.json');
    writeFileSync(bad, '{"externalIp4Address":"ftp.example.com","lowDataChannelPort":50000,"highDataChannelPort":50099}');
    const r = lab.schedule(['install', '--every', '15m', '--desired', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /host name/);
  });

  test('an interval Task Scheduler cannot repeat is refused', () => {
    writeFileSync(lab.aclFile, '{}');
    const r = lab.schedule(['install', '--every', '30s', '--desired', lab.desired]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /1 minute to 31 days/);
  });
});
