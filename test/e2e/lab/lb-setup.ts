/**
 * The load balancer's configuration comes from the product: `ftps-enforcer
 * lb-config --format haproxy`, from the same desired-state file the backends
 * are enforced with. The lab only takes pieces out of it (haproxy.ts) to stage
 * the load balancer's own mistakes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec.js';
import { cliInvocation } from './lab-env.js';

export function generateHaproxyConfig(dir: string, desiredFile: string, backends: ReadonlyArray<{ name: string; address: string }>, extraArgs: readonly string[] = []): string {
  const out = join(dir, 'haproxy.generated.cfg');
  const [node, ...cli] = cliInvocation();
  const args = [
    ...cli, 'lb-config', '--format', 'haproxy', '--desired', desiredFile,
    '--backend', backends.map((b) => `${b.name}=${b.address}`).join(','),
    // Health checks every second, so a restarted backend is back in rotation at once.
    '--check-interval', '1', '--output', out, ...extraArgs,
  ];
  const r = run(node!, args, { timeoutMs: 60_000 });
  if (r.status !== 0) throw new Error(`ftps-enforcer lb-config exited ${r.status}: ${r.stderr.trim()}`);
  return readFileSync(out, 'utf8');
}
