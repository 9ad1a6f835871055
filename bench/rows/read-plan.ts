import type { InProcessRow } from './row.js';
import type { IisFtpState } from '../../src/core/iis-state.js';
import { readIisConfig } from '../../src/config/read-config.js';
import { fixturePath } from '../paths.js';

/**
 * What audit plans with: fixtures/desired.json, audit mode, a fixed clock; then what every report
 * reads of the plan (the counts and the findings, with their messages). Imported in prepare(), outside the timing.
 */
async function loadPlanner(): Promise<(state: IisFtpState) => unknown> {
  const { loadDesiredState } = await import('../../src/desired/load-desired.js');
  const { planChanges } = await import('../../src/core/planner.js');
  const { countPlanChecks, planFindings } = await import('../../src/core/check-list.js');
  const desired = loadDesiredState(fixturePath('desired.json'));
  return (state) => {
    const plan = planChanges(state, desired, { mode: 'audit', restart: 'on-change', now: new Date(0), toolVersion: 'bench' });
    const findings = planFindings(plan);
    let words = 0;
    for (const f of findings) words += f.message.length;
    return [plan, countPlanChecks(plan), findings, words];
  };
}

let plan: ((state: IisFtpState) => unknown) | undefined;
let planRead: (() => unknown) | undefined;

/** readIisConfig alone: the reader this project ships. */
export const readRow: InProcessRow = { kind: 'in-process', id: 'read', label: 'readIisConfig', run: (file) => readIisConfig(file) };

/** What audit does in-process: read the configuration, then plan against fixtures/desired.json. */
export const readPlanRow: InProcessRow = {
  kind: 'in-process', id: 'read-plan', label: 'readIisConfig + planChanges (+ counts and findings, as a report reads them)',
  async prepare() {
    plan = await loadPlanner();
  },
  run: (file) => plan!(readIisConfig(file)),
};

/** planChanges alone, over facts read once while preparing: the planner's own share of read + plan. */
export const planRow: InProcessRow = {
  kind: 'in-process', id: 'plan', label: 'planChanges alone (+ counts and findings; facts already read)',
  async prepare(file) {
    const planState = await loadPlanner();
    const state = readIisConfig(file);
    planRead = () => planState(state);
  },
  run: () => planRead!(),
};
