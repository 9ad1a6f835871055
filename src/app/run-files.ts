/**
 * The one place that knows what a run reads and what it writes, and refuses
 * an output that would land on an input (DESIGN.md, safety rules: a report,
 * plan, script or log written over applicationHost.config, a configSource
 * file, the desired state or the plan being applied would destroy it).
 *
 * Paths are compared as the file system resolves them (symlinks followed; an
 * output that does not exist yet through its folder), case-insensitively on
 * Windows. Every command checks before it opens any output, the log file
 * included, and writes each output atomically.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { CliIo } from '../cli/io.js';
import { OutputOverInputError, UserError } from '../core/errors.js';
import type { Plan } from '../core/plan.js';

/** Every option that names a file the run writes; a new output option is added here, and is then guarded like these. */
export const OUTPUT_OPTIONS = { output: '--output', out: '--out', emitScript: '--emit-script', logFile: '--log-file' } as const;
export type OutputOption = keyof typeof OUTPUT_OPTIONS;

/** What an input is, in the words of the refusal. */
export type InputRole = 'configuration' | 'redirection.config' | 'configSource file' | 'desired-state file' | 'saved plan' | 'input file';

interface Input {
  role: InputRole;
  path: string;
  real: string;
}

/** The path as the file system resolves it: symlinks followed; a file that does not exist yet, through its nearest existing folder. */
export function realPath(path: string, realpath: (p: string) => string = realpathSync.native): string {
  try {
    return realpath(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    return join(realPath(parent, realpath), basename(path));
  }
}

/** Whether two resolved paths name one file: Windows file systems ignore case. */
export function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export class RunFiles {
  private readonly inputs: Input[] = [];
  private readonly outputs: Array<{ option: OutputOption; path: string; real: string }> = [];

  constructor(args: Partial<Record<OutputOption, string>>, private readonly io: Pick<CliIo, 'cwd' | 'platform'>) {
    for (const option of Object.keys(OUTPUT_OPTIONS) as OutputOption[]) {
      const given = args[option];
      if (!given) continue;
      const path = resolve(io.cwd, given);
      this.outputs.push({ option, path, real: realPath(path) });
    }
  }

  /** The --log-file path, resolved; open it only after `refuseOutputsOverInputs` passed. */
  get logFile(): string | undefined {
    return this.outputs.find((o) => o.option === 'logFile')?.path;
  }

  addInput(role: InputRole, path: string | undefined): this {
    if (path) {
      const abs = resolve(this.io.cwd, path);
      this.inputs.push({ role, path: abs, real: realPath(abs) });
    }
    return this;
  }

  /** Every file a plan was made from: the configuration (as given and as redirected), redirection.config, configSource files, the desired state. */
  addPlanInputs(plan: Pick<Plan, 'config' | 'desired'>): this {
    const c = plan.config;
    this.addInput('configuration', c.requestedFile).addInput('configuration', c.configFile);
    if (c.redirection) this.addInput('redirection.config', c.redirection.redirectionConfig);
    for (const f of c.filesRead) {
      if (f === c.configFile || f === c.redirection?.redirectionConfig) continue;
      this.addInput(/[\\/]redirection\.config$/i.test(f) ? 'redirection.config' : 'configSource file', f);
    }
    return this.addInput('desired-state file', plan.desired.file);
  }

  /** Throws before anything is written when an output names an input known so far, or two outputs name one file. */
  refuseOutputsOverInputs(): void {
    const same = (a: string, b: string) => samePath(a, b, this.io.platform);
    for (const o of this.outputs) {
      const hit = this.inputs.find((i) => same(i.real, o.real));
      if (hit) {
        throw new OutputOverInputError(`${OUTPUT_OPTIONS[o.option]} ${o.path} is the ${hit.role} ${hit.path} this run reads, so writing it would destroy an input; nothing was written: give ${OUTPUT_OPTIONS[o.option]} another file.`);
      }
      const twice = this.outputs.find((p) => p !== o && same(p.real, o.real));
      if (twice) {
        throw new OutputOverInputError(`${OUTPUT_OPTIONS[o.option]} and ${OUTPUT_OPTIONS[twice.option]} both name ${o.path}; nothing was written: give each output its own file.`);
      }
    }
  }

  /** Checks again (inputs may have been added since), then writes `content` atomically: a reader never sees half of it. */
  write(option: Exclude<OutputOption, 'logFile'>, content: string, what: string): void {
    const out = this.outputs.find((o) => o.option === option);
    if (!out) throw new Error(`run-files: ${OUTPUT_OPTIONS[option]} was not given`);
    this.refuseOutputsOverInputs();
    try {
      writeFileAtomic.sync(out.path, content, { encoding: 'utf8' });
    } catch (err) {
      throw new UserError(`Could not write the ${what} to ${out.path}: ${(err as Error).message}; check the folder exists and is writable.`, undefined, { cause: err });
    }
  }
}
