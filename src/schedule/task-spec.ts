/**
 * The scheduled task, as data (pure): what runs, as whom, when, and the
 * settings that keep a farm safe. The agent module turns it into
 * New-ScheduledTaskAction / -Trigger / -Principal / -SettingsSet and
 * Register-ScheduledTask; nothing here is PowerShell code.
 */
import { UserError } from '../core/errors.js';
import { windowsCommandLine } from './windows-args.js';
import { humanDuration, isoDuration } from './duration.js';

export type ScheduleMode = 'apply' | 'audit';

export const DEFAULT_TASK_PATH = '\\ftps-enforcer\\';
export const DEFAULT_TASK_NAME = 'Enforce IIS FTPS settings';

/** Task Scheduler's limits on a repetition interval (1 minute to 31 days). */
const MIN_INTERVAL = 60;
const MAX_INTERVAL = 31 * 86400;

export interface TaskOptions {
  intervalSeconds: number;
  mode: ScheduleMode;
  /** Absolute path of the desired-state file. */
  desiredPath: string;
  configPath?: string;
  /** How to start the agent (absolute paths): node.exe and the CLI script, or ftps-enforcer.exe alone. */
  program: string;
  cliScript?: string;
  taskPath?: string;
  taskName?: string;
  randomDelaySeconds?: number;
  timeLimitSeconds?: number;
  logFile?: string;
  /** First run of the interval trigger (ISO time); the boot trigger covers restarts. */
  startAt: string;
}

/** What Register-FtpsEnforcerTask receives (JSON). Durations are ISO 8601, as in task XML. */
export interface TaskSpec {
  taskPath: string;
  taskName: string;
  description: string;
  action: { execute: string; arguments: string; workingDirectory: string };
  principal: { userId: 'SYSTEM'; logonType: 'ServiceAccount'; runLevel: 'Highest' };
  triggers: {
    /** At startup, after a delay, so a rebooted server is corrected without waiting for the interval. */
    boot: { delay: string };
    /** From startAt, every interval, indefinitely, each run delayed by up to randomDelay. */
    repeat: { startAt: string; interval: string; randomDelay: string };
  };
  settings: { multipleInstances: 'IgnoreNew'; executionTimeLimit: string; startWhenAvailable: true };
}

export function buildTaskSpec(o: TaskOptions): TaskSpec {
  if (o.intervalSeconds < MIN_INTERVAL || o.intervalSeconds > MAX_INTERVAL) {
    throw new UserError(`--every ${humanDuration(o.intervalSeconds)} is outside what Task Scheduler repeats: give 1 minute to 31 days (e.g. --every 15m).`);
  }
  // Backends of one farm would otherwise restart ftpsvc at the same second: spread them over up to half the interval, 10 minutes at most.
  const randomDelay = o.randomDelaySeconds ?? Math.min(Math.floor(o.intervalSeconds / 2), 600);
  if (randomDelay >= o.intervalSeconds) {
    throw new UserError(`--random-delay ${humanDuration(randomDelay)} must be shorter than --every ${humanDuration(o.intervalSeconds)}, or runs would bunch up.`);
  }
  const timeLimit = o.timeLimitSeconds ?? 30 * 60;
  if (timeLimit < 60 || timeLimit > 72 * 3600) {
    throw new UserError(`--time-limit ${humanDuration(timeLimit)} is out of range; give 1 minute to 72 hours (a run takes seconds; the limit stops a hung one).`);
  }
  // `schedule run` is audit/apply plus the Application event log entries monitoring picks up.
  const args = [...(o.cliScript ? [o.cliScript] : []), 'schedule', 'run', '--mode', o.mode, '--desired', o.desiredPath, '--quiet'];
  if (o.configPath) args.push('--config', o.configPath);
  if (o.logFile) args.push('--log-file', o.logFile);
  const taskPath = o.taskPath ?? DEFAULT_TASK_PATH;
  if (!/^\\([^\\/:*?"<>|]+\\)*$/.test(taskPath)) {
    throw new UserError(`--task-path "${taskPath}" is not a Task Scheduler folder; write it like \\ftps-enforcer\\ (backslashes at both ends).`);
  }
  const taskName = o.taskName ?? DEFAULT_TASK_NAME;
  if (!/^[^\\/:*?"<>|]{1,200}$/.test(taskName)) {
    throw new UserError(`--task-name "${taskName}" has a character Task Scheduler refuses (\\ / : * ? " < > |); pick another name.`);
  }
  return {
    taskPath,
    taskName,
    description: `ftps-enforcer ${o.mode} of ${o.desiredPath} every ${humanDuration(o.intervalSeconds)} and at startup (installed by \`ftps-enforcer schedule install\`).`,
    action: { execute: o.program, arguments: windowsCommandLine(args), workingDirectory: dirnameWin(o.cliScript ?? o.program) },
    principal: { userId: 'SYSTEM', logonType: 'ServiceAccount', runLevel: 'Highest' },
    triggers: {
      boot: { delay: isoDuration(120) },
      repeat: { startAt: o.startAt, interval: isoDuration(o.intervalSeconds), randomDelay: isoDuration(randomDelay) },
    },
    settings: { multipleInstances: 'IgnoreNew', executionTimeLimit: isoDuration(timeLimit), startWhenAvailable: true },
  };
}

function dirnameWin(p: string): string {
  const i = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  return i > 0 ? p.slice(0, i) : p;
}
