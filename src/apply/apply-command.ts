/**
 * `ftps-enforcer apply`: the whole flow in a screen.
 * lock → plan (or check the saved plan is fresh) → refuse an errored plan →
 * run it (no PowerShell when nothing changes) → report → exit 0 / 1.
 */
import { hostname } from 'node:os';
import type { CliIo } from '../cli/io.js';
import type { ApplyArgs } from './apply-options.js';
import type { GlobalOptions } from '../app/global-options.js';
import { emitReport } from '../app/emit-report.js';
import type { Report } from '../core/report.js';
import { ExitCode } from '../core/errors.js';
import { createLogger } from '../log/logger.js';
import { agentModulePath, defaultPowerShellExecutable } from '../powershell/executable.js';
import { openPowerShellSession, type SessionOptions } from '../powershell/session.js';
import { refuseWritableInstructions } from './instructions-acl.js';
import { executePlan } from './execute-plan.js';
import { choosePlanSource, refuseErroredPlan, resolvePlan } from './resolve-plan.js';
import { acquireRunLock } from './run-lock.js';
import { openRunJournal } from './run-journal.js';
import { resolveStateDir } from './state-dir.js';
import { needsHostFacts } from '../host/needs-host-facts.js';
import { executeWithHost, withoutHostChecks } from '../host/apply-with-host.js';

/** Seconds apply waits for ftpsvc to be Running after a restart. */
const SERVICE_TIMEOUT_SECONDS = 60;

export async function runApplyCommand(args: ApplyArgs & GlobalOptions, io: CliIo): Promise<number> {
  if (!args.eventLog) return apply(args, io, () => {});
  const { withEventLog } = await import('../eventlog/run-with-event-log.js');
  return withEventLog('apply', io, (emitted) => apply(args, io, emitted));
}

async function apply(args: ApplyArgs & GlobalOptions, io: CliIo, emitted: (report: Report) => void): Promise<number> {
  const logger = await createLogger({ verbose: args.verbose, quiet: args.quiet, logFile: args.logFile, stderr: io.stderr });
  try {
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
      const session = {
        executable: args.powershell ?? defaultPowerShellExecutable(io.platform),
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
      // The file whose content this elevated run writes: refused if non-administrators can change it (issue 7).
      const instructions = source.kind === 'plan-file' ? source.planPath : desiredPath;
      const beforeWrite = (s: Parameters<typeof refuseWritableInstructions>[0]) => refuseWritableInstructions(s, instructions, logger);
      // Host checks (issue 10): with a certificate / windowsFirewall section, the facts are read in the run's one session.
      const host = resolved.run && needsHostFacts(resolved.run.loaded.desired, false)
        ? await (await import('../host/host-run.js')).planWithHostChecks(resolved.run, { session, logger, openSession })
        : { plan: resolved.plan, session: undefined };
      try {
        const plan = host.plan;
        // Host errors (a wrong certificate, a TLS setting) must not stop the IIS fix: they are reported, and make the run exit 1.
        refuseErroredPlan(withoutHostChecks(plan));
        // The host step writes before the apply step: check in the session the host facts were read in, first.
        const hostWrites = host.session !== undefined && (plan.hostActions?.length ?? 0) > 0;
        if (hostWrites) {
          const refused = await beforeWrite(host.session!);
          if (refused) throw refused;
        }
        const { outcome, failure } = await executeWithHost(plan, host.session, (p, reused) => executePlan(p, {
          configPath,
          desiredPath,
          session,
          serviceTimeoutSeconds,
          logger,
          journal: openRunJournal(configPath, io.env, io.platform),
          openSession: reused ?? openSession,
          ...(hostWrites ? {} : { beforeWrite }),
        }), { session, serviceTimeoutSeconds, logger, openSession });
        emitted(emitReport({ command: 'apply', plan, apply: outcome }, args, io, logger));
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
