import type { ApplyOutcome } from './apply-outcome.js';
import type { Plan } from './plan.js';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'junit';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown', 'junit'];

/** What every renderer turns into text: the plan, and for apply runs what happened. */
export interface Report {
  command: 'audit' | 'apply';
  /** The computer the run read (os.hostname()), so reports from many backends can be told apart. */
  host?: string;
  plan: Plan;
  apply?: ApplyOutcome;
}
