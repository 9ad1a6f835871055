/**
 * One timed command of the apply section, and the lab an `ftps-enforcer apply`
 * runs in: a temp copy of a fixture, the WebAdministration test double first
 * on PSModulePath with its own state folder, a lock folder, and a `pwsh`
 * wrapper that appends a line to a counter file for every PowerShell process
 * it starts (the same set-up as test/integration/apply/harness.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findPwsh, pwshEnv } from '../../test/support/pwsh.js';
import { fixturePath, repoRoot } from '../paths.js';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** One run of a command: wall time from here, CPU (user + system, children included) from GNU time. */
export interface TimedRun {
  wallMs: number;
  cpuMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs argv to completion; CPU is NaN without /usr/bin/time. */
export function timed(argv: string[], env: NodeJS.ProcessEnv): TimedRun {
  const full = TIME ? [TIME, '-f', 'cpu %U %S', ...argv] : argv;
  const t0 = performance.now();
  const r = spawnSync(full[0]!, full.slice(1), { env, encoding: 'utf8', maxBuffer: 16 << 20, timeout: 180_000 });
  const wallMs = performance.now() - t0;
  let stderr = r.stderr ?? '';
  let cpuMs = NaN;
  const m = TIME ? /(?:^|\n)cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr) : null;
  if (m) {
    cpuMs = (Number(m[1]) + Number(m[2])) * 1000;
    stderr = stderr.slice(0, m.index);
  }
  return { wallMs, cpuMs, code: r.status, stdout: r.stdout ?? '', stderr: stderr || (r.error ? String(r.error) : '') };
}

/** What one apply cost, from the counting wrapper and the double's ftpsvc.json. */
export interface ApplyCounts {
  processes: number;
  commits: number;
  restarts: number;
}

export class ApplyBenchLab {
  readonly dir = mkdtempSync(join(tmpdir(), 'ftps-bench-apply-'));
  readonly configFile = join(this.dir, 'applicationHost.config');
  private readonly stateDir = join(this.dir, 'double-state');
  private readonly counter = join(this.dir, 'pwsh-starts.txt');
  private readonly wrapper = join(this.dir, 'pwsh-counting.sh');

  /** Copies fixtures/<fixture>/applicationHost.config into a fresh lab. */
  constructor(fixture: string, private readonly pwsh = findPwsh()) {
    copyFileSync(fixturePath(fixture, 'applicationHost.config'), this.configFile);
    mkdirSync(this.stateDir);
    writeFileSync(this.wrapper, `#!/bin/sh\necho start >> "${this.counter}"\nexec "${this.pwsh}" "$@"\n`);
    chmodSync(this.wrapper, 0o755);
  }

  /** `ftps-enforcer apply --format json` against fixtures/desired.json, through the counting wrapper. */
  apply(): TimedRun {
    const cli = join(repoRoot(), 'dist', 'src', 'cli', 'main.js');
    const argv = [process.execPath, cli, 'apply', '--config', this.configFile, '--desired', fixturePath('desired.json'), '--powershell', this.wrapper, '--format', 'json'];
    return timed(argv, pwshEnv({
      PSModulePath: `${join(repoRoot(), 'test', 'doubles')}${delimiter}${process.env.PSModulePath ?? ''}`,
      FTPS_DOUBLE_APPHOST: this.configFile,
      FTPS_DOUBLE_STATE_DIR: this.stateDir,
      FTPS_ENFORCER_STATE_DIR: join(this.dir, 'enforcer-state'),
      NO_COLOR: '1',
    }));
  }

  counts(): ApplyCounts {
    const processes = existsSync(this.counter) ? readFileSync(this.counter, 'utf8').split('\n').filter(Boolean).length : 0;
    const statePath = join(this.stateDir, 'ftpsvc.json');
    // No state file: the double was never loaded, so nothing was committed or restarted.
    const state = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8').replace(/^\uFEFF/, '')) as { commitCount?: number; restartCount?: number }) : {};
    return { processes, commits: state.commitCount ?? 0, restarts: state.restartCount ?? 0 };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
