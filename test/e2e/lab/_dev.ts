import { Lab, labLbConfig } from './lab.js';
import { breakLbConfig } from './haproxy.js';
import { fixture } from '../../support/paths.js';
import { readFileSync } from 'node:fs';
const t0 = Date.now();
const lab = await Lab.create(fixture('broken-backend', 'applicationHost.config'));
try {
  const lb = labLbConfig(lab);
  console.log('lb source', lb.source, Date.now() - t0);
  await lab.haproxy.start(breakLbConfig(lb.config, 'healthy'), '990');
  const mode = process.argv[2];
  for (const b of lab.backends) {
    const r = mode === 'guide' ? lab.applyGuideScript(b) : lab.apply(b);
    console.log('APPLY', b.name, r.status, r.stdout, r.stderr, readFileSync(b.dir + '/passive.json', 'utf8'), Date.now() - t0);
  }
  const l = lab.lftp('ls');
  console.log('LFTP', l.status, l.stdout, l.stderr.split('\n').filter((x) => /227|Connecting|ls:|Fatal|data/i.test(x)).join('\n'));
  const p = lab.probe(['--expect-range', '50000-50099', '--count', '5', '--round-trip']);
  console.log('PROBE', p.status, p.stdout, p.stderr, Date.now() - t0);
} finally {
  await lab.destroy();
  console.log('destroyed', Date.now() - t0);
}
