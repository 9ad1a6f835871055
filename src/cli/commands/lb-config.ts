import type { CliCommand } from '../command.js';
import type { LbConfigArgs } from '../../lb-config/run-lb-config.js';

const FORMATS = ['haproxy', 'nginx'] as const;

export const lbConfigCommand: CliCommand<LbConfigArgs> = {
  command: 'lb-config',
  describe: 'Render the load balancer half (HAProxy or nginx) from the desired state: VIP on 990 and the passive range, source persistence, health checks, long idle timeouts.',
  builder: (y) =>
    y
      .option('format', { choices: FORMATS, demandOption: true, describe: 'Load balancer to configure' })
      .option('desired', { type: 'string', demandOption: true, describe: 'Desired-state JSON file: the VIP (externalIp4Address) and the passive range' })
      .option('backend', { type: 'string', array: true, demandOption: true, describe: 'IIS backends as NAME=IP, comma-separated or repeated' })
      .option('bind', { type: 'string', describe: 'Address to listen on (default: the desired externalIp4Address)' })
      .option('check-interval', { type: 'number', describe: 'Seconds between health checks on 990, TLS handshake and 220 greeting (default 10)' })
      .option('peer', { type: 'string', array: true, describe: 'HAProxy pair: every load balancer as HOSTNAME=IP[:PORT] (default port 10000), repeated; the stick table is shared through a peers section' })
      .option('maxconn', { type: 'number', describe: 'HAProxy global maxconn (default 20000; HAProxy refuses to start where the descriptor limit, ulimit -n, is lower than about twice this)' })
      .option('persistence', { type: 'number', describe: 'Minutes a client address stays on its backend (default: the idle timeout, at least 30)' })
      .option('idle-timeout', { type: 'number', describe: 'Minutes a forwarded connection may idle (default 60, at least 30)' })
      .option('stats-socket', { type: 'string', describe: 'HAProxy: also render an admin-level stats socket at this path (for `ftps-enforcer rollout`)' })
      .option('output', { type: 'string', describe: 'Write the configuration to this file instead of stdout' }),
  examples: [
    ['$0 lb-config --format haproxy --desired desired.json --backend iis1=10.0.1.11,iis2=10.0.1.12 --output haproxy.cfg', 'HAProxy in front of two backends'],
    ['$0 lb-config --format nginx --desired desired.json --backend iis1=10.0.1.11 --backend iis2=10.0.1.12', 'The same for nginx (stream module)'],
  ],
  run: async (args, io) => (await import('../../lb-config/run-lb-config.js')).runLbConfigCommand(args, io),
};
