/**
 * The plan's checks as the planner builds them: one list in plan order in
 * which a per-site check that is ok is only a number (which site, which
 * setting) until something reads `plan.checks`. A hosting farm has tens of
 * thousands of such checks and reports show only the findings, so the
 * planner keeps its per-site cost flat instead of handing the garbage
 * collector four objects per site (docs/performance.md). `plan.checks` is
 * still every Check, built once on first read, so saved plans, JUnit and
 * every other reader see exactly what they always saw.
 */
import type { Check, CheckStatus, Plan } from './plan.js';

/** An ok per-site check not yet built: `site * OK_KINDS + kind`, decoded by the planner. */
export type OkRef = number;

export interface CheckCounts {
  total: number;
  ok: number;
  drift: number;
  warning: number;
  error: number;
}

export class CheckList {
  readonly #entries: (Check | OkRef)[] = [];
  readonly #counts: CheckCounts = { total: 0, ok: 0, drift: 0, warning: 0, error: 0 };

  /** @param buildOk makes the Check an OkRef stands for (pure: the same Check every time). */
  constructor(private readonly buildOk: (ref: OkRef) => Check) {}

  add(c: Check): void {
    this.#entries.push(c);
    this.#count(c.status);
  }

  addOk(ref: OkRef): void {
    this.#entries.push(ref);
    this.#count('ok');
  }

  #count(status: CheckStatus): void {
    this.#counts.total += 1;
    this.#counts[status] += 1;
  }

  counts(): CheckCounts {
    return { ...this.#counts };
  }

  /** True when no check is drift or error. */
  compliant(): boolean {
    return this.#counts.drift === 0 && this.#counts.error === 0;
  }

  /** The checks that are not ok, in plan order, without building the ok ones. */
  findings(): Check[] {
    const out: Check[] = [];
    for (const e of this.#entries) if (typeof e !== 'number' && e.status !== 'ok') out.push(e);
    return out;
  }

  /** Every check in plan order. */
  all(): Check[] {
    return this.#entries.map((e) => (typeof e === 'number' ? this.buildOk(e) : e));
  }
}

const LISTS = new WeakMap<Plan, CheckList>();

/**
 * Gives `plan` a `checks` property built from `list` on first read (then an
 * ordinary array property, in the same key position), and remembers the list
 * so counts and findings can skip building the ok checks.
 */
export function attachChecks(plan: Plan, list: CheckList): Plan {
  LISTS.set(plan, list);
  Object.defineProperty(plan, 'checks', {
    enumerable: true,
    configurable: true,
    get(this: Plan): Check[] {
      const checks = list.all();
      // From here on the array is the truth (a caller may push to it), so counts and findings read it.
      LISTS.delete(this);
      Object.defineProperty(this, 'checks', { value: checks, writable: true, enumerable: true, configurable: true });
      return checks;
    },
    set(this: Plan, checks: Check[]): void {
      LISTS.delete(this);
      Object.defineProperty(this, 'checks', { value: checks, writable: true, enumerable: true, configurable: true });
    },
  });
  return plan;
}

/** Counts over every check, ok ones included, without building them when the planner made the plan. */
export function countPlanChecks(plan: Plan): CheckCounts {
  return LISTS.get(plan)?.counts() ?? countChecks(plan.checks);
}

/** The checks that are not ok, in plan order. */
export function planFindings(plan: Plan): Check[] {
  return LISTS.get(plan)?.findings() ?? plan.checks.filter((c) => c.status !== 'ok');
}

export function countChecks(checks: readonly Check[]): CheckCounts {
  const counts: CheckCounts = { total: 0, ok: 0, drift: 0, warning: 0, error: 0 };
  for (const c of checks) {
    counts.total += 1;
    counts[c.status] += 1;
  }
  return counts;
}
