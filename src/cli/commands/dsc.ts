import type { CliCommand } from '../command.js';
import type { DscArgs } from '../../dsc/run-dsc.js';

const OPERATIONS = ['get', 'test', 'set'] as const;

/** Reads all of stdin (DSC sends the instance there as one JSON object). */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const dscCommand: CliCommand<DscArgs> = {
  command: 'dsc <operation>',
  describe: 'Microsoft DSC v3 resource entry point (dsc/ftps-enforcer.dsc.resource.json): the instance as JSON on stdin, JSON Lines out; exit 0 unless an error.',
  builder: (y) =>
    y
      .positional('operation', { choices: OPERATIONS, describe: 'get: actual state; test: actual state + _inDesiredState + drifted properties; set: apply' })
      .option('what-if', { type: 'boolean', default: false, describe: 'With set: report what would change, change nothing' })
      .option('powershell', { type: 'string', describe: 'PowerShell executable for set (default: powershell.exe on Windows, pwsh elsewhere)' }),
  examples: [
    ['$0 dsc test < instance.json', 'What DSC runs for `dsc resource test --resource IisFtpsEnforcer/FtpFirewall`; instance.json holds e.g. {"externalIp4Address":"203.0.113.10"}'],
  ],
  run: async (args, io) => (await import('../../dsc/run-dsc.js')).runDscCommand(args, io, readStdin),
};
