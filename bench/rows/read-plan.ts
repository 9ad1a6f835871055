import type { InProcessRow } from './row.js';
import type { IisFtpState } from '../../src/core/iis-state.js';
import { readIisConfig } from '../../src/config/read-config.js';
import { fixturePath } from '../paths.js';

/** What audit plans with: fixtures/desired.json, audit mode, a fixed clock. Imported in prepare(), outside the timing. */
async function loadPlanner(): Promise<(state: IisFtpState) => unknown> {
  const { loadDesiredState } = await import('../../src/desired/load-desired.js');
  const { planChanges } = await import('../../src/core/planner.js');
  const desired = loadDesiredState(fixturePath('desired.json'));
  return (state) => planChanges(state, desired, { mode: 'audit', restart: 'on-change', now: new Date(0), toolVersion: 'bench' });
}

let plan: ((state: IisFtpState) => unknown) | undefined;
let planRead: (() => unknown) | undefined;

/** readIisConfig alone: the reader this project ships. */
export const readRow: InProcessRow = { kind: 'in-process', id: 'read', label: 'readIisConfig', run: (file) => readIisConfig(file) };

/** What audit does in-process: read the configuration, then plan against fixtures/desired.json. */
export const readPlanRow: InProcessRow = {
  kind: 'in-process', id: 'read-plan', label: 'readIisConfig + planChanges',
  async prepare() {
    plan = await loadPlanner();
  },
  run: (file) => plan!(readIisConfig(file)),
};

/** planChanges alone, over facts read once while preparing: the planner's own share of read + plan. */
export const planRow: InProcessRow = {
  kind: 'in-process', id: 'plan', label: 'lower bound: planChanges alone (facts already read)',
  async prepare(file) {
    const planState = await loadPlanner();
    const state = readIisConfig(file);
    planRead = () => planState(state);
  },
  run: () => planRead!(),
};
