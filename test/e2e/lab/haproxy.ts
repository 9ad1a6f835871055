/**
 * The load balancer: HAProxy in TCP mode in the LB namespace. Its
 * configuration comes from `ftps-enforcer lb-config --format haproxy` (the
 * product's own output); the failure scenarios are that configuration with one
 * piece taken out, exactly the way an operator gets it wrong.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inNs, processGone, run } from './exec.js';

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

/**
 * HAProxy needs about two descriptors per connection and refuses to start when
 * it cannot raise its limit ("Cannot raise FD limit"); containers often cap the
 * hard limit below what a production maxconn needs. The lab makes a handful of
 * connections, so it lowers the global maxconn to fit, and changes nothing else.
 */
export function fitMaxconn(config: string, fdHardLimit: number): string {
  const fit = Math.max(100, Math.floor((fdHardLimit - 200) / 2));
  return config.replace(/^(\s*maxconn\s+)(\d+)/m, (all, lead: string, n: string) => (Number(n) > fit ? `${lead}${fit}` : all));
}

export function fdHardLimit(): number {
  const n = Number(run('sh', ['-c', 'ulimit -Hn']).stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : 1_048_576;
}

export class HaproxyProcess {
  private pid: number | undefined;
  constructor(readonly ns: string, readonly dir: string) {}

  /** (Re)starts HAProxy with this configuration and waits until it listens on the control port. */
  async start(config: string, listenCheck: string): Promise<void> {
    await this.stop();
    const file = join(this.dir, 'haproxy.cfg');
    writeFileSync(file, fitMaxconn(config, fdHardLimit()));
    const check = inNs(this.ns, 'haproxy', ['-c', '-q', '-f', file]);
    if (check.status !== 0) throw new Error(`HAProxy rejects ${file}: ${check.stderr.trim()}`);
    const child = spawn('ip', ['netns', 'exec', this.ns, 'haproxy', '-db', '-f', file], { detached: true, stdio: 'ignore' });
    child.unref();
    this.pid = child.pid;
    for (let i = 0; i < 300; i++) {
      if (inNs(this.ns, 'ss', ['-Hltn', `sport = :${listenCheck}`]).stdout.trim()) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`HAProxy did not listen on :${listenCheck} within 10 s`);
  }

  /** Kills HAProxy and waits until it is gone, so the next one can bind the same ports. */
  async stop(): Promise<void> {
    const pid = this.pid;
    if (pid === undefined) return;
    this.pid = undefined;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    for (let i = 0; i < 200 && !processGone(pid); i++) await new Promise((r) => setTimeout(r, 10));
  }
}
