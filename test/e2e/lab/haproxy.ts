/**
 * The load balancer: HAProxy in TCP mode in the LB namespace. Its
 * configuration comes from `ftps-enforcer lb-config --format haproxy` (the
 * product's own output); the failure scenarios are that configuration with one
 * piece taken out, exactly the way an operator gets it wrong.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNs } from './exec.js';

/** healthy: as generated; no-passive-range: the 50000-50099 frontend left out; no-persistence: no stick rules. */
export type LbScenario = 'healthy' | 'no-passive-range' | 'no-persistence';

/** Removes what the scenario says the operator forgot. Throws if the generated file lacks the piece (the seam changed). */
export function breakLbConfig(config: string, scenario: LbScenario): string {
  if (scenario === 'healthy') return config;
  const blocks = config.split(/\n(?=\S)/);
  if (scenario === 'no-passive-range') {
    const kept = blocks.filter((b) => !/^frontend\b[\s\S]*\bbind\s+\S+:\d+-\d+/.test(b));
    if (kept.length === blocks.length) throw new Error('no frontend binding a port range in the HAProxy configuration');
    return kept.join('\n');
  }
  if (!/^\s*stick\b/m.test(config)) throw new Error('no stick rules in the HAProxy configuration');
  // Without persistence each connection is balanced on its own: round robin sends the data connection elsewhere every other time.
  return config
    .split('\n')
    .filter((l) => !/^\s*stick(-table)?\b/.test(l))
    .map((l) => l.replace(/^(\s*)balance\s+\S+/, '$1balance roundrobin'))
    .join('\n');
}

export class HaproxyProcess {
  private pid: number | undefined;
  constructor(readonly ns: string, readonly dir: string) {}

  /** (Re)starts HAProxy with this configuration and waits until it listens on the control port. */
  async start(config: string, listenCheck: string): Promise<void> {
    this.stop();
    const file = join(this.dir, 'haproxy.cfg');
    writeFileSync(file, config);
    const check = inNs(this.ns, 'haproxy', ['-c', '-q', '-f', file]);
    if (check.status !== 0) throw new Error(`HAProxy rejects ${file}: ${check.stderr.trim()}`);
    const child = spawn('ip', ['netns', 'exec', this.ns, 'haproxy', '-db', '-f', file], { detached: true, stdio: 'ignore' });
    child.unref();
    this.pid = child.pid;
    for (let i = 0; i < 100; i++) {
      if (inNs(this.ns, 'ss', ['-Hltn', `sport = :${listenCheck}`]).stdout.trim()) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`HAProxy did not listen on :${listenCheck} within 3 s`);
  }

  stop(): void {
    if (this.pid === undefined) return;
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      // gone
    }
    this.pid = undefined;
  }
}
