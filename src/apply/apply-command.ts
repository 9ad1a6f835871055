/**
 * `ftps-enforcer apply`: the whole flow in a screen.
 * lock → plan (or check the saved plan is fresh) → refuse an errored plan →
 * run it (no PowerShell when nothing changes) → report → exit 0 / 1.
 */
import { hostname } from 'node:os';
import { basename } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { ApplyArgs } from './apply-options.js';
import type { GlobalOptions } from '../app/global-options.js';
import { emitReport } from '../app/emit-report.js';
import { RunFiles } from '../app/run-files.js';
import { resolveConfigPath } from '../app/config-path.js';
import type { Report } from '../core/report.js';
import { ExitCode, PrerequisiteError } from '../core/errors.js';
import { createLogger } from '../log/logger.js';
import { agentModulePath, defaultPowerShellExecutable } from '../powershell/executable.js';
import { openPowerShellSession, type SessionOptions } from '../powershell/session.js';
import { refuseWritableInstructions } from './instructions-acl.js';
import { executePlan } from './execute-plan.js';
import { assertSameHostActions, choosePlanSource, refuseErroredPlan, resolvePlan } from './resolve-plan.js';
import { acquireRunLock } from './run-lock.js';
import { openRunJournal } from './run-journal.js';
import { resolveStateDir, stateAclTargets } from './state-dir.js';
import { currentSettingsHash, effectiveSettingsHash } from './settings-restart.js';
import { needsHostFacts } from '../host/needs-host-facts.js';
import { executeWithHost, withoutHostChecks } from '../host/apply-with-host.js';

/**
 * PowerShell 7 on Windows reaches WebAdministration only through the Windows PowerShell compatibility session
 * (deserialized results, no IIS: drive), which nothing here can test: apply runs under Windows PowerShell 5.1
 * only, and refuses pwsh on Windows before anything starts (the agent refuses the Core edition there too, for a
 * pwsh under another name). On Linux pwsh is what the tests use against the WebAdministration double.
 */
export function refusePowerShell7OnWindows(executable: string, platform: NodeJS.Platform): void {
  if (platform !== 'win32') return;
  if (/^pwsh(\.exe)?$/i.test(basename(executable.replace(/\\/g, '/')))) {
    throw new PrerequisiteError(`apply runs under Windows PowerShell 5.1 only, not PowerShell 7 (--powershell ${executable}), which reaches WebAdministration only through a compatibility session: leave out --powershell, or give it the path of powershell.exe.`);
  }
}

/** Seconds apply waits for ftpsvc to be Running after a restart. */
const SERVICE_TIMEOUT_SECONDS = 60;

export async function runApplyCommand(args: ApplyArgs & GlobalOptions, io: CliIo): Promise<number> {
  if (!args.eventLog) return apply(args, io, () => {});
  const { withEventLog } = await import('../eventlog/run-with-event-log.js');
  return withEventLog('apply', io, (emitted) => apply(args, io, emitted));
}

async function apply(args: ApplyArgs & GlobalOptions, io: CliIo, emitted: (report: Report) => void): Promise<number> {
  // No output may name an input (issue 14): checked with what the command line names, again once the plan is known.
  const files = new RunFiles(args, io).addInput('saved plan', args.plan).addInput('desired-state file', args.desired);
  if (args.config) files.addInput('configuration', resolveConfigPath(args.config, io));
  files.refuseOutputsOverInputs();
  const logger = await createLogger({ verbose: args.verbose, quiet: args.quiet, logFile: files.logFile, deferFile: true, stderr: io.stderr });
  try {
    const executable = args.powershell ?? defaultPowerShellExecutable(io.platform);
    refusePowerShell7OnWindows(executable, io.platform);
    const source = choosePlanSource(args, io);
    const lock = await acquireRunLock({
      stateDir: resolveStateDir(io),
      configFile: source.configPath,
      command: `ftps-enforcer apply ${source.kind === 'plan-file' ? `--plan ${source.planPath}` : `--desired ${source.desiredPath}`}`,
      timeoutSeconds: args.lockTimeout,
      logger,
    });
    try {
      if (lock.waitedMs > 0) logger.info(`took the apply lock after ${Math.round(lock.waitedMs / 1000)} s on ${hostname()}`);
      const resolved = resolvePlan(source, args.restart, logger);
      const { configPath, desiredPath } = resolved;
      files.addPlanInputs(resolved.plan).refuseOutputsOverInputs();
      await logger.openFile?.();
      const session = {
        executable,
        modulePath: agentModulePath(),
        env: io.env,
        timeoutMs: args.timeout * 1000,
        platform: io.platform,
        cwd: io.cwd,
      };
      const serviceTimeoutSeconds = Math.min(SERVICE_TIMEOUT_SECONDS, args.timeout);
      // Every PowerShell this run starts goes into the lock's owner record: if only Node is killed, the next run waits for it.
      const openSession = async (o: SessionOptions) => {
        const s = await openPowerShellSession(o);
        if (s.pid !== undefined) lock.recordPowerShell(s.pid);
        return s;
      };
      // The files whose content this elevated run writes: refused if non-administrators can change them (issue 7).
      // With --plan that is the plan AND the desired-state file it was re-planned from.
      const instructions = source.kind === 'plan-file' ? [source.planPath, desiredPath] : [desiredPath];
      // One journal per effective configuration; the ACL check covers the state folder it lives in (issue 14 item 5).
      const journal = openRunJournal(configPath, io.env, io.platform);
      const stateTargets = stateAclTargets(journal.stateDir, journal.interrupted ? journal.file : undefined);
      const beforeWrite = async (s: Parameters<typeof refuseWritableInstructions>[0]) => {
        for (const file of instructions) {
          const refused = await refuseWritableInstructions(s, file, logger, stateTargets);
          if (refused) return refused;
        }
        return undefined;
      };
      // Host checks (issue 10): with a certificate / windowsFirewall section, the facts are read in the run's one session.
      const host = resolved.run && needsHostFacts(resolved.run.loaded.desired, false)
        ? await (await import('../host/host-run.js')).planWithHostChecks(resolved.run, { session, logger, openSession })
        : { plan: resolved.plan, session: undefined };
      try {
        const plan = host.plan;
        if (source.kind === 'plan-file') assertSameHostActions(source.saved, plan, source.planPath);
        // Host errors (a wrong certificate, a TLS setting) must not stop the IIS fix: they are reported, and make the run exit 1.
        refuseErroredPlan(withoutHostChecks(plan));
        // Every check (prerequisites, ACLs) runs before the first write, the host step's included (runPreflight).
        const { outcome, failure } = await executeWithHost(plan, host.session, (p, reused, preflightDone) => executePlan(p, {
          configPath,
          desiredPath,
          session,
          serviceTimeoutSeconds,
          logger,
          journal,
          settings: { hash: resolved.run ? effectiveSettingsHash(resolved.run.state) : currentSettingsHash(configPath), shared: lock.farmLock !== undefined },
          openSession: reused ?? openSession,
          beforeWrite,
          ...(preflightDone ? { preflightDone } : {}),
        }), { session, serviceTimeoutSeconds, logger, openSession, beforeWrite });
        emitted(emitReport({ command: 'apply', plan, apply: outcome }, args, io, logger, files));
        if (failure) throw failure;
        return ExitCode.Compliant;
      } finally {
        await host.session?.close();
      }
    } finally {
      await lock.release();
    }
  } finally {
    await logger.close();
  }
}
