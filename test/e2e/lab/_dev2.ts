import { Lab, labLbConfig } from './lab.js';
import { inNs } from './exec.js';
import { writeFileSync } from 'node:fs';
const lab = await Lab.create((await import('../../support/paths.js')).fixture('broken-backend', 'applicationHost.config'));
try {
  const lb = labLbConfig(lab);
  writeFileSync('/tmp/h.cfg', lb.config);
  console.log(lb.config);
  const r = inNs(lab.topology.lb, 'timeout', ['2', 'haproxy', '-db', '-f', '/tmp/h.cfg']);
  console.log(r);
} finally { await lab.destroy(); }
