/** The rollout as text (the plan for --dry-run, one line per step as it happens, the end) and as JSON (the report). */
import type { RolloutPlan, StepKind, BackendPlan } from './rollout-plan.js';
import type { RolloutReport, StepRecord } from './step-log.js';

/** What the plan's steps mean with these effects, for the dry run. */
export interface PlanContext {
  loadBalancer: string;
  remoting: string;
  agentCommandLine: (action: 'apply' | 'restart') => string;
  vip: string;
  probeCount: number;
  drainTimeoutSeconds: number;
  onDrainTimeout: 'stop' | 'proceed';
}

function describeStep(kind: StepKind, bp: BackendPlan, c: PlanContext): string {
  const n = bp.backend.name;
  switch (kind) {
    case 'drain':
      return `drain ${n} at the load balancer (no new sessions; current ones and their data connections go on)`;
    case 'wait-sessions':
      return `wait until ${n} has no sessions left (up to ${c.drainTimeoutSeconds} s, then ${c.onDrainTimeout === 'stop' ? 'stop the rollout' : 'go on and cut them'})`;
    case 'apply':
    case 'restart':
      return `on ${bp.backend.remoteHost} through ${c.remoting}: ${c.agentCommandLine(kind)}`;
    case 'check':
      return bp.steps.includes('check-vip')
        ? `probe ${bp.backend.address} directly (${c.probeCount} connection(s), PASV must advertise ${c.vip})`
        : `probe through the VIP ${c.vip}, the load balancer sending the probe to ${n} (${c.probeCount} connection(s))`;
    case 'ready':
      return `put ${n} back in service`;
    case 'check-vip':
      return `probe through the VIP ${c.vip} (${c.probeCount} connection(s)); on failure take ${n} out again`;
  }
}

export function renderPlan(plan: RolloutPlan, c: PlanContext): string {
  const lines = [
    'Rollout plan (dry run: nothing is touched)',
    `Load balancer: ${c.loadBalancer}`,
    `Remoting: ${c.remoting}`,
    `Mode: ${plan.mode === 'shared-config' ? `shared configuration: ${plan.waves[0]![0]!.backend.name} writes, every other backend restarts` : 'each backend applies its own configuration'}; ${plan.parallel} backend(s) out of service at a time`,
    '',
  ];
  plan.waves.forEach((wave, i) => {
    lines.push(`Wave ${i + 1}: ${wave.map((b) => b.backend.name).join(', ')}`);
    for (const bp of wave) bp.steps.forEach((k, j) => lines.push(`  ${bp.backend.name} ${j + 1}. ${k.padEnd(13)} ${describeStep(k, bp, c)}`));
  });
  lines.push('', 'At the first failure the rollout stops: that backend stays drained, later backends are not touched; exit 1.');
  return `${lines.join('\n')}\n`;
}

const MARK: Record<StepRecord['outcome'], string> = { ok: '✓', failed: '✗', 'timed-out': '!' };

export function renderStepLine(r: StepRecord): string {
  const secs = ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
  return `${MARK[r.outcome]} ${r.backend.padEnd(10)} ${r.step.padEnd(13)} ${secs.padStart(6)} s  ${r.detail}\n`;
}

export function renderSummary(report: RolloutReport): string {
  const lines = [''];
  for (const b of report.backends) lines.push(`  ${b.name.padEnd(10)} ${b.state}`);
  if (report.stop) {
    lines.push('', `Stopped at ${report.stop.step} on ${report.stop.backend}: ${report.stop.reason}`, `What to do: ${report.stop.advice}`);
  }
  lines.push('', report.result === 'completed' ? `Rollout completed: ${report.backends.length} backend(s); exit code 0` : `Rollout stopped; exit code ${report.exitCode}`);
  return `${lines.join('\n')}\n`;
}

export function renderReportJson(report: RolloutReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
