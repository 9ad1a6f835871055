/**
 * Runs a rollout plan against the effects (load balancer, remoting, probe):
 * wave after wave, each backend's steps in order. At the first failure the
 * rollout stops: the failed backend stays drained (no client is sent to it),
 * the other backends of its wave finish what they started, later waves are
 * not touched. Every step is recorded with its times.
 */
import type { LoadBalancerDriver } from './load-balancer.js';
import type { FtpServiceSessions, RemoteInvoker } from './remoting.js';
import { judgeProbe, type ProbeRunner } from './backend-check.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import type { BackendPlan, CheckRoute, RolloutPlan, StepKind } from './rollout-plan.js';
import type { BackendState, StepOutcome, StepRecord } from './step-log.js';

export interface RolloutSettings {
  drainTimeoutMs: number;
  /** What a drain timeout does: stop the rollout (default), or go on and cut the sessions left. */
  onDrainTimeout: 'stop' | 'proceed';
  pollMs: number;
  /** The probe through the VIP (host = the VIP); the direct check swaps in the backend's address. */
  probe: ProbeOptions;
  /** The address the load balancer sees for this machine (pinned-vip checks). */
  probeSource?: string;
}

export interface RolloutEffects {
  lb: LoadBalancerDriver;
  remote: RemoteInvoker;
  probe: ProbeRunner;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export interface RolloutRun {
  steps: StepRecord[];
  backends: Array<{ name: string; state: BackendState }>;
  stop?: { backend: string; step: StepKind; reason: string; advice: string };
}

/** What one step produced; thrown errors become `failed` with their message. */
interface StepResult {
  outcome: StepOutcome;
  detail: string;
  facts?: StepRecord['facts'];
}

export async function executeRollout(plan: RolloutPlan, settings: RolloutSettings, fx: RolloutEffects, onStep: (r: StepRecord) => void = () => undefined): Promise<RolloutRun> {
  const steps: StepRecord[] = [];
  const state = new Map<string, BackendState>(plan.waves.flat().map((b) => [b.backend.name, 'untouched']));
  let stop: RolloutRun['stop'];

  const record = (r: StepRecord) => {
    steps.push(r);
    onStep(r);
  };

  async function runBackend(bp: BackendPlan): Promise<void> {
    const name = bp.backend.name;
    for (const kind of bp.steps) {
      const startedAt = fx.now().toISOString();
      let result: StepResult;
      try {
        result = await runStep(kind, bp, plan.checkRoute, settings, fx);
      } catch (err) {
        result = { outcome: 'failed', detail: (err as Error).message };
      }
      record({ backend: name, step: kind, startedAt, finishedAt: fx.now().toISOString(), outcome: result.outcome, detail: result.detail, ...(result.facts ? { facts: result.facts } : {}) });
      if (kind === 'drain') state.set(name, 'left-drained');
      if (kind === 'ready' && result.outcome === 'ok') state.set(name, 'done');
      const goOn = result.outcome === 'ok' || (kind === 'wait-sessions' && result.outcome === 'timed-out' && settings.onDrainTimeout === 'proceed');
      if (!goOn) {
        // A failed check after `ready` has already taken the backend out again (checkVip).
        state.set(name, 'left-drained');
        stop ??= { backend: name, step: kind, reason: result.detail, advice: adviceFor(kind, name, bp.action) };
        return;
      }
    }
  }

  for (const wave of plan.waves) {
    if (stop) break;
    await Promise.all(wave.map(runBackend));
  }
  return { steps, backends: [...state].map(([name, s]) => ({ name, state: s })), ...(stop ? { stop } : {}) };
}

async function runStep(kind: StepKind, bp: BackendPlan, route: CheckRoute, s: RolloutSettings, fx: RolloutEffects): Promise<StepResult> {
  const server = bp.backend.name;
  switch (kind) {
    case 'drain':
      await fx.lb.drain(server);
      return { outcome: 'ok', detail: `${server} drained: no new sessions, current ones go on` };
    case 'wait-sessions':
      return waitForSessions(bp, s, fx);
    case 'apply':
    case 'restart':
      return remoteAction(bp, kind, fx);
    case 'check':
      return route === 'pinned-vip' ? checkPinned(server, s, fx) : checkDirect(bp, s, fx);
    case 'ready':
      await fx.lb.ready(server);
      return { outcome: 'ok', detail: `${server} back in service` };
    case 'check-vip':
      return checkVip(server, s, fx);
  }
}

/**
 * Waits until the drained server is empty: the load balancer forwards no session to it, no client would still
 * be sent there, and (where the remoting can ask it) the FTP service itself has no session left, which also
 * covers clients connected to the backend directly, past the load balancer. The FTP service is asked only when
 * the load balancer's side is empty (each question is a remoting round trip); one that cannot answer leaves the
 * decision to the load balancer's count.
 */
async function waitForSessions(bp: BackendPlan, s: RolloutSettings, fx: RolloutEffects): Promise<StepResult> {
  const server = bp.backend.name;
  const start = fx.now().getTime();
  let released = 0;
  let serviceNote = '';
  for (;;) {
    const release = fx.lb.releaseIdleClients ? await fx.lb.releaseIdleClients(server) : undefined;
    released += release?.released ?? 0;
    const count = await fx.lb.sessions(server);
    // Empty, and no client left that the load balancer would still send here (a session that ended after the
    // release kept its entry: its client's next session would land on this server during the change).
    const lbEmpty = count === null || (count.total === 0 && (release?.remaining ?? 0) === 0);
    let service: FtpServiceSessions | undefined;
    if (lbEmpty && fx.remote.ftpSessions) {
      service = await fx.remote.ftpSessions(bp.backend);
      if (!service.readable) serviceNote = `; the FTP service's own count could not be read (${oneLine(service.why)})`;
    }
    const onService = service?.readable ? service.total : null;
    const waited = fx.now().getTime() - start;
    const facts = { sessionsLeft: count?.total ?? null, ftpServiceSessions: onService, waitedMs: waited, releasedClients: released };
    if (count === null && onService === null) {
      // Nothing can count: give the sessions the whole timeout.
      await fx.sleep(Math.max(0, s.drainTimeoutMs - waited));
      return { outcome: 'ok', detail: `the load balancer cannot count sessions: waited the whole drain timeout (${s.drainTimeoutMs / 1000} s)${serviceNote}`, facts: { ...facts, waitedMs: Math.max(waited, s.drainTimeoutMs) } };
    }
    const lbDetail = count === null ? 'the load balancer cannot count' : count.detail;
    if (lbEmpty && (onService ?? 0) === 0) {
      return { outcome: 'ok', detail: `no sessions left after ${(waited / 1000).toFixed(1)} s (${lbDetail}${onService === 0 ? '; the FTP service has none either' : serviceNote})`, facts };
    }
    if (waited >= s.drainTimeoutMs) {
      const onServiceLeft = `${onService} session(s) still open on the FTP service (${describeSites(service)})`;
      const left = !lbEmpty ? `${count!.total} session(s) still open (${lbDetail})` : count === null ? onServiceLeft : `${onServiceLeft}, none of them through the load balancer: clients connected to ${server} directly`;
      return { outcome: 'timed-out', detail: `${left} after ${s.drainTimeoutMs / 1000} s${s.onDrainTimeout === 'proceed' ? '; going on (--on-drain-timeout proceed): the restart ends them' : ''}`, facts };
    }
    await fx.sleep(s.pollMs);
  }
}

function describeSites(service: FtpServiceSessions | undefined): string {
  return service?.readable ? service.sites.filter((x) => x.sessions > 0).map((x) => `${x.name}: ${x.sessions}`).join(', ') : '';
}

async function remoteAction(bp: BackendPlan, kind: 'apply' | 'restart', fx: RolloutEffects): Promise<StepResult> {
  const r = await fx.remote.run(bp.backend, kind);
  if (!r.reached) return { outcome: 'failed', detail: `${bp.backend.remoteHost}: ${oneLine(r.error)}` };
  const summary = agentSummary(r.stdout);
  if (r.exitCode !== 0) {
    const why = oneLine((r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | '));
    return { outcome: 'failed', detail: `ftps-enforcer apply on ${bp.backend.remoteHost} exited ${r.exitCode}: ${why}`, facts: { agentExitCode: r.exitCode, ...summary } };
  }
  return { outcome: 'ok', detail: `ftps-enforcer apply${kind === 'restart' ? ' --restart always' : ''} on ${bp.backend.remoteHost}: exit 0${summary.outcome ? ` (${summary.outcome})` : ''}`, facts: { agentExitCode: 0, ...summary } };
}

/** Remote messages (PowerShell wraps its own) on one line, for the step log. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The agent's JSON report (`apply --format json`), reduced to what a rollout log needs; nothing when it is not JSON. */
function agentSummary(stdout: string): Record<string, string | number | boolean | null> {
  try {
    const doc = JSON.parse(stdout) as { changes?: unknown[]; apply?: { status?: string; backupName?: string | null; restart?: { performed?: boolean } } | null };
    return {
      ...(Array.isArray(doc.changes) ? { changes: doc.changes.length } : {}),
      ...(typeof doc.apply?.status === 'string' ? { outcome: doc.apply.status } : {}),
      ...(typeof doc.apply?.restart?.performed === 'boolean' ? { restarted: doc.apply.restart.performed } : {}),
      ...(doc.apply?.backupName ? { backup: doc.apply.backupName } : {}),
    };
  } catch {
    return {};
  }
}

async function checkPinned(server: string, s: RolloutSettings, fx: RolloutEffects): Promise<StepResult> {
  if (!fx.lb.pinProbe || !s.probeSource) throw new Error('a pinned check needs a load balancer that can pin and a probe source');
  const pin = await fx.lb.pinProbe(server, s.probeSource);
  let attempts;
  let served: number;
  try {
    attempts = await fx.probe(s.probe);
    served = await pin.served();
  } finally {
    await pin.release();
  }
  const verdict = judgeProbe(attempts, s.probe, 'vip');
  const landed = served - pin.servedBefore;
  const facts = { route: 'vip-pinned', connections: attempts.length, landedOnServer: landed };
  if (landed < attempts.length) {
    return { outcome: 'failed', detail: `the probe through ${s.probe.host} did not land on ${server} (${landed} of ${attempts.length} connections did): is --probe-source ${s.probeSource} the address the load balancer sees?`, facts };
  }
  if (!verdict.ok) return { outcome: 'failed', detail: `probe through ${s.probe.host} on ${server}: ${verdict.failures.map((f) => `${f.code} (${f.evidence})`).join('; ')}`, facts };
  return { outcome: 'ok', detail: `probe through ${s.probe.host}, ${attempts.length} connection(s) on ${server}: all checks pass`, facts };
}

async function checkDirect(bp: BackendPlan, s: RolloutSettings, fx: RolloutEffects): Promise<StepResult> {
  const opts = { ...s.probe, host: bp.backend.address };
  const attempts = await fx.probe(opts);
  const verdict = judgeProbe(attempts, opts, 'direct');
  const facts = { route: 'direct', connections: attempts.length };
  if (!verdict.ok) return { outcome: 'failed', detail: `probe of ${bp.backend.address}: ${verdict.failures.map((f) => `${f.code} (${f.evidence})`).join('; ')}`, facts };
  return { outcome: 'ok', detail: `probe of ${bp.backend.address} (its own address): all checks pass${verdict.deferred.length ? `; the PASV data connection (${verdict.deferred.join(', ')}) is left to the VIP check` : ''}`, facts };
}

async function checkVip(server: string, s: RolloutSettings, fx: RolloutEffects): Promise<StepResult> {
  const attempts = await fx.probe(s.probe);
  const verdict = judgeProbe(attempts, s.probe, 'vip');
  if (verdict.ok) return { outcome: 'ok', detail: `probe through ${s.probe.host}, ${attempts.length} connection(s): all checks pass`, facts: { route: 'vip', connections: attempts.length } };
  await fx.lb.drain(server);
  return { outcome: 'failed', detail: `probe through ${s.probe.host} after ${server} came back: ${verdict.failures.map((f) => `${f.code} (${f.evidence})`).join('; ')}; ${server} taken out of service again`, facts: { route: 'vip', connections: attempts.length } };
}

/** What to do after a stop at this step (one place for the wording). */
export function adviceFor(step: StepKind, name: string, action: 'apply' | 'restart'): string {
  const rerun = 'then run the same rollout again (backends already done find no drift and are not restarted again)';
  switch (step) {
    case 'drain':
      return `The load balancer did not take ${name} out of rotation; nothing was changed on it. Fix access to the load balancer (stats socket level admin, or the hook), ${rerun}.`;
    case 'wait-sessions':
      return `${name} is left drained with sessions still open (no new ones reach it). Wait for them to end, or raise --drain-timeout, or accept cutting them with --on-drain-timeout proceed; ${rerun}. To give up instead, put ${name} back in service at the load balancer.`;
    case 'apply':
    case 'restart':
      return `The ${action} on ${name} failed and ${name} is left drained. Its own report (above) says whether it rolled back; fix the cause on ${name}, ${rerun}. Until then the other backends carry the load.`;
    case 'check':
      return `${name} was changed but fails the probe, so it is left drained and no client reaches it. Fix what the probe names, or restore the backup the agent named (Restore-WebConfiguration), ${rerun}.`;
    case 'ready':
      return `${name} was changed and checked but the load balancer did not put it back; it is left drained. Put it back in service at the load balancer, ${rerun}.`;
    case 'check-vip':
      return `${name} fails the probe through the VIP once back in service, so it was taken out again. Fix what the probe names, ${rerun}.`;
  }
}
