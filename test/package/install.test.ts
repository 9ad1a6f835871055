/**
 * Install-FtpsEnforcer / install.ps1 / Uninstall-FtpsEnforcer with real pwsh. What Linux lacks is doubled
 * as Windows documents it: icacls and reg (test/doubles/windows-tools, on PATH), Get-Acl (FileAcl) and the
 * scheduled tasks (ScheduledTasks), through PSModulePath as on Windows. Program Files and ProgramData are
 * temp folders given as parameters; the release folder is the repository's own files with an
 * ftps-enforcer.exe that starts the built CLI (the real one, whose `schedule install` registers the task).
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cliPath, fixture, repoRoot } from '../support/paths.js';
import { findPwsh, pwshEnv } from '../support/pwsh.js';
import { spawnCollect } from '../support/run-cli.js';

const ENV_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CURRENTCONTROLSET\\CONTROL\\SESSION MANAGER\\ENVIRONMENT';
const WINDOWS_MODULE_PATH = '%ProgramFiles%\\WindowsPowerShell\\Modules;%SystemRoot%\\system32\\WindowsPowerShell\\v1.0\\Modules';
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

class InstallLab {
  readonly dir = mkdtempSync(join(tmpdir(), 'ftps-install-'));
  readonly programFiles = join(this.dir, 'Program Files');
  readonly installPath = join(this.programFiles, 'ftps-enforcer');
  readonly stateDir = join(this.dir, 'ProgramData', 'ftps-enforcer');
  readonly desired = join(this.stateDir, 'desired.json');
  readonly aclFile = join(this.dir, 'acl.json');
  readonly registryFile = join(this.dir, 'registry.json');
  readonly doubleState = join(this.dir, 'double-state');

  constructor() {
    mkdirSync(this.programFiles, { recursive: true });
    mkdirSync(this.stateDir, { recursive: true });
    writeFileSync(this.desired, readFileSync(fixture('desired.json')));
    writeFileSync(join(this.stateDir, 'run-journal.jsonl'), '{"run":1}\n');
    // The machine's PSModulePath as Windows ships it: REG_EXPAND_SZ with unexpanded variables.
    writeFileSync(this.registryFile, JSON.stringify({ [ENV_KEY]: { PSModulePath: { type: 'REG_EXPAND_SZ', data: WINDOWS_MODULE_PATH } } }));
  }

  /** An unpacked release of `version`: the repository's modules and schema, an exe that starts the built CLI. */
  release(version: string): string {
    const dir = join(this.dir, `release-${version}`);
    for (const p of ['scripts/FtpsEnforcer', 'scripts/FtpsEnforcer.Agent', 'schema']) cpSync(join(repoRoot, p), join(dir, p), { recursive: true });
    cpSync(join(repoRoot, 'scripts', 'package', 'install.ps1'), join(dir, 'install.ps1'));
    writeFileSync(join(dir, 'README.txt'), `release ${version}\n`);
    writeFileSync(join(dir, 'ftps-enforcer.exe'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
    chmodSync(join(dir, 'ftps-enforcer.exe'), 0o755);
    return dir;
  }

  env(): NodeJS.ProcessEnv {
    return pwshEnv({
      PATH: `${join(repoRoot, 'test', 'doubles', 'windows-tools')}${delimiter}${process.env.PATH ?? ''}`,
      PSModulePath: `${join(repoRoot, 'test', 'doubles')}${delimiter}${process.env.PSModulePath ?? ''}`,
      FTPS_DOUBLE_STATE_DIR: this.doubleState,
      FTPS_DOUBLE_ACL_FILE: this.aclFile,
      FTPS_DOUBLE_REGISTRY_FILE: this.registryFile,
      NO_COLOR: '1',
    });
  }

  pwsh(script: string) {
    return spawnCollect(findPwsh(), ['-NoProfile', '-NonInteractive', '-Command', `$ErrorActionPreference = 'Stop'\ntry {\n${script}\n} catch { [Console]::Error.WriteLine($_.Exception.Message); exit 1 }`], { env: this.env(), cwd: this.dir }, 180_000);
  }

  machineModulePath(): { type: string; data: string } {
    return JSON.parse(readFileSync(this.registryFile, 'utf8'))[ENV_KEY].PSModulePath;
  }
  acl(path: string): any {
    return JSON.parse(readFileSync(this.aclFile, 'utf8'))[path];
  }
  tasks(): any[] {
    const f = join(this.doubleState, 'scheduled-tasks.json');
    return existsSync(f) ? [JSON.parse(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''))].flat() : [];
  }
  cleanup() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('install.ps1 / Install-FtpsEnforcer / Uninstall-FtpsEnforcer', () => {
  const lab = new InstallLab();
  after(() => lab.cleanup());
  const v1 = lab.release('1');
  const v2 = lab.release('2');

  test('install: files in Program Files, only Administrators and SYSTEM, module on the machine PSModulePath, the task registered', async () => {
    // Program Files as Windows sets it: inherited entries for Users and TrustedInstaller that must not reach the installation.
    writeFileSync(lab.aclFile, JSON.stringify({}));
    const r = await lab.pwsh(`& ${q(join(v1, 'install.ps1'))} -InstallPath ${q(lab.installPath)} -DesiredPath ${q(lab.desired)} -Every 15m -Mode audit | ConvertTo-Json -Compress`);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.equal(result.Upgraded, false);
    assert.match(result.Task, /^Registered \\ftps-enforcer\\Enforce IIS FTPS settings: ftps-enforcer audit of /);
    for (const f of ['ftps-enforcer.exe', 'install.ps1', 'README.txt', 'schema/desired-state.schema.json', 'scripts/FtpsEnforcer/FtpsEnforcer.psd1', 'scripts/FtpsEnforcer.Agent/FtpsEnforcer.Agent.psd1']) {
      assert.ok(existsSync(join(lab.installPath, f)), `${f} installed`);
    }
    const acl = lab.acl(lab.installPath);
    assert.deepEqual(acl.access.map((e: any) => [e.sid, e.rights, e.inherited, e.inheritance]).sort(), [
      ['S-1-5-18', 'FullControl', false, 'ContainerInherit, ObjectInherit'],
      ['S-1-5-32-544', 'FullControl', false, 'ContainerInherit, ObjectInherit'],
    ]);
    const modulePath = lab.machineModulePath();
    assert.equal(modulePath.type, 'REG_EXPAND_SZ', 'the value keeps its type');
    assert.equal(modulePath.data, `${WINDOWS_MODULE_PATH};${join(lab.installPath, 'scripts')}`, 'appended once, the variables kept');
    const [task] = lab.tasks();
    assert.ok(task, 'a task was registered');
    assert.ok(task.Actions[0].Arguments.includes(lab.desired));
    assert.ok(task.Actions[0].Arguments.includes('audit'));
  });

  test('the installed module loads from the machine PSModulePath and runs the installed agent (no -AgentPath, no PATH entry)', async () => {
    const r = await lab.pwsh([
      `$env:PSModulePath = ${q(join(lab.installPath, 'scripts'))}`,
      `Test-FtpsEnforcer -DesiredPath ${q(fixture('desired.json'))} -ConfigPath ${q(fixture('fixed-backend', 'applicationHost.config'))} -Quiet`,
      '(Get-Module FtpsEnforcer).ModuleBase',
    ].join('\n'));
    assert.equal(r.code, 0, r.stderr);
    const [quiet, base] = r.stdout.trim().split(/\r?\n/);
    assert.equal(quiet, 'True');
    assert.equal(base, join(lab.installPath, 'scripts', 'FtpsEnforcer'));
  });

  test('upgrade in place: new files, the state folder and desired state untouched, PSModulePath not doubled, task kept', async () => {
    writeFileSync(join(lab.installPath, 'scripts', 'FtpsEnforcer', 'Private', 'Removed-In-V2.ps1'), '# a file v2 no longer ships\n');
    const desiredBefore = readFileSync(lab.desired, 'utf8');
    const tasksBefore = lab.tasks();
    const r = await lab.pwsh(`Import-Module ${q(join(v2, 'scripts', 'FtpsEnforcer', 'FtpsEnforcer.psd1'))}; Install-FtpsEnforcer -InstallPath ${q(lab.installPath)} | ConvertTo-Json -Compress`);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()!).Upgraded, true);
    assert.equal(readFileSync(join(lab.installPath, 'README.txt'), 'utf8'), 'release 2\n');
    assert.ok(!existsSync(join(lab.installPath, 'scripts', 'FtpsEnforcer', 'Private', 'Removed-In-V2.ps1')), 'old files are gone');
    assert.ok(!existsSync(join(lab.installPath, 'ftps-enforcer.exe.old')), 'no leftover of the renamed executable');
    assert.equal(readFileSync(lab.desired, 'utf8'), desiredBefore);
    assert.deepEqual(readdirSync(lab.stateDir).sort(), ['desired.json', 'run-journal.jsonl']);
    assert.equal(lab.machineModulePath().data.split(';').filter((e) => e === join(lab.installPath, 'scripts')).length, 1);
    assert.deepEqual(lab.tasks(), tasksBefore, 'without -Every the task is left as it was');
  });

  test('refusals: not a release, -Every without -DesiredPath; nothing installed', async () => {
    const elsewhere = join(lab.dir, 'Program Files', 'other');
    const r1 = await lab.pwsh(`Import-Module ${q(join(v1, 'scripts', 'FtpsEnforcer', 'FtpsEnforcer.psd1'))}; Install-FtpsEnforcer -SourcePath ${q(lab.stateDir)} -InstallPath ${q(elsewhere)}`);
    assert.notEqual(r1.code, 0);
    assert.match(r1.stderr + r1.stdout, /is not an unpacked ftps-enforcer release \(ftps-enforcer\.exe is missing\)/);
    const r2 = await lab.pwsh(`& ${q(join(v1, 'install.ps1'))} -InstallPath ${q(elsewhere)} -Every 15m`);
    assert.notEqual(r2.code, 0);
    assert.match(r2.stderr + r2.stdout, /-Every registers the scheduled task, which needs -DesiredPath/);
    assert.ok(!existsSync(elsewhere));
  });

  test('uninstall: task, PSModulePath entry and files removed; the state folder stays', async () => {
    const r = await lab.pwsh(`& ${q(join(v2, 'install.ps1'))} -InstallPath ${q(lab.installPath)} -Uninstall | ConvertTo-Json -Compress`);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.ok(!existsSync(lab.installPath));
    assert.deepEqual(lab.tasks(), []);
    assert.equal(lab.machineModulePath().data, WINDOWS_MODULE_PATH);
    assert.deepEqual(readdirSync(lab.stateDir).sort(), ['desired.json', 'run-journal.jsonl']);
  });
});
