/** `schedule install | status | remove`: the flows, over the agent module's task and ACL calls. */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { ExitCode, UserError } from '../core/errors.js';
import { loadDesiredState } from '../desired/load-desired.js';
import { selfCommand } from '../package-file.js';
import { assessAcl, type ObjectAcl } from './acl-decision.js';
import { runAgentOneShot, type AgentCall } from './agent-oneshot.js';
import { parseDuration } from './duration.js';
import { buildTaskSpec, DEFAULT_TASK_NAME, DEFAULT_TASK_PATH, type ScheduleMode } from './task-spec.js';
import { renderStatus, type TaskStatus } from './render-status.js';

export interface ScheduleArgs {
  action: 'install' | 'status' | 'remove' | 'run';
  every?: string;
  mode: ScheduleMode;
  desired?: string;
  config?: string;
  taskPath?: string;
  taskName?: string;
  randomDelay?: string;
  timeLimit?: string;
  powershell?: string;
  format: 'text' | 'json';
}

interface AgentAnswer { ok: boolean; error?: string }

function agent(args: ScheduleArgs, io: CliIo, calls: AgentCall[]) {
  return runAgentOneShot(calls, { executable: args.powershell, env: io.env, cwd: io.cwd, platform: io.platform });
}

function expectOk(r: unknown): asserts r is AgentAnswer {
  const a = r as AgentAnswer;
  if (!a || a.ok !== true) throw new UserError(`${a?.error ?? 'The agent module gave no answer'}; run it from an elevated prompt on the IIS server.`);
}

export async function runScheduleCommand(args: ScheduleArgs & GlobalOptions, io: CliIo): Promise<number> {
  const where = { taskPath: args.taskPath ?? DEFAULT_TASK_PATH, taskName: args.taskName ?? DEFAULT_TASK_NAME };
  if (args.action === 'status') {
    const [r] = await agent(args, io, [{ fn: 'Get-FtpsEnforcerTask', payload: where }]);
    expectOk(r);
    const status = r as unknown as TaskStatus;
    io.stdout.write(args.format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status, where));
    return status.exists ? ExitCode.Compliant : ExitCode.Drift;
  }
  if (args.action === 'remove') {
    const [r] = await agent(args, io, [{ fn: 'Unregister-FtpsEnforcerTask', payload: where }]);
    expectOk(r);
    const removed = (r as unknown as { removed: boolean }).removed;
    io.stdout.write(removed ? `Removed the scheduled task ${where.taskPath}${where.taskName}.\n` : `No scheduled task ${where.taskPath}${where.taskName} to remove.\n`);
    return ExitCode.Compliant;
  }
  return install(args, io, where);
}

async function install(args: ScheduleArgs & GlobalOptions, io: CliIo, where: { taskPath: string; taskName: string }): Promise<number> {
  if (!args.desired) throw new UserError('schedule install needs --desired FILE: the desired-state file the task enforces.');
  if (!args.every) throw new UserError('schedule install needs --every, e.g. --every 15m.');
  const desiredPath = isAbsolute(args.desired) ? args.desired : resolve(io.cwd, args.desired);
  if (!existsSync(desiredPath)) throw new UserError(`The desired-state file ${desiredPath} does not exist; write it first (see schema/desired-state.schema.json).`);
  // A file with mistakes would fail every 15 minutes as SYSTEM: refuse it now, with the same messages as audit.
  loadDesiredState(desiredPath);
  const self = selfCommand();
  const configPath = args.config ? (isAbsolute(args.config) ? args.config : resolve(io.cwd, args.config)) : undefined;
  const spec = buildTaskSpec({
    intervalSeconds: parseDuration(args.every, '--every'),
    mode: args.mode,
    desiredPath,
    configPath,
    // The task starts exactly this installation: ftps-enforcer.exe, or node with this CLI script.
    program: self.execute,
    cliScript: self.script,
    taskPath: where.taskPath,
    taskName: where.taskName,
    randomDelaySeconds: args.randomDelay ? parseDuration(args.randomDelay, '--random-delay') : undefined,
    timeLimitSeconds: args.timeLimit ? parseDuration(args.timeLimit, '--time-limit') : undefined,
    logFile: args.logFile ? resolve(io.cwd, args.logFile) : undefined,
    startAt: new Date(Date.now() + 60_000).toISOString(),
  });

  const [aclAnswer] = await agent(args, io, [{ fn: 'Get-FtpsFileAcl', payload: { paths: [desiredPath, dirname(desiredPath)] } }]);
  expectOk(aclAnswer);
  const [file, folder] = (aclAnswer as unknown as { objects: ObjectAcl[] }).objects;
  if (!file || !folder) throw new UserError(`Could not read the permissions of ${desiredPath}; run schedule install from an elevated prompt.`);
  const findings = assessAcl(file, folder);
  if (findings.length) {
    throw new UserError(
      `${desiredPath} can be changed by accounts that are not administrators, and the task would apply whatever it says as SYSTEM; allow write only to Administrators and SYSTEM (e.g. icacls "${dirname(desiredPath)}" /inheritance:r /grant:r Administrators:(OI)(CI)F SYSTEM:(OI)(CI)F Users:(OI)(CI)RX) and run schedule install again.`,
      findings.map((f) => `${f.identity} ${f.why} (${f.rights.join(', ')} on ${f.path})`),
    );
  }
  const [registered] = await agent(args, io, [{ fn: 'Register-FtpsEnforcerTask', payload: spec }]);
  expectOk(registered);
  io.stdout.write(
    [
      `Registered ${spec.taskPath}${spec.taskName}: ftps-enforcer ${args.mode} of ${desiredPath}`,
      `  as SYSTEM (highest privileges), at startup (after ${spec.triggers.boot.delay}) and every ${spec.triggers.repeat.interval} with a random delay of up to ${spec.triggers.repeat.randomDelay},`,
      `  never two at once (MultipleInstances ${spec.settings.multipleInstances}), stopped after ${spec.settings.executionTimeLimit}.`,
      `  Runs write to the Application event log (source ftps-enforcer); see \`ftps-enforcer schedule status\`.`,
      '',
    ].join('\n'),
  );
  return ExitCode.Compliant;
}
