import type { CliCommand } from '../command.js';
import { REPORT_FORMATS, type ReportFormat } from '../../core/report.js';
import type { ProbeArgs } from '../../probe/run-probe.js';

export const probeCommand: CliCommand<ProbeArgs> = {
  command: 'probe',
  describe: 'Check the VIP as a client does: FTPS login, PASV and EPSV decoded and compared with the VIP, data connections opened where the server says, certificate chain and name. Exit 0 all good, 2 problems, 1 error.',
  builder: (y) =>
    y
      .option('vip', { type: 'string', alias: 'host', demandOption: true, describe: 'The VIP (name or address) clients connect to' })
      .option('port', { type: 'number', describe: 'Control port (default 990; 21 with --explicit)' })
      .option('explicit', { type: 'boolean', default: false, describe: 'Explicit FTPS: AUTH TLS on a plain connection (default: Implicit TLS)' })
      .option('user', { type: 'string', demandOption: true, describe: 'FTP user' })
      .option('password-env', { type: 'string', describe: 'Environment variable holding the password (default FTPS_PROBE_PASSWORD); never on the command line' })
      .option('password-file', { type: 'string', describe: 'File whose first line is the password' })
      .option('servername', { type: 'string', describe: 'Name to check against the certificate CN/SAN and send as SNI (default: --vip)' })
      .option('ca', { type: 'string', describe: 'PEM file of the CA that issued the server certificate (added to the system CAs)' })
      .option('insecure', { type: 'boolean', default: false, describe: 'Report certificate problems but go on (tests only; sends the password anyway)' })
      .option('expect-address', { type: 'string', describe: 'The address PASV replies must carry (default: the address the control connection reached)' })
      .option('expect-range', { type: 'string', describe: 'Passive port range the load balancer forwards, e.g. 50000-50099' })
      .option('round-trip', { type: 'boolean', default: false, describe: 'Also upload, download and delete a small file' })
      .option('count', { type: 'number', default: 1, describe: 'Connections to make: persistence problems show up as intermittent failures' })
      .option('timeout', { type: 'number', default: 10, describe: 'Seconds to wait for any connection or reply' })
      .option('format', { choices: REPORT_FORMATS, default: 'text' as ReportFormat, describe: 'Report format' })
      .option('output', { type: 'string', describe: 'Write the report to this file instead of stdout' }),
  examples: [
    ['$0 probe --vip ftp.example.com --user probe --expect-range 50000-50099', 'Log in over Implicit FTPS (990); password from $FTPS_PROBE_PASSWORD'],
    ['$0 probe --vip 203.0.113.10 --servername ftp.example.com --user probe --count 20', '20 connections: finds a backend that answers differently'],
    ['$0 probe --vip ftp.example.com --user probe --password-file pw.txt --round-trip --format junit --output probe.xml', 'Also upload, download and delete a file; a JUnit report'],
  ],
  run: async (args, io) => (await import('../../probe/run-probe.js')).runProbeCommand(args, io),
};
