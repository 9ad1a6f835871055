import type { CliCommand } from '../command.js';
import type { LogsArgs } from '../../ftp-logs/run-logs.js';

export const logsCommand: CliCommand<LogsArgs> = {
  command: 'logs',
  describe: 'Read IIS FTP logs (FTPSVC<n> folders) for passive-mode evidence: PASV replies with another address, PASV with no data connection after it, data ports outside the range. Exit 0 none, 2 found, 1 error.',
  builder: (y) =>
    y
      .option('dir', { type: 'string', describe: 'Log folder holding FTPSVC<n> folders, one FTPSVC<n> folder, or a file (default C:\\inetpub\\logs\\LogFiles on Windows)' })
      .option('desired', { type: 'string', describe: 'Desired-state file: its externalIp4Address and passive range are what the logs must show' })
      .option('expect-address', { type: 'string', describe: 'The VIP the PASV replies must carry (instead of --desired)' })
      .option('expect-range', { type: 'string', describe: 'Passive range with --expect-address, e.g. 50000-50099' })
      .option('format', { choices: ['text', 'json', 'markdown'] as const, default: 'text', describe: 'Report format' })
      .option('output', { type: 'string', describe: 'Write the report to this file instead of stdout' }),
  run: async (args, io) => (await import('../../ftp-logs/run-logs.js')).runLogsCommand(args, io),
};
