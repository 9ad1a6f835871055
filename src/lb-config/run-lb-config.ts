/** `lb-config`: load the desired state, build the topology, render, write. Never touches IIS. */
import { resolve } from 'node:path';
import type { CliIo } from '../cli/io.js';
import type { GlobalOptions } from '../app/global-options.js';
import { ExitCode } from '../core/errors.js';
import { loadDesiredState } from '../desired/load-desired.js';
import { RunFiles } from '../app/run-files.js';
import { TOOL_VERSION } from '../version.js';
import { buildLbTopology } from './lb-topology.js';
import { renderLbConfig, type LbFormat } from './render.js';

export interface LbConfigArgs {
  format: LbFormat;
  desired: string;
  backend: string[];
  bind?: string;
  checkInterval?: number;
  persistence?: number;
  idleTimeout?: number;
  statsSocket?: string;
  peer?: string[];
  maxconn?: number;
  output?: string;
}

export async function runLbConfigCommand(args: LbConfigArgs & GlobalOptions, io: CliIo): Promise<number> {
  const files = new RunFiles(args, io).addInput('desired-state file', args.desired);
  files.refuseOutputsOverInputs();
  const loaded = loadDesiredState(resolve(io.cwd, args.desired));
  const topology = buildLbTopology(
    loaded.desired,
    {
      backends: args.backend,
      bind: args.bind,
      checkIntervalSeconds: args.checkInterval,
      persistenceMinutes: args.persistence,
      idleTimeoutMinutes: args.idleTimeout,
      statsSocket: args.statsSocket,
      peers: args.peer ?? [],
      maxconn: args.maxconn,
    },
    { file: args.desired, contentHash: loaded.contentHash, toolVersion: TOOL_VERSION },
  );
  const text = renderLbConfig(topology, args.format);
  if (args.output) files.write('output', text, `${args.format} configuration`);
  else io.stdout.write(text);
  return ExitCode.Compliant;
}
