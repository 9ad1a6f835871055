/**
 * The effectful edge of the host checks: when the run needs host facts
 * (`--host`, or a `certificate` / `windowsFirewall` section), ONE read-only
 * call to Get-FtpsHostFacts through the run's single PowerShell session, then
 * the pure planHostChecks. With neither, nothing is started.
 */
import { statSync } from 'node:fs';
import type { Plan } from '../core/plan.js';
import type { IisFtpState } from '../core/iis-state.js';
import type { LoadedDesiredState } from '../core/desired-state.js';
import { PrerequisiteError } from '../core/errors.js';
import type { Logger } from '../log/logger.js';
import { openPowerShellSession, PowerShellCallError, type PowerShellSession, type SessionOptions } from '../powershell/session.js';
import type { HostFacts, HostFactsRequest } from './host-facts.js';
import { parseHostFacts } from './parse-host-facts.js';
import { hostFactsRequest, needsHostFacts, planHostChecks, withHostChecks } from './plan-host-checks.js';
import type { RestartEvidence } from './service-checks.js';
import { defaultHistoryDir, firewallChangeAfter, firewallFingerprint, readConfigHistory } from './config-history.js';
import { readIisConfig } from '../config/read-config.js';

export interface HostRunOptions {
  /** `audit --host`. */
  hostFlag?: boolean;
  session: SessionOptions;
  /** Injected by tests; the real one starts PowerShell. */
  openSession?: (o: SessionOptions) => Promise<PowerShellSession>;
  logger: Logger;
  now?: Date;
  /** IIS configuration history folder (default %SystemDrive%\inetpub\history). */
  historyDir?: string;
}

export interface HostPlanned {
  plan: Plan;
  /** The open session when host facts were gathered: apply goes on in it; the caller closes it. */
  session?: PowerShellSession;
  facts?: HostFacts;
}

/** Reads the host facts over an open session. */
export async function gatherHostFacts(session: PowerShellSession, request: HostFactsRequest): Promise<HostFacts> {
  try {
    return parseHostFacts(await session.call('Get-FtpsHostFacts', request));
  } catch (err) {
    if (err instanceof PowerShellCallError) {
      throw new PrerequisiteError(`The host checks could not read the host facts through ${session.executable}: ${err.message.replace(/\.$/, '')}; rerun with --verbose, or without --host and the certificate / windowsFirewall sections.`);
    }
    throw err;
  }
}

/** The plan with host checks added when this run needs them; otherwise the plan as it was, and no PowerShell. */
export async function planWithHostChecks(run: { plan: Plan; state: IisFtpState; loaded: LoadedDesiredState }, o: HostRunOptions): Promise<HostPlanned> {
  const desired = run.loaded.desired;
  if (!needsHostFacts(desired, o.hostFlag)) return { plan: run.plan };
  const session = await (o.openSession ?? openPowerShellSession)(o.session);
  try {
    const request = hostFactsRequest(run.state, desired);
    o.logger.debug(`reading host facts through ${session.executable}: ${request.certificates.length} certificate(s), firewall, ftpsvc, SCHANNEL`);
    const facts = await gatherHostFacts(session, request);
    const result = planHostChecks({
      facts,
      state: run.state,
      desired,
      restart: run.plan.restart,
      now: o.now ?? new Date(),
      evidence: restartEvidence(run.state, facts, o.historyDir ?? defaultHistoryDir(o.session.env), o.logger),
    });
    return { plan: withHostChecks(run.plan, result), session, facts };
  } catch (err) {
    await session.close();
    throw err;
  }
}

/**
 * What is known about the last firewall-settings change: from IIS configuration history when it reaches back
 * to the service start (then a change is certain, or certainly absent), else only the file's write time.
 */
export function restartEvidence(state: IisFtpState, facts: HostFacts, historyDir: string | undefined, logger: Logger): RestartEvidence {
  const written = configWrittenAt(state.origin.configFile);
  const started = facts.service?.processStartTime ? new Date(facts.service.processStartTime) : undefined;
  if (!started || Number.isNaN(started.getTime()) || !historyDir || !written.configWrittenAt) return written;
  const history = readConfigHistory(historyDir, readIisConfig);
  const change = firewallChangeAfter(started, history, { writtenAt: written.configWrittenAt, fingerprint: firewallFingerprint(state) });
  logger.debug(`configuration history ${historyDir}: ${history.length} version(s); firewall change after the ftpsvc start: ${change instanceof Date ? change.toISOString() : change ?? 'none'}`);
  if (change === 'unknown') return written;
  return change ? { firewallChangedAt: { at: change, source: 'history' } } : {};
}

function configWrittenAt(file: string): { configWrittenAt?: Date } {
  try {
    return { configWrittenAt: statSync(file).mtime };
  } catch {
    return {};
  }
}
