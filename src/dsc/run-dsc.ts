/**
 * `ftps-enforcer dsc get|test|set`: the command-based DSC v3 resource
 * (dsc/ftps-enforcer.dsc.resource.json). The instance arrives as JSON on
 * stdin; the answer is JSON Lines on stdout. DSC treats every non-zero exit as
 * an error, so drift is `_inDesiredState: false` with exit 0, never exit 2;
 * errors are `{"error": "..."}` lines on stderr, which DSC shows as errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { ExitCode, UserError } from '../core/errors.js';
import { createLogger, type Logger } from '../log/logger.js';
import { resolveConfigPath } from '../app/config-path.js';
import { makePlan, type PlannedRun } from '../app/make-plan.js';
import { RunFiles } from '../app/run-files.js';
import type { PlanMode } from '../core/planner.js';
import { actualState, driftedProperties, splitDscInput, type DscInput } from './dsc-instance.js';
import { applyForDsc } from './dsc-apply.js';

export type DscOperation = 'get' | 'test' | 'set';
export const DSC_OPERATIONS: readonly DscOperation[] = ['get', 'test', 'set'];

export interface DscArgs {
  operation: DscOperation;
  whatIf: boolean;
  powershell?: string;
}

export async function runDscCommand(args: DscArgs & GlobalOptions, io: CliIo, stdin: () => Promise<string>): Promise<number> {
  // DSC reads our stderr as JSON Lines; the human log stays off it unless --verbose.
  // The log file opens once the configuration's files are known not to be it (src/app/run-files.ts).
  const logger = await createLogger({ verbose: args.verbose, quiet: true, logFile: args.logFile ? resolve(io.cwd, args.logFile) : undefined, deferFile: true, stderr: io.stderr });
  try {
    const input = splitDscInput(await stdin());
    const line = (v: unknown) => io.stdout.write(`${JSON.stringify(v)}\n`);
    if (args.operation === 'get') {
      const run = await withDesiredFile(input, io, logger, 'audit', args.logFile);
      line(actualState(run.state, run.loaded.desired, input.configPath));
    } else if (args.operation === 'test') {
      const run = await withDesiredFile(input, io, logger, 'audit', args.logFile);
      line({ ...actualState(run.state, run.loaded.desired, input.configPath), _inDesiredState: run.plan.compliant });
      line(driftedProperties(run.plan));
    } else if (args.whatIf) {
      // What set would change: the plan an apply would run, nothing written.
      const run = await withDesiredFile(input, io, logger, 'apply', args.logFile);
      const refused = run.plan.checks.filter((c) => c.status === 'error');
      if (refused.length) throw new UserError(`set would refuse to run: ${refused[0]!.message}`);
      line(projectedState(run, input));
      line(driftedProperties(run.plan));
    } else {
      const changed = await withTempDesired(input, (desiredPath) => applyForDsc({ desiredPath, configPath: input.configPath, powershell: args.powershell, verbose: args.verbose, logFile: args.logFile }, io));
      const after = await withDesiredFile(input, io, logger, 'audit', args.logFile);
      line(actualState(after.state, after.loaded.desired, input.configPath));
      line(changed);
    }
    return ExitCode.Compliant;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    io.stderr.write(`${JSON.stringify({ error: err.message })}\n`);
    for (const d of err.details ?? []) io.stderr.write(`${JSON.stringify({ error: d })}\n`);
    return ExitCode.Error;
  } finally {
    await logger.close();
  }
}

/** After a set, drifted-and-fixable properties hold their desired values; everything else is as read. */
function projectedState(run: PlannedRun, input: DscInput): Record<string, unknown> {
  const state = actualState(run.state, run.loaded.desired, input.configPath);
  for (const name of driftedProperties(run.plan)) {
    if (name in input.desired) state[name] = input.desired[name];
  }
  return state;
}

// The planner and apply take a desired-state FILE (hashed into plans, named in reports):
// the instance is written to a private temporary one, removed afterwards.
async function withTempDesired<T>(input: DscInput, use: (path: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-enforcer-dsc-'));
  const file = join(dir, 'desired.json');
  try {
    writeFileSync(file, JSON.stringify(input.desired), { mode: 0o600 });
    return await use(file);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    // The temporary file is ours, not the user's: name the instance instead, and drop line numbers of a one-line file.
    const retell = (text: string) => text.split(file).join('the DSC instance').replace(/^(the DSC instance, )?line \d+: /, '').replace(/^the DSC/, 'The DSC');
    throw new UserError(retell(err.message), err.details?.map(retell), { cause: err });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withDesiredFile(input: DscInput, io: CliIo, logger: Logger, mode: PlanMode, logFile: string | undefined): Promise<PlannedRun> {
  const run = await withTempDesired(input, (desiredPath) =>
    makePlan({ configPath: resolveConfigPath(input.configPath, io), desiredPath, mode, logger }),
  );
  new RunFiles({ logFile }, io).addPlanInputs(run.plan).refuseOutputsOverInputs();
  await logger.openFile?.();
  return run;
}
