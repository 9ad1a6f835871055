import type { CliCommand, GlobalOptions } from '../command.js';
import type { ScheduleArgs } from '../../schedule/run-schedule.js';

const ACTIONS = ['install', 'status', 'remove', 'run'] as const;

export const scheduleCommand: CliCommand<ScheduleArgs> = {
  command: 'schedule <action>',
  describe: 'Windows scheduled task running ftps-enforcer as SYSTEM at startup and every interval (install | status | remove); `run` is what the task executes (audit/apply plus event log).',
  builder: (y) =>
    y
      .positional('action', { choices: ACTIONS, describe: 'install, status, remove, or run (the task\'s own entry point)' })
      .option('every', { type: 'string', describe: 'Interval between runs, e.g. 15m, 1h [required for install]' })
      .option('mode', { choices: ['apply', 'audit'] as const, default: 'apply' as const, describe: 'install/run: fix drift (apply, the default) or only report it (audit)' })
      .option('desired', { type: 'string', describe: 'install/run: desired-state file (absolute path recommended; must be writable by administrators only)' })
      .option('config', { type: 'string', describe: 'install/run: applicationHost.config (default: IIS\'s own)' })
      .option('task-path', { type: 'string', describe: 'Task Scheduler folder (default \\ftps-enforcer\\)' })
      .option('task-name', { type: 'string', describe: 'Task name (default "Enforce IIS FTPS settings")' })
      .option('random-delay', { type: 'string', describe: 'install: spread runs over up to this long (default: half the interval, at most 10m)' })
      .option('time-limit', { type: 'string', describe: 'install: stop a run that takes longer (default 30m)' })
      .option('powershell', { type: 'string', describe: 'PowerShell executable (default powershell.exe on Windows, pwsh elsewhere)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'status: output format' }),
  examples: [
    ['$0 schedule install --every 15m --desired C:\\ProgramData\\ftps-enforcer\\desired.json', 'Enforce every 15 minutes as SYSTEM (mode apply: drift is fixed)'],
    ['$0 schedule install --every 1h --mode audit --desired C:\\ProgramData\\ftps-enforcer\\desired.json', 'Only report drift, to the event log, every hour'],
    ['$0 schedule status', 'Whether the task is installed, its last run and result'],
    ['$0 schedule remove', 'Remove the task'],
  ],
  run: async (args, io) => {
    if (args.action === 'run') {
      if (!args.desired) throw new (await import('../../core/errors.js')).UserError('schedule run needs --desired FILE.');
      const { runScheduledRun } = await import('../../schedule/scheduled-run.js');
      return runScheduledRun({ ...(args as ScheduleArgs & GlobalOptions), desired: args.desired }, io);
    }
    return (await import('../../schedule/run-schedule.js')).runScheduleCommand(args, io);
  },
};
