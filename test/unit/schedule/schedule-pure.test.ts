import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { humanDuration, isoDuration, parseDuration } from '../../../src/schedule/duration.js';
import { quoteWindowsArg, splitWindowsCommandLine, windowsCommandLine } from '../../../src/schedule/windows-args.js';
import { buildTaskSpec, type TaskOptions } from '../../../src/schedule/task-spec.js';
import { buildOneShotScript, encodeCommand } from '../../../src/schedule/agent-oneshot.js';
import { UserError } from '../../../src/core/errors.js';

describe('durations', () => {
  test('CLI forms and ISO 8601 both parse', () => {
    assert.equal(parseDuration('15m', '--every'), 900);
    assert.equal(parseDuration('1h30m', '--every'), 5400);
    assert.equal(parseDuration('90s', '--every'), 90);
    assert.equal(parseDuration('1d', '--every'), 86400);
    assert.equal(parseDuration('PT15M', '--every'), 900);
    assert.equal(parseDuration('P1DT2H', '--every'), 93600);
  });
  test('nonsense is refused naming the flag', () => {
    for (const bad of ['15', 'm15', '15 minutes', '', 'PT', '1h-5m']) {
      assert.throws(() => parseDuration(bad, '--every'), (e: unknown) => e instanceof UserError && e.message.startsWith(`--every "${bad}" is not a duration`));
    }
  });
  test('ISO output is what Task Scheduler writes, and parses back', () => {
    assert.equal(isoDuration(900), 'PT15M');
    assert.equal(isoDuration(5400), 'PT1H30M');
    assert.equal(isoDuration(86400), 'P1D');
    assert.equal(isoDuration(0), 'PT0S');
    fc.assert(fc.property(fc.integer({ min: 0, max: 40 * 86400 }), (s) => parseDuration(isoDuration(s), 'x') === s));
    assert.equal(humanDuration(5400), '1 h 30 min');
  });
});

describe('Windows command lines', () => {
  test('quotes only what needs it, with CommandLineToArgvW\'s backslash rules', () => {
    assert.equal(quoteWindowsArg('apply'), 'apply');
    assert.equal(quoteWindowsArg('C:\\Program Files\\ftps\\desired.json'), '"C:\\Program Files\\ftps\\desired.json"');
    assert.equal(quoteWindowsArg('C:\\dir with space\\'), '"C:\\dir with space\\\\"');
    assert.equal(quoteWindowsArg('say "hi"'), '"say \\"hi\\""');
    assert.equal(quoteWindowsArg(''), '""');
  });
  test('any argument list survives the round trip', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ' ', '\\', '"', '\t', 'é', ':', '$') })), (args) => {
      assert.deepEqual(splitWindowsCommandLine(windowsCommandLine(args)), args);
    }));
  });
});

describe('task spec', () => {
  const base: TaskOptions = { intervalSeconds: 900, mode: 'apply', desiredPath: 'C:\\ProgramData\\ftps-enforcer\\desired.json', program: 'C:\\Program Files\\nodejs\\node.exe', cliScript: 'C:\\Program Files\\ftps-enforcer\\dist\\src\\cli\\main.js', startAt: '2026-11-25T04:00:00.000Z' };

  test('SYSTEM, highest privileges, startup + interval, random delay, IgnoreNew, time limit', () => {
    const s = buildTaskSpec(base);
    assert.deepEqual(s.principal, { userId: 'SYSTEM', logonType: 'ServiceAccount', runLevel: 'Highest' });
    assert.deepEqual(s.triggers, { boot: { delay: 'PT2M' }, repeat: { startAt: base.startAt, interval: 'PT15M', randomDelay: 'PT7M30S' } });
    assert.deepEqual(s.settings, { multipleInstances: 'IgnoreNew', executionTimeLimit: 'PT30M', startWhenAvailable: true });
    assert.equal(s.taskPath, '\\ftps-enforcer\\');
    assert.equal(s.action.execute, base.program);
    assert.deepEqual(splitWindowsCommandLine(s.action.arguments), [base.cliScript, 'schedule', 'run', '--mode', 'apply', '--desired', base.desiredPath, '--quiet']);
  });

  test('the single executable: started alone, from its own folder', () => {
    const s = buildTaskSpec({ ...base, program: 'C:\\Program Files\\ftps-enforcer\\ftps-enforcer.exe', cliScript: undefined });
    assert.equal(s.action.execute, 'C:\\Program Files\\ftps-enforcer\\ftps-enforcer.exe');
    assert.deepEqual(splitWindowsCommandLine(s.action.arguments), ['schedule', 'run', '--mode', 'apply', '--desired', base.desiredPath, '--quiet']);
    assert.equal(s.action.workingDirectory, 'C:\\Program Files\\ftps-enforcer');
  });

  test('random delay: half the interval, capped at 10 minutes; explicit values kept', () => {
    assert.equal(buildTaskSpec({ ...base, intervalSeconds: 3600 }).triggers.repeat.randomDelay, 'PT10M');
    assert.equal(buildTaskSpec({ ...base, randomDelaySeconds: 60 }).triggers.repeat.randomDelay, 'PT1M');
  });

  test('audit mode, config and log file reach the command line', () => {
    const s = buildTaskSpec({ ...base, mode: 'audit', configPath: '\\\\fs\\iis\\applicationHost.config', logFile: 'C:\\logs\\ftps enforcer.log' });
    assert.deepEqual(splitWindowsCommandLine(s.action.arguments).slice(3), ['--mode', 'audit', '--desired', base.desiredPath, '--quiet', '--config', '\\\\fs\\iis\\applicationHost.config', '--log-file', 'C:\\logs\\ftps enforcer.log']);
  });

  const refused: Array<[Partial<TaskOptions>, RegExp]> = [
    [{ intervalSeconds: 30 }, /1 minute to 31 days/],
    [{ intervalSeconds: 32 * 86400 }, /1 minute to 31 days/],
    [{ randomDelaySeconds: 900 }, /must be shorter than --every/],
    [{ timeLimitSeconds: 10 }, /--time-limit/],
    [{ taskPath: 'ftps-enforcer' }, /backslashes at both ends/],
    [{ taskName: 'a/b' }, /character Task Scheduler refuses/],
  ];
  for (const [patch, message] of refused) {
    test(`refuses ${JSON.stringify(patch)}`, () => {
      assert.throws(() => buildTaskSpec({ ...base, ...patch }), (e: unknown) => e instanceof UserError && message.test(e.message));
    });
  }
});

describe('one-shot agent script', () => {
  test('fixed setup, allow-listed call lines, data only as base64', () => {
    const s = buildOneShotScript([{ fn: 'Get-FtpsEnforcerTask', payload: { taskName: "x'; Remove-Item C:\\ -Recurse; '$(evil)" } }]);
    const lines = s.split('\n');
    assert.equal(lines[3], 'Import-Module -Name $env:FTPS_ENFORCER_AGENT_MODULE -Force');
    assert.match(lines[4]!, /^Get-FtpsEnforcerTask -PayloadBase64 '[A-Za-z0-9+/]+=*'$/);
    assert.ok(!s.includes('evil') && !s.includes('Remove-Item'));
    assert.throws(() => buildOneShotScript([{ fn: 'Invoke-Expression' as never, payload: {} }]), /not a schedule agent function/);
    assert.equal(Buffer.from(encodeCommand(s), 'base64').toString('utf16le'), s);
  });
});

describe('status text', () => {
  test('says how to install when there is no task, and reads Task Scheduler\'s "not yet run" code', async () => {
    const { renderStatus } = await import('../../../src/schedule/render-status.js');
    const where = { taskPath: '\\ftps-enforcer\\', taskName: 'Enforce IIS FTPS settings' };
    assert.match(renderStatus({ ok: true, exists: false }, where), /^No scheduled task \\ftps-enforcer\\Enforce IIS FTPS settings; install it with/);
    const task = { taskPath: where.taskPath, taskName: where.taskName, state: 'Ready', userId: 'SYSTEM', runLevel: 'Highest', multipleInstances: 'IgnoreNew', executionTimeLimit: 'PT30M', actions: [{ execute: 'node.exe', arguments: 'main.js schedule run' }], triggers: [{ kind: 'MSFT_TaskBootTrigger', interval: null, delay: 'PT2M', randomDelay: null }, { kind: 'MSFT_TaskTimeTrigger', interval: 'PT15M', delay: null, randomDelay: 'PT5M' }], lastRunTime: null, lastTaskResult: 267011, nextRunTime: null };
    assert.match(renderStatus({ ok: true, exists: true, task }, where), /Ready, not yet run\n {2}runs as SYSTEM \(Highest\); at startup after PT2M; every PT15M with a random delay of up to PT5M/);
    assert.match(renderStatus({ ok: true, exists: true, task: { ...task, lastTaskResult: 2, lastRunTime: '2026-11-25T03:00:00Z' } }, where), /last result 2 at 2026-11-25T03:00:00Z \(0 = compliant or applied, 2 = drift, 1 = error\)/);
  });
});
