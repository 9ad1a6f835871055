import type { CliCommand } from '../command.js';
import type { RolloutArgs } from '../../rollout/run-rollout.js';

export const rolloutCommand: CliCommand<RolloutArgs> = {
  command: 'rollout',
  describe: 'Apply across the backends behind a VIP one at a time without dropping transfers: drain at the load balancer, wait for sessions to end, apply through PowerShell remoting, probe, put back. Exit 0 done, 1 stopped (that backend left drained).',
  builder: (y) =>
    y
      .option('backend', { type: 'string', array: true, demandOption: true, describe: 'Backends as NAME=IP (NAME as at the load balancer), in rollout order; comma-separated or repeated' })
      .option('remote', { type: 'string', array: true, describe: 'How remoting reaches a backend, NAME=HOST (default: its IP)' })
      .option('desired', { type: 'string', demandOption: true, describe: 'Desired-state file (here: the VIP and passive range the check expects)' })
      .option('remote-desired', { type: 'string', describe: 'The desired-state file as a path on the backends (default: --desired as given)' })
      .option('config', { type: 'string', describe: 'applicationHost.config on the backends (default: IIS\'s own)' })
      .option('agent-command', { type: 'string', default: 'ftps-enforcer', describe: 'How ftps-enforcer is started on the backends' })
      .option('transport', { choices: ['ssh', 'winrm'] as const, describe: 'Remoting: winrm (Invoke-Command -ComputerName; default on Windows) or ssh (-HostName, PowerShell 7; default elsewhere)' })
      .option('powershell', { type: 'string', describe: 'Local PowerShell that runs the remoting (default pwsh; powershell.exe for WinRM on Windows)' })
      .option('ssh-user', { type: 'string', describe: 'SSH user on the backends' })
      .option('ssh-key', { type: 'string', describe: 'SSH private key file' })
      .option('ssh-port', { type: 'number', describe: 'SSH port on the backends' })
      .option('ssh-option', { type: 'string', array: true, describe: 'ssh_config option NAME=VALUE (Invoke-Command -Options), repeatable' })
      .option('use-ssl', { type: 'boolean', default: false, describe: 'WinRM over HTTPS' })
      .option('remote-timeout', { type: 'number', default: 600, describe: 'Seconds one remote apply may take' })
      .option('haproxy-socket', { type: 'string', describe: 'HAProxy\'s stats socket at level admin (lb-config --stats-socket renders it)' })
      .option('haproxy-control-backend', { type: 'string', describe: 'HAProxy backend for 990 (default ftps_control, as lb-config renders it)' })
      .option('haproxy-passive-backend', { type: 'string', describe: 'HAProxy backend for the passive range (default ftps_passive)' })
      .option('lb-hook', { type: 'string', describe: 'Any other load balancer: a command run as `<hook> drain|ready|sessions <server> <address>` (docs/rollout.md)' })
      .option('hook-timeout', { type: 'number', default: 120, describe: 'Seconds one hook call may take' })
      .option('parallel', { type: 'number', default: 1, describe: 'Backends out of service at a time (fewer than all)' })
      .option('shared-config', { type: 'boolean', default: false, describe: 'Shared configuration: one backend applies (writes), the others only restart ftpsvc, each drained first' })
      .option('writer', { type: 'string', describe: 'With --shared-config: the backend that writes (default: the first)' })
      .option('drain-timeout', { type: 'number', default: 300, describe: 'Seconds to wait for a drained backend\'s sessions to end' })
      .option('on-drain-timeout', { choices: ['stop', 'proceed'] as const, default: 'stop' as const, describe: 'When sessions remain after --drain-timeout: stop the rollout, or go on (the restart ends them)' })
      .option('poll-interval', { type: 'number', default: 1, describe: 'Seconds between session counts' })
      .option('vip', { type: 'string', describe: 'The VIP to probe (default: the desired externalIp4Address)' })
      .option('probe-user', { type: 'string', describe: 'FTP user the check logs in as (required unless --dry-run)' })
      .option('probe-password-env', { type: 'string', describe: 'Environment variable with its password (default FTPS_PROBE_PASSWORD)' })
      .option('probe-password-file', { type: 'string', describe: 'File whose first line is its password' })
      .option('probe-ca', { type: 'string', describe: 'PEM file of the CA that issued the server certificate' })
      .option('probe-servername', { type: 'string', describe: 'Name checked against the certificate (default: the VIP)' })
      .option('probe-count', { type: 'number', default: 2, describe: 'Probe connections per check' })
      .option('probe-timeout', { type: 'number', default: 10, describe: 'Seconds the probe waits for any connection or reply' })
      .option('probe-round-trip', { type: 'boolean', default: false, describe: 'The check also uploads, downloads and deletes a small file' })
      .option('probe-source', { type: 'string', describe: 'HAProxy: the address it sees for this machine (default: the local address towards the VIP; give it behind NAT)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan (order, drains, checks) and touch nothing' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text (steps as they happen) or json (the report with every step and its times)' })
      .option('output', { type: 'string', describe: 'Write the report to this file instead of stdout' }),
  examples: [
    ['$0 rollout --dry-run --desired desired.json --backend iis1=10.0.1.11,iis2=10.0.1.12 --haproxy-socket /run/haproxy/admin.sock', 'Show the order, drains and checks; touch nothing'],
    ['$0 rollout --desired desired.json --backend iis1=10.0.1.11,iis2=10.0.1.12 --haproxy-socket /run/haproxy/admin.sock --probe-user ftpcheck --format json --output rollout.json', 'Fix one backend at a time, drained first, with a JSON step log'],
  ],
  run: async (args, io) => (await import('../../rollout/run-rollout.js')).runRolloutCommand(args, io),
};
