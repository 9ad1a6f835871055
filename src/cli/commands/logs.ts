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
  examples: [
    ['$0 logs --desired desired.json', 'Every FTP site\'s logs under C:\\inetpub\\logs\\LogFiles, checked against the desired VIP and range'],
    ['$0 logs --dir D:\\logs\\FTPSVC2 --expect-address 203.0.113.10 --expect-range 50000-50099', 'One site\'s logs, against an address and range given here'],
  ],
  run: async (args, io) => (await import('../../ftp-logs/run-logs.js')).runLogsCommand(args, io),
};
