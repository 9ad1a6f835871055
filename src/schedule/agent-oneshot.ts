/**
 * A single short PowerShell process for the scheduled-task and ACL calls into
 * the static agent module (these run once per install/status/remove, not per
 * enforcement run). Same boundary as apply's session: fixed code, a function
 * name from this allow-list, data as base64 of UTF-8 JSON inside a
 * single-quoted literal; the whole script goes in -EncodedCommand, so no
 * quoting of a command line is involved either.
 */
import { spawn } from 'node:child_process';
import { PrerequisiteError, UserError } from '../core/errors.js';
import { agentModulePath, defaultPowerShellExecutable, findExecutable } from '../powershell/executable.js';

export const SCHEDULE_AGENT_FUNCTIONS = ['Get-FtpsFileAcl', 'Register-FtpsEnforcerTask', 'Get-FtpsEnforcerTask', 'Unregister-FtpsEnforcerTask'] as const;
export type ScheduleAgentFunction = (typeof SCHEDULE_AGENT_FUNCTIONS)[number];

export interface AgentCall {
  fn: ScheduleAgentFunction;
  payload: unknown;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The script: fixed setup, then one fixed-shape call line per call. Pure. */
export function buildOneShotScript(calls: readonly AgentCall[]): string {
  const lines = [
    "$ErrorActionPreference = 'Stop'",
    "$ProgressPreference = 'SilentlyContinue'",
    '[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false)',
    'Import-Module -Name $env:FTPS_ENFORCER_AGENT_MODULE -Force',
  ];
  for (const c of calls) {
    if (!(SCHEDULE_AGENT_FUNCTIONS as readonly string[]).includes(c.fn)) throw new Error(`not a schedule agent function: ${String(c.fn)}`);
    const b64 = Buffer.from(JSON.stringify(c.payload ?? {}), 'utf8').toString('base64');
    if (!BASE64.test(b64)) throw new Error('base64 encoding produced an unexpected character');
    lines.push(`${c.fn} -PayloadBase64 '${b64}'`);
  }
  return lines.join('\n');
}

/** PowerShell's -EncodedCommand: base64 of the UTF-16LE script. */
export function encodeCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export interface OneShotOptions {
  executable?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  platform: NodeJS.Platform;
  timeoutMs?: number;
}

/** Runs the calls in one process; returns each call's JSON result, in order. */
export async function runAgentOneShot(calls: readonly AgentCall[], o: OneShotOptions): Promise<unknown[]> {
  const wanted = o.executable ?? defaultPowerShellExecutable(o.platform);
  const exe = findExecutable(wanted, o.env, o.platform, o.cwd);
  if (!exe) throw new PrerequisiteError(`PowerShell was not found at "${wanted}": install PowerShell (Windows PowerShell 5.1 or PowerShell 7) or give its path with --powershell.`);
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', ...(o.platform === 'win32' ? ['-ExecutionPolicy', 'Bypass'] : []), '-EncodedCommand', encodeCommand(buildOneShotScript(calls))];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(exe, args, { cwd: o.cwd, env: { ...o.env, FTPS_ENFORCER_AGENT_MODULE: agentModulePath() }, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill(), o.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: out, stderr: err });
    });
  });
  const results = stdout
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as unknown);
  if (code !== 0 || results.length !== calls.length) {
    const why = stderr.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').trim().split(/\r?\n/).slice(0, 3).join(' ') || `exit code ${code}`;
    throw new UserError(`PowerShell (${exe}) failed while calling ${calls.map((c) => c.fn).join(', ')}: ${why}`);
  }
  return results;
}
