import type { CliCommand, GlobalOptions } from '../command.js';
import type { ScheduleArgs } from '../../schedule/run-schedule.js';

const ACTIONS = ['install', 'status', 'remove', 'run'] as const;

export const scheduleCommand: CliCommand<ScheduleArgs> = {
  command: 'schedule <action>',
  describe: 'Windows scheduled task running ftps-enforcer as SYSTEM at startup and every interval (install | status | remove); `run` is what the task executes (audit/apply plus event log).',
  builder: (y) =>
    y
      .positional('action', { choices: ACTIONS, describe: 'install, status, remove, or run (the task\'s own entry point)' })
      .option('every', { type: 'string', describe: 'install: interval, e.g. 15m, 1h' })
      .option('mode', { choices: ['apply', 'audit'] as const, default: 'apply' as const, describe: 'install/run: fix drift (apply) or only report it (audit)' })
      .option('desired', { type: 'string', describe: 'install/run: desired-state file (absolute path recommended; must be writable by administrators only)' })
      .option('config', { type: 'string', describe: 'install/run: applicationHost.config (default: IIS\'s own)' })
      .option('task-path', { type: 'string', describe: 'Task Scheduler folder (default \\ftps-enforcer\\)' })
      .option('task-name', { type: 'string', describe: 'Task name (default "Enforce IIS FTPS settings")' })
      .option('random-delay', { type: 'string', describe: 'install: spread runs over up to this long (default: half the interval, at most 10m)' })
      .option('time-limit', { type: 'string', describe: 'install: stop a run that takes longer (default 30m)' })
      .option('powershell', { type: 'string', describe: 'PowerShell executable (default powershell.exe on Windows, pwsh elsewhere)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'status: output format' }),
  run: async (args, io) => {
    if (args.action === 'run') {
      if (!args.desired) throw new (await import('../../core/errors.js')).UserError('schedule run needs --desired FILE.');
      const { runScheduledRun } = await import('../../schedule/scheduled-run.js');
      return runScheduledRun({ ...(args as ScheduleArgs & GlobalOptions), desired: args.desired }, io);
    }
    return (await import('../../schedule/run-schedule.js')).runScheduleCommand(args, io);
  },
};
