/** What a rollout did, step by step, as data: the JSON report and the text output are renderings of this. */
import type { RolloutPlan, StepKind } from './rollout-plan.js';

export type StepOutcome = 'ok' | 'failed' | 'timed-out';

export interface StepRecord {
  backend: string;
  step: StepKind;
  startedAt: string;
  finishedAt: string;
  outcome: StepOutcome;
  /** One line: what was done or seen. */
  detail: string;
  /** Step-specific facts (sessions left, agent exit code, probe checks). */
  facts?: Record<string, string | number | boolean | null>;
}

/** Where a stopped rollout left each backend. */
export type BackendState = 'done' | 'left-drained' | 'untouched';

export interface RolloutReport {
  kind: 'ftps-enforcer/rollout-report';
  formatVersion: 1;
  dryRun: boolean;
  loadBalancer: string;
  transport: string;
  startedAt: string;
  finishedAt: string;
  plan: RolloutPlan;
  steps: StepRecord[];
  result: 'completed' | 'stopped' | 'planned';
  backends: Array<{ name: string; state: BackendState | 'planned' }>;
  /** When stopped: the step that failed and what to do now. */
  stop?: { backend: string; step: StepKind; reason: string; advice: string };
  exitCode: number;
}
