import type { CliCommand } from '../command.js';
import type { DecodePasvArgs } from '../../pasv/decode-pasv-command.js';

export const decodePasvCommand: CliCommand<DecodePasvArgs> = {
  command: 'decode-pasv <reply>',
  describe: 'Decode a 227 (PASV) or 229 (EPSV) reply into the address:port a client connects to, e.g. "227 Entering Passive Mode (192,168,1,10,195,80)".',
  builder: (y) =>
    y
      .positional('reply', { type: 'string', describe: 'The reply line, quoted' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text', describe: 'Output format' }),
  examples: [
    ['$0 decode-pasv "227 Entering Passive Mode (10,0,1,11,195,80)"', 'Prints 10.0.1.11:50000: the address a client will connect to'],
    ['$0 decode-pasv "229 Entering Extended Passive Mode (|||50000|)"', 'EPSV: the port only; the address is the control connection\'s'],
  ],
  run: async (args, io) => (await import('../../pasv/decode-pasv-command.js')).runDecodePasv(args, io),
};
