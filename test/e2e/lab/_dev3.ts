import { Lab } from './lab.js';
import { inNs } from './exec.js';
import { readFileSync } from 'node:fs';
const lab = await Lab.create((await import('../../support/paths.js')).fixture('broken-backend', 'applicationHost.config'));
try {
  const b = lab.backends[0]!;
  const r = inNs(lab.topology.lb, 'sh', ['-c', `(sleep 1; echo "USER ftpslab"; sleep 0.5; echo "PASS ${lab.password}"; sleep 1; echo "PWD"; sleep 0.5; echo QUIT) | timeout 5 openssl s_client -quiet -connect ${b.address}:990 2>&1`]);
  console.log(r.stdout, r.stderr);
  console.log(readFileSync(b.dir + '/vsftpd.log', 'utf8'));
} finally { await lab.destroy(); }
