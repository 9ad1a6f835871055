/**
 * One PowerShell process for a whole run, behind a small interface so the
 * unmaintained node-powershell can be swapped out without touching the apply
 * flow. Calls go through `buildAgentCall` only (see agent-call.ts).
 */
import { PrerequisiteError } from '../core/errors.js';
import { buildAgentCall, parseAgentOutput, SESSION_SETUP_LINE, type AgentFunction } from './agent-call.js';
import { findExecutable } from './executable.js';

export interface PowerShellSession {
  /** Calls an agent function with a JSON payload and returns its JSON result. */
  call<T>(fn: AgentFunction, payload: unknown): Promise<T>;
  /** Ends the process (also after an error); safe to call twice. */
  close(): Promise<void>;
  /** Everything PowerShell wrote on stderr so far, for the report. */
  stderr(): string;
  readonly executable: string;
  /** The PowerShell process id (recorded in the lock owner record, so a later run can wait for an orphan). */
  readonly pid?: number;
}

export interface SessionOptions {
  executable: string;
  /** The agent module manifest (.psd1). */
  modulePath: string;
  env: NodeJS.ProcessEnv;
  /** Limit for each call, in milliseconds. */
  timeoutMs: number;
  platform: NodeJS.Platform;
  cwd: string;
}

/** The PowerShell executable does not exist: nothing was started. */
export class PowerShellNotFoundError extends PrerequisiteError {}

/** A call that did not produce a result: the process died, timed out, or answered with something else. */
export class PowerShellCallError extends Error {
  override readonly name = 'PowerShellCallError';
  constructor(readonly kind: 'timeout' | 'exited' | 'no-result', message: string) {
    super(message);
  }
}

interface InvocationResult { hadErrors: boolean; stdout?: Buffer; stderr?: Buffer; raw: string }
interface Shell {
  invoke(command: string): Promise<InvocationResult>;
  dispose(signal?: NodeJS.Signals): Promise<void>;
  streams: { stdin: NodeJS.WritableStream; stdout: NodeJS.ReadableStream };
  process?: { pid?: number };
}

export async function openPowerShellSession(opts: SessionOptions): Promise<PowerShellSession> {
  const found = findExecutable(opts.executable, opts.env, opts.platform, opts.cwd);
  if (!found) {
    throw new PowerShellNotFoundError(`PowerShell was not found at "${opts.executable}": install PowerShell (Windows PowerShell 5.1 or PowerShell 7) or give its path with --powershell.`);
  }
  const { PowerShell } = (await import('node-powershell')) as unknown as { PowerShell: new (o: object) => Shell };
  // node-powershell lets NODE_POWERSHELL override the executable; --powershell must win.
  const saved = process.env.NODE_POWERSHELL;
  delete process.env.NODE_POWERSHELL;
  let shell: Shell;
  try {
    shell = new PowerShell({
      executable: found,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true, ...(opts.platform === 'win32' ? { '-ExecutionPolicy': 'Bypass' } : {}) },
      spawnOptions: { env: { ...opts.env, FTPS_ENFORCER_AGENT_MODULE: opts.modulePath }, cwd: opts.cwd },
      invocationTimeout: opts.timeoutMs,
      throwOnInvocationError: false,
    });
  } finally {
    if (saved !== undefined) process.env.NODE_POWERSHELL = saved;
  }
  // The library keeps a promise that settles when the process exits (and rejects on a crash, which calls
  // see themselves); it is the one way to wait for a clean exit.
  const exited = ((shell as unknown as { exitPromise?: Promise<void> }).exitPromise ?? Promise.resolve()).catch(() => undefined);

  let stderr = '';
  let closed = false;
  const invoke = async (line: string, what: string): Promise<string> => {
    let r: InvocationResult;
    try {
      r = await shell.invoke(line);
    } catch (err) {
      throw new PowerShellCallError('exited', `PowerShell (${found}) exited during ${what}: ${libraryMessage(err)}`);
    }
    if (r.stderr?.length) stderr += r.stderr.toString('utf8');
    if (r.stdout === undefined) {
      throw new PowerShellCallError('timeout', `PowerShell did not finish ${what} within ${Math.round(opts.timeoutMs / 1000)} seconds (--timeout).`);
    }
    return r.stdout.toString('utf8');
  };

  const session: PowerShellSession = {
    executable: found,
    ...(shell.process?.pid !== undefined ? { pid: shell.process.pid } : {}),
    async call<T>(fn: AgentFunction, payload: unknown): Promise<T> {
      const out = await invoke(buildAgentCall(fn, payload), fn);
      const result = parseAgentOutput(out);
      if (result === undefined) {
        throw new PowerShellCallError('no-result', `${fn} returned no result${stderr ? `: ${lastLine(stderr)}` : ''}.`);
      }
      return result as T;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // Ask PowerShell to exit; kill it only if it does not within a few seconds.
        shell.streams.stdin.write('exit\n');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000).unref())]);
      } catch {
        // already gone
      }
      await shell.dispose('SIGKILL').catch(() => undefined);
    },
    stderr: () => stderr,
  };

  try {
    await invoke(SESSION_SETUP_LINE, 'loading the agent module');
    if (stderr.trim()) {
      throw new PrerequisiteError(`PowerShell (${found}) could not load the agent module ${opts.modulePath}: ${lastLine(stderr)}`);
    }
  } catch (err) {
    await session.close();
    throw err;
  }
  return session;
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.slice(-3).join(' ');
}

/**
 * child-shell's message on one line: it reads "Shell process N exited.\nundefined" when the process died
 * without an error of its own, and the CLI's error is one line.
 */
function libraryMessage(err: unknown): string {
  const lines = String((err as Error)?.message ?? '').split('\n').map((l) => l.trim()).filter((l) => l && l !== 'undefined');
  return lines.join(' ').replace(/\.$/, '') || 'no message';
}
