/** `schedule status` as text (pure). */
export interface TaskStatus {
  ok: boolean;
  exists: boolean;
  task?: {
    taskPath: string;
    taskName: string;
    state: string;
    userId: string;
    runLevel: string;
    multipleInstances: string;
    executionTimeLimit: string;
    actions: Array<{ execute: string; arguments: string }>;
    triggers: Array<{ kind: string; interval: string | null; delay: string | null; randomDelay: string | null }>;
    lastRunTime: string | null;
    lastTaskResult: number | null;
    nextRunTime: string | null;
  };
}

/** 0x41303: Task Scheduler's "has not yet run". */
const NOT_YET_RUN = 267011;

export function renderStatus(s: TaskStatus, where: { taskPath: string; taskName: string }): string {
  if (!s.exists || !s.task) return `No scheduled task ${where.taskPath}${where.taskName}; install it with \`ftps-enforcer schedule install --every 15m --desired FILE\`.\n`;
  const t = s.task;
  const last = t.lastTaskResult === NOT_YET_RUN || t.lastTaskResult === null ? 'not yet run' : `last result ${t.lastTaskResult} at ${t.lastRunTime ?? '?'} (0 = compliant or applied, 2 = drift, 1 = error)`;
  const triggers = t.triggers.map((x) =>
    x.kind === 'MSFT_TaskBootTrigger' ? `at startup after ${x.delay || 'no delay'}` : `every ${x.interval ?? '?'} with a random delay of up to ${x.randomDelay || 'none'}`,
  );
  return [
    `${t.taskPath}${t.taskName}: ${t.state}, ${last}`,
    `  runs as ${t.userId} (${t.runLevel}); ${triggers.join('; ')}`,
    `  MultipleInstances ${t.multipleInstances}, time limit ${t.executionTimeLimit}; next run ${t.nextRunTime ?? 'not scheduled'}`,
    ...t.actions.map((a) => `  ${a.execute} ${a.arguments}`),
    '',
  ].join('\n');
}
