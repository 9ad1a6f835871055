/**
 * `rollout`: read and check every option, build the plan, then either print
 * it (--dry-run) or run it against HAProxy's runtime API or a hook, PowerShell
 * remoting and the probe. Everything that can be checked is checked before the
 * first backend is drained.
 */
import { resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { ExitCode, UserError } from '../core/errors.js';
import { loadDesiredState } from '../desired/load-desired.js';
import { parseBackendList } from '../lb-config/backends.js';
import { RunFiles } from '../app/run-files.js';
import { DEFAULT_PASSWORD_ENV, readCaFile, resolvePassword } from '../probe/credentials.js';
import { checkExpectAddress } from '../probe/probe-options.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import { findExecutable } from '../powershell/executable.js';
import { planRollout, withRemoteHosts, type RolloutPlan } from './rollout-plan.js';
import { HaproxyRuntimeDriver } from './haproxy-runtime.js';
import { HookDriver, splitCommandLine } from './lb-hook.js';
import type { LoadBalancerDriver } from './load-balancer.js';
import { agentArguments, PowerShellRemoting, type Transport } from './remoting.js';
import { localSourceFor, runProductProbe } from './backend-check.js';
import { executeRollout, type RolloutSettings } from './execute-rollout.js';
import { renderPlan, renderReportJson, renderStepLine, renderSummary, type PlanContext } from './render-rollout.js';
import type { RolloutReport } from './step-log.js';

export interface RolloutArgs {
  backend: string[];
  remote?: string[];
  desired: string;
  remoteDesired?: string;
  config?: string;
  agentCommand: string;
  transport?: Transport;
  powershell?: string;
  sshUser?: string;
  sshKey?: string;
  sshPort?: number;
  sshOption?: string[];
  useSsl: boolean;
  remoteTimeout: number;
  haproxySocket?: string;
  haproxyControlBackend?: string;
  haproxyPassiveBackend?: string;
  lbHook?: string;
  hookTimeout: number;
  parallel: number;
  sharedConfig: boolean;
  writer?: string;
  drainTimeout: number;
  onDrainTimeout: 'stop' | 'proceed';
  pollInterval: number;
  vip?: string;
  probeUser?: string;
  probePasswordEnv?: string;
  probePasswordFile?: string;
  probeCa?: string;
  probeServername?: string;
  probeCount: number;
  probeTimeout: number;
  probeRoundTrip: boolean;
  probeSource?: string;
  dryRun: boolean;
  format: 'text' | 'json';
  output?: string;
}

function positive(flag: string, value: number, unit: string): number {
  if (!(Number.isFinite(value) && value > 0)) throw new UserError(`${flag} ${String(value)} is not a number of ${unit}: give a positive number, e.g. ${flag} 30.`);
  return value;
}

function sshOptions(items: readonly string[] | undefined): Record<string, string> | undefined {
  if (!items?.length) return undefined;
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UserError(`--ssh-option "${item}" is not NAME=VALUE; write e.g. --ssh-option StrictHostKeyChecking=yes (an ssh_config option).`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

export async function runRolloutCommand(args: RolloutArgs & GlobalOptions, io: CliIo): Promise<number> {
  // 1. Read and check everything (no effect yet).
  const desiredFile = resolve(io.cwd, args.desired);
  // No output may name an input (issue 14): the report never lands on the desired state or a probe's input.
  const files = new RunFiles({ ...(args.output ? { output: args.output } : {}) }, io)
    .addInput('desired-state file', args.desired).addInput('input file', args.probePasswordFile).addInput('input file', args.probeCa).addInput('input file', args.lbHook);
  files.refuseOutputsOverInputs();
  const { desired } = loadDesiredState(desiredFile);
  const vip = checkExpectAddress(args.vip ?? desired.externalIp4Address)!;
  const backends = withRemoteHosts(parseBackendList(args.backend), args.remote ?? []);
  if ((args.haproxySocket ? 1 : 0) + (args.lbHook ? 1 : 0) !== 1) {
    throw new UserError('Say how to drain backends: --haproxy-socket PATH (HAProxy\'s admin-level stats socket) or --lb-hook "COMMAND" (any other load balancer; see docs/rollout.md).');
  }
  const hook = args.lbHook ? splitCommandLine(args.lbHook) : undefined;
  // The probe's password stays in this process: neither the hook nor PowerShell needs it.
  const childEnv = Object.fromEntries(Object.entries(io.env).filter(([k]) => k !== (args.probePasswordEnv ?? DEFAULT_PASSWORD_ENV)));
  if (hook && hook.length === 0) throw new UserError('--lb-hook is empty: give the command that drains, readies and counts sessions, e.g. --lb-hook "pwsh -File f5-hook.ps1".');
  const lb: LoadBalancerDriver = args.haproxySocket
    ? new HaproxyRuntimeDriver({ socketPath: resolve(io.cwd, args.haproxySocket), controlBackend: args.haproxyControlBackend, passiveBackend: args.haproxyPassiveBackend })
    : new HookDriver(hook!, (server) => backends.find((b) => b.name === server)!.address, childEnv, positive('--hook-timeout', args.hookTimeout, 'seconds') * 1000);
  const checkRoute = lb.pinProbe ? 'pinned-vip' : 'direct-then-vip';
  const plan: RolloutPlan = planRollout({ backends, parallel: args.parallel, sharedConfig: args.sharedConfig, writer: args.writer, checkRoute });

  const transport: Transport = args.transport ?? (io.platform === 'win32' ? 'winrm' : 'ssh');
  const powershell = args.powershell ?? (io.platform === 'win32' && transport === 'winrm' ? 'powershell.exe' : 'pwsh');
  const agentCommand = splitCommandLine(args.agentCommand);
  if (agentCommand.length === 0) throw new UserError('--agent-command is empty: give how ftps-enforcer is started on the backends, e.g. --agent-command ftps-enforcer.');
  const remoteDesired = args.remoteDesired ?? args.desired;
  const remotingOptions = {
    transport,
    powershell,
    agentCommand,
    desiredPath: remoteDesired,
    ...(args.config ? { configPath: args.config } : {}),
    ...(args.sshUser ? { userName: args.sshUser } : {}),
    ...(args.sshKey ? { keyFilePath: resolve(io.cwd, args.sshKey) } : {}),
    ...(args.sshPort ? { port: args.sshPort } : {}),
    ...(sshOptions(args.sshOption) ? { sshOptions: sshOptions(args.sshOption)! } : {}),
    useSsl: args.useSsl,
    timeoutMs: positive('--remote-timeout', args.remoteTimeout, 'seconds') * 1000,
    env: childEnv,
  };
  const remote = new PowerShellRemoting(remotingOptions);
  const drainTimeoutMs = positive('--drain-timeout', args.drainTimeout, 'seconds') * 1000;
  const pollMs = positive('--poll-interval', args.pollInterval, 'seconds') * 1000;
  if (!Number.isInteger(args.probeCount) || args.probeCount < 1 || args.probeCount > 100) throw new UserError(`--probe-count ${args.probeCount} is not a number of connections: give 1-100 (default 2).`);
  positive('--probe-timeout', args.probeTimeout, 'seconds');

  const ctx: PlanContext = {
    loadBalancer: lb.description,
    remoting: remote.description,
    agentCommandLine: (action) => [...agentCommand, ...agentArguments(action, remotingOptions)].join(' '),
    vip,
    probeCount: args.probeCount,
    drainTimeoutSeconds: drainTimeoutMs / 1000,
    onDrainTimeout: args.onDrainTimeout,
  };
  const startedAt = new Date().toISOString();
  const report = (partial: Pick<RolloutReport, 'steps' | 'result' | 'backends' | 'exitCode'> & Partial<RolloutReport>): RolloutReport => ({
    kind: 'ftps-enforcer/rollout-report',
    formatVersion: 1,
    dryRun: args.dryRun,
    loadBalancer: lb.description,
    transport: remote.description,
    startedAt,
    finishedAt: new Date().toISOString(),
    plan,
    ...partial,
  });
  const emit = (text: string) => (args.output ? files.write('output', text, 'rollout report') : io.stdout.write(text));

  if (args.dryRun) {
    if (args.format === 'json') emit(renderReportJson(report({ steps: [], result: 'planned', backends: backends.map((b) => ({ name: b.name, state: 'planned' })), exitCode: ExitCode.Compliant })));
    else emit(renderPlan(plan, ctx));
    return ExitCode.Compliant;
  }

  // 2. What the run needs and can check without changing anything.
  if (!args.probeUser) throw new UserError('--probe-user is required: the FTP account the check logs in with (its password in FTPS_PROBE_PASSWORD or --probe-password-file).');
  if (!findExecutable(powershell, io.env, io.platform, io.cwd)) {
    throw new UserError(`PowerShell "${powershell}" was not found: remoting needs ${transport === 'ssh' ? 'PowerShell 7 (Invoke-Command -HostName)' : 'PowerShell'}; install it or give --powershell PATH.`);
  }
  const ca = readCaFile(args.probeCa, '--probe-ca', io.cwd);
  const probe: ProbeOptions = {
    host: vip,
    port: 990,
    tls: 'implicit',
    user: args.probeUser,
    password: resolvePassword({ passwordEnv: args.probePasswordEnv, passwordFile: args.probePasswordFile }, io.env, io.cwd, { env: '--probe-password-env', file: '--probe-password-file' }),
    servername: args.probeServername ?? vip,
    ...(ca ? { ca } : {}),
    insecure: false,
    expectAddress: vip,
    ...(desired.lowDataChannelPort > 0 ? { expectRange: { low: desired.lowDataChannelPort, high: desired.highDataChannelPort } } : {}),
    roundTrip: args.probeRoundTrip,
    count: args.probeCount,
    timeoutMs: Math.round(args.probeTimeout * 1000),
  };
  // Every server must be known to the load balancer before the first one is drained.
  for (const b of backends) await lb.sessions(b.name);
  const settings: RolloutSettings = {
    drainTimeoutMs,
    onDrainTimeout: args.onDrainTimeout,
    pollMs,
    probe,
    ...(checkRoute === 'pinned-vip' ? { probeSource: args.probeSource ? checkExpectAddress(args.probeSource)! : await localSourceFor(vip) } : {}),
  };

  // 3. Run.
  const live = args.format === 'text' && !args.output;
  if (live) io.stdout.write(`Rollout to ${backends.length} backend(s) behind ${vip}: ${lb.description}; ${remote.description}\n`);
  const run = await executeRollout(plan, settings, { lb, remote, probe: runProductProbe, now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }, (r) => {
    if (live) io.stdout.write(renderStepLine(r));
  });
  const exitCode = run.stop ? ExitCode.Error : ExitCode.Compliant;
  const final = report({ steps: run.steps, result: run.stop ? 'stopped' : 'completed', backends: run.backends, ...(run.stop ? { stop: run.stop } : {}), exitCode });
  if (args.format === 'json') emit(renderReportJson(final));
  else if (live) io.stdout.write(renderSummary(final));
  else emit(run.steps.map(renderStepLine).join('') + renderSummary(final));
  if (run.stop && !live) io.stderr.write(`Rollout stopped at ${run.stop.step} on ${run.stop.backend}: ${run.stop.reason}\n${run.stop.advice}\n`);
  return exitCode;
}
