/** `probe`: validate the options, connect --count times, diagnose, report. Exit 0 all good, 2 problems found, 1 error. */
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { ExitCode, UserError } from '../core/errors.js';
import type { ReportFormat } from '../core/report.js';
import { createLogger } from '../log/logger.js';
import { RunFiles } from '../app/run-files.js';
import { readCaFile, resolvePassword } from './credentials.js';
import { checkExpectAddress, parsePortRange, type ProbeOptions } from './probe-options.js';
import { probeOnce } from './probe-connection.js';
import { diagnose } from './diagnose.js';
import type { ProbeReport } from './probe-report.js';
import type { AttemptResult } from './probe-result.js';
import { renderProbeReport } from './render-probe.js';
import { probeProgress } from './progress.js';

export interface ProbeArgs {
  /** The VIP clients connect to (`--vip`; `--host` is its old name). */
  vip: string;
  port?: number;
  explicit: boolean;
  user: string;
  passwordEnv?: string;
  passwordFile?: string;
  servername?: string;
  ca?: string;
  insecure: boolean;
  expectAddress?: string;
  expectRange?: string;
  roundTrip: boolean;
  count: number;
  timeout: number;
  format: ReportFormat;
  output?: string;
}

export function probeOptions(args: ProbeArgs, io: Pick<CliIo, 'env' | 'cwd'>): ProbeOptions {
  if (!Number.isInteger(args.count) || args.count < 1 || args.count > 1000) throw new UserError(`--count ${args.count} is not a number of connections: give 1-1000, e.g. --count 20.`);
  if (!(args.timeout > 0)) throw new UserError(`--timeout ${args.timeout} is not a number of seconds: give e.g. --timeout 10.`);
  const ca = readCaFile(args.ca, '--ca', io.cwd);
  return {
    host: args.vip,
    port: args.port ?? (args.explicit ? 21 : 990),
    tls: args.explicit ? 'explicit' : 'implicit',
    user: args.user,
    password: resolvePassword(args, io.env, io.cwd),
    servername: args.servername ?? args.vip,
    ...(ca ? { ca } : {}),
    insecure: args.insecure,
    ...(args.expectAddress ? { expectAddress: checkExpectAddress(args.expectAddress) } : {}),
    ...(args.expectRange ? { expectRange: parsePortRange(args.expectRange) } : {}),
    roundTrip: args.roundTrip,
    count: args.count,
    timeoutMs: Math.round(args.timeout * 1000),
  };
}

export async function runProbeCommand(args: ProbeArgs & GlobalOptions, io: CliIo): Promise<number> {
  const opts = probeOptions(args, io);
  const files = new RunFiles(args, io).addInput('input file', args.ca).addInput('input file', args.passwordFile);
  files.refuseOutputsOverInputs();
  const logger = await createLogger({ verbose: args.verbose, quiet: args.quiet, logFile: files.logFile, stderr: io.stderr });
  const progress = probeProgress(io.stderr, { quiet: args.quiet, verbose: args.verbose, count: opts.count });
  try {
    if (opts.insecure) {
      io.stderr.write('WARNING: --insecure: certificate chain and name problems are reported but do not stop the probe, and the password is sent anyway. Use it only against test servers.\n');
    }
    const startedAt = new Date().toISOString();
    const attempts: AttemptResult[] = [];
    for (let n = 1; n <= opts.count; n++) {
      progress.connection(n, opts.count, attempts.filter((a) => a.checks.some((c) => c.status === 'fail')).length);
      const a = await probeOnce(opts, n, (m) => logger.debug(`[${n}] ${m}`));
      attempts.push(a);
      logger.info(`connection ${n}/${opts.count}: ${a.checks.filter((c) => c.status === 'fail').map((c) => c.code).join(', ') || 'ok'} (${a.durationMs} ms)`);
      // Stop at once on what repeating cannot change, and never retry a refused password (accounts lock).
      if (a.checks.some((c) => c.code === 'LOGIN_FAILED')) {
        progress.done();
        throw new UserError(`Login as ${opts.user} on ${opts.host}:${opts.port} was refused (${a.checks.find((c) => c.code === 'LOGIN_FAILED')!.detail}): check the user and the password in ${args.passwordFile ? args.passwordFile : `$${args.passwordEnv ?? 'FTPS_PROBE_PASSWORD'}`}.`);
      }
    }
    progress.done();
    if (attempts.every((a) => a.checks.some((c) => c.code === 'NAME_NOT_RESOLVED'))) {
      throw new UserError(`Cannot resolve the name ${opts.host} (${attempts[0]!.checks[0]!.detail}): check the spelling of --vip and this machine's DNS, or give the VIP's address.`);
    }
    if (attempts.every((a) => a.checks.some((c) => c.code === 'CONTROL_UNREACHABLE' || c.code === 'NAME_NOT_RESOLVED'))) {
      throw new UserError(`Cannot connect to ${opts.host}:${opts.port} (${attempts[0]!.checks[0]!.detail}): check --vip and --port, and that the VIP forwards ${opts.port}.`);
    }
    const { findings, checks } = diagnose(attempts, opts);
    const report: ProbeReport = {
      command: 'probe',
      target: {
        host: opts.host,
        port: opts.port,
        tls: opts.tls,
        servername: opts.servername,
        user: opts.user,
        ...(opts.expectAddress ? { expectAddress: opts.expectAddress } : {}),
        ...(opts.expectRange ? { expectRange: opts.expectRange } : {}),
        count: opts.count,
        roundTrip: opts.roundTrip,
      },
      insecure: opts.insecure,
      startedAt,
      finishedAt: new Date().toISOString(),
      ...(attempts.find((a) => a.certificate) ? { certificate: attempts.find((a) => a.certificate)!.certificate! } : {}),
      checks,
      findings,
      attempts,
      ok: !findings.some((f) => f.severity === 'error'),
    };
    const text = renderProbeReport(report, args.format);
    if (args.output) files.write('output', text, 'probe report');
    else io.stdout.write(text);
    return report.ok ? ExitCode.Compliant : ExitCode.Drift;
  } finally {
    progress.done();
    await logger.close();
  }
}
