/**
 * A lab for one apply test: a temp folder with a copy of a fixture, the
 * WebAdministration test double first on PSModulePath, its state folder, the
 * lock folder, and a `pwsh` wrapper that counts how many PowerShell processes
 * the CLI starts (one line per start in a counter file, then exec the real one).
 */
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { cliPath, repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';
import { spawnCollect } from '../../support/run-cli.js';
import { realApplicationHostConfig, webAdminTarget, type WebAdminTarget } from './webadmin-target.js';

export const applyFixtures = join(repoRoot, 'test', 'integration', 'apply', 'fixtures');
export const desiredFile = join(applyFixtures, 'desired.json');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ServiceState {
  status: string;
  restartCount: number;
  setCalls?: number;
  [flag: string]: unknown;
}

export class ApplyLab {
  readonly dir: string;
  readonly stateDir: string;
  readonly lockDir: string;
  readonly counter: string;
  readonly wrapper: string;
  readonly pwsh: string;
  /** The WebAdministration this lab drives (webadmin-target.ts): the double, or Windows' own. */
  readonly target: WebAdminTarget = webAdminTarget();
  /** real target: the machine's applicationHost.config as it was before this lab replaced it. */
  private realOriginal?: string;
  private readonly createdAt = new Date();

  /** Copies `fixtures/<name>/` (every file in it) into a fresh temp folder (and, on real IIS, over the real configuration). */
  constructor(fixtureName: string) {
    if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does).`);
    this.pwsh = findPwsh();
    this.dir = mkdtempSync(join(tmpdir(), 'ftps-apply-'));
    cpSync(join(applyFixtures, fixtureName), join(this.dir, 'config'), { recursive: true });
    this.stateDir = join(this.dir, 'double-state');
    this.lockDir = join(this.dir, 'enforcer-state');
    this.counter = join(this.dir, 'pwsh-starts.txt');
    // On real IIS (Windows) the CLI starts Windows' PowerShell itself: no shell wrapper, so no start count.
    this.wrapper = this.target === 'real' ? this.pwsh : join(this.dir, 'pwsh-counting.sh');
    if (this.target === 'double') {
      writeFileSync(this.wrapper, `#!/bin/sh\necho start >> "$FTPS_TEST_PWSH_COUNTER"\nexec "$FTPS_TEST_REAL_PWSH" "$@"\n`);
      chmodSync(this.wrapper, 0o755);
    } else {
      this.realOriginal = join(this.dir, 'real-applicationHost.config.orig');
      copyFileSync(realApplicationHostConfig(), this.realOriginal);
      copyFileSync(join(this.dir, 'config', 'applicationHost.config'), realApplicationHostConfig());
    }
  }

  path(...parts: string[]): string {
    return join(this.dir, 'config', ...parts);
  }

  get configFile(): string {
    return this.target === 'real' ? realApplicationHostConfig() : this.path('applicationHost.config');
  }

  /** Where WebAdministration comes from: the double first on PSModulePath, or the system's own module. */
  private webAdminEnv(): Record<string, string> {
    if (this.target === 'real') return {};
    return {
      PSModulePath: `${join(repoRoot, 'test', 'doubles')}${delimiter}${process.env.PSModulePath ?? ''}`,
      FTPS_DOUBLE_APPHOST: this.configFile,
      FTPS_DOUBLE_STATE_DIR: this.stateDir,
    };
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return pwshEnv({
      ...this.webAdminEnv(),
      FTPS_ENFORCER_STATE_DIR: this.lockDir,
      FTPS_TEST_PWSH_COUNTER: this.counter,
      FTPS_TEST_REAL_PWSH: this.pwsh,
      NO_COLOR: '1',
      ...extra,
    });
  }

  /** `ftps-enforcer apply --config <copy> --powershell <counting wrapper> ...args`, as a real process. */
  apply(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    return this.cli(['apply', '--config', this.configFile, '--powershell', this.wrapper, ...args], extraEnv);
  }

  cli(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    return spawnCollect(process.execPath, [cliPath, ...args], { cwd: this.dir, env: this.env(extraEnv) });
  }

  /** How many PowerShell processes the CLI started so far. */
  pwshStarts(): number {
    return existsSync(this.counter) ? readFileSync(this.counter, 'utf8').split('\n').filter(Boolean).length : 0;
  }

  service(): ServiceState {
    if (this.target === 'real') {
      // Windows' own ftpsvc: its status, and its starts since this lab began, counted from the Service Control
      // Manager's "entered the running state" events (7036) for ftpsvc (param1 is the display name).
      const script = [
        `$since = [datetime]::Parse('${this.createdAt.toISOString()}').ToLocalTime()`,
        '$name = (Get-Service ftpsvc).DisplayName',
        "$starts = @(Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Service Control Manager'; Id = 7036; StartTime = $since } -ErrorAction SilentlyContinue | Where-Object { $_.Properties[0].Value -eq $name -and $_.Properties[1].Value -eq 'running' }).Count",
        "'{0} {1}' -f (Get-Service ftpsvc).Status, $starts",
      ].join('; ');
      const r = spawnSync(this.pwsh, ['-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8' });
      const [status = '', starts = 'NaN'] = r.stdout.trim().split(' ');
      return { status, restartCount: Number(starts) };
    }
    const p = join(this.stateDir, 'ftpsvc.json');
    if (!existsSync(p)) return { status: 'Running', restartCount: 0 };
    return JSON.parse(readFileSync(p, 'utf8').replace(/^\uFEFF/, '')) as ServiceState;
  }

  /** Sets ftpsvc state and failure injection flags for the double. */
  setService(state: Partial<ServiceState>): void {
    if (this.target === 'real') throw new Error('this test injects faults through the WebAdministration double (ftpsvc.json); it cannot run with FTPS_WEBADMIN_TARGET=real');
    mkdirSync(this.stateDir, { recursive: true });
    writeFileSync(join(this.stateDir, 'ftpsvc.json'), JSON.stringify({ status: 'Running', restartCount: 0, ...state }));
  }

  cleanup(): void {
    if (this.realOriginal) copyFileSync(this.realOriginal, realApplicationHostConfig());
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The JSON report of a run made with `--format json`. */
export function report(r: RunResult): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not a JSON report (exit ${r.code}):\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
}

/** applicationHost.config as a tree (attributes prefixed with @_), to check what landed where. */
export function parseConfig(file: string): any {
  const xml = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'site' || name === 'binding' }).parse(xml);
}

/** The `<site>` element with this name. */
export function siteNamed(tree: any, name: string): any {
  const sites = tree.configuration['system.applicationHost'].sites;
  const found = (sites.site as any[]).find((s) => s['@_name'] === name);
  if (!found) throw new Error(`no site named ${name}`);
  return found;
}
