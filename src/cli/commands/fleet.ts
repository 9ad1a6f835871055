import type { CliCommand } from '../command.js';
import type { FleetArgs } from '../../fleet/run-fleet.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

export const fleetCommand: CliCommand<FleetArgs> = {
  command: 'fleet [reports..]',
  describe: 'Compare backends behind one VIP (address, passive range, certificate, SSL policies) and name the odd one out; --collect makes one backend\'s report. Exit 0 consistent, 2 differences or drift, 1 error.',
  builder: (y) =>
    y
      .positional('reports', { type: 'string', array: true, describe: 'Fleet reports, one per backend (from `fleet --collect`)' })
      .option('format', { choices: FORMATS, default: 'text' as const, describe: 'Report format' })
      .option('output', { type: 'string', describe: 'Write the result to this file instead of stdout' })
      .option('collect', { type: 'boolean', default: false, describe: 'Make this backend\'s fleet report (read-only, like audit)' })
      .option('desired', { type: 'string', describe: 'With --collect: the desired-state file' })
      .option('config', { type: 'string', describe: 'With --collect: applicationHost.config (default on Windows: IIS\'s own)' })
      .option('backend-name', { type: 'string', alias: 'host', describe: 'With --collect: the name this backend is reported under (default: the computer name)' }),
  examples: [
    ['$0 fleet --collect --desired desired.json --output iis1.json', 'On each backend: this backend\'s report (read-only)'],
    ['$0 fleet iis1.json iis2.json iis3.json --format markdown', 'Anywhere: compare the backends and name the odd one out'],
  ],
  run: async (args, io) => (await import('../../fleet/run-fleet.js')).runFleetCommand(args, io),
};
