import type { InProcessRow } from './row.js';
import type { LoadedDesiredState } from '../../src/core/desired-state.js';
import { readIisConfig } from '../../src/config/read-config.js';
import { fixturePath } from '../paths.js';

let loaded: LoadedDesiredState | undefined;
let plan: ((file: string) => unknown) | undefined;
let planRead: (() => unknown) | undefined;

/** readIisConfig alone: the reader this project ships. */
export const readRow: InProcessRow = { kind: 'in-process', id: 'read', label: 'readIisConfig', run: (file) => readIisConfig(file) };

/** What audit does in-process: read the configuration, then plan against fixtures/desired.json. */
export const readPlanRow: InProcessRow = {
  kind: 'in-process', id: 'read-plan', label: 'readIisConfig + planChanges',
  async prepare() {
    const { loadDesiredState } = await import('../../src/desired/load-desired.js');
    const { planChanges } = await import('../../src/core/planner.js');
    loaded = loadDesiredState(fixturePath('desired.json'));
    const d = loaded;
    plan = (file) => planChanges(readIisConfig(file), d, { mode: 'audit', restart: 'on-change', now: new Date(0), toolVersion: 'bench' });
  },
  run: (file) => plan!(file),
};

/** planChanges alone, over facts read once while preparing: the planner's own share of read + plan. */
export const planRow: InProcessRow = {
  kind: 'in-process', id: 'plan', label: 'lower bound: planChanges alone (facts already read)',
  async prepare(file) {
    const { loadDesiredState } = await import('../../src/desired/load-desired.js');
    const { planChanges } = await import('../../src/core/planner.js');
    const d = loadDesiredState(fixturePath('desired.json'));
    const state = readIisConfig(file);
    planRead = () => planChanges(state, d, { mode: 'audit', restart: 'on-change', now: new Date(0), toolVersion: 'bench' });
  },
  run: () => planRead!(),
};
