/**
 * Runs a command resource the way DSC v3 does, from its manifest: the
 * operation's executable and args, the instance as compressed JSON on stdin
 * (input: stdin), and the output read per `return` (one JSON Line for
 * `state`, two for `stateAndDiff`), every state validated against the
 * manifest's embedded instance schema. Not DSC itself (no DSC build here);
 * the manifest rules come from DSC's reference docs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileInstanceSchema } from './dsc-instance-schema.js';
import { dirname } from 'node:path';
import { cliPath, repoRoot } from '../../support/paths.js';
import { findPwsh } from '../../support/pwsh.js';

export const manifestPath = join(repoRoot, 'dsc', 'ftps-enforcer.dsc.resource.json');
export const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** A PATH folder holding `ftps-enforcer`, as an installed package would provide it. */
export function agentOnPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dsc-path-'));
  const shim = join(dir, 'ftps-enforcer');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

export interface DscResult {
  exitCode: number | null;
  state?: Record<string, unknown>;
  diff?: string[];
  stderrLines: unknown[];
}

const instanceValidator = compileInstanceSchema(manifest.schema.embedded, { allErrors: true });

export function invoke(operation: 'get' | 'test' | 'set' | 'whatIf', instance: object, env: NodeJS.ProcessEnv = {}): DscResult {
  const method = manifest[operation];
  if (!method) throw new Error(`the manifest has no ${operation} method`);
  const path = agentOnPath();
  const r = spawnSync(method.executable, method.args, {
    input: method.input === 'stdin' ? JSON.stringify(instance) : '',
    encoding: 'utf8',
    // pwsh on PATH too: `dsc set` starts the default PowerShell, as it would on a server.
    env: { ...process.env, ...env, PATH: `${path}:${dirname(findPwsh())}:${process.env.PATH}` },
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  const stderrLines = r.stderr.split('\n').filter(Boolean).map((l) => {
    try {
      return JSON.parse(l);
    } catch {
      return l;
    }
  });
  if (r.status !== 0) return { exitCode: r.status, stderrLines };
  const lines = r.stdout.split('\n').filter(Boolean);
  const kind = method.return ?? 'state';
  const expected = operation === 'get' ? 1 : kind === 'stateAndDiff' ? 2 : 1;
  if (lines.length !== expected) throw new Error(`${operation} printed ${lines.length} JSON lines, DSC expects ${expected}: ${r.stdout}`);
  const state = JSON.parse(lines[0]!) as Record<string, unknown>;
  if (!instanceValidator(state)) throw new Error(`${operation} state fails the embedded instance schema: ${JSON.stringify(instanceValidator.errors)}`);
  if (operation === 'test' && typeof state._inDesiredState !== 'boolean') throw new Error('test must return _inDesiredState');
  const diff = expected === 2 ? JSON.parse(lines[1]!) : undefined;
  if (diff !== undefined && (!Array.isArray(diff) || diff.some((d: unknown) => typeof d !== 'string') || new Set(diff).size !== diff.length || diff.includes('_inDesiredState'))) {
    throw new Error(`${operation} diff must be an array of unique property names: ${lines[1]}`);
  }
  return { exitCode: r.status, state, diff, stderrLines };
}
