/** The lab's prerequisites, checked up front: the suite fails (never skips) with what to install. */
import { run } from './exec.js';

const TOOLS: Array<{ cmd: string; pkg: string }> = [
  { cmd: 'ip', pkg: 'iproute2' },
  { cmd: 'vsftpd', pkg: 'vsftpd' },
  { cmd: 'haproxy', pkg: 'haproxy' },
  { cmd: 'lftp', pkg: 'lftp' },
  { cmd: 'openssl', pkg: 'openssl' },
];

/** Throws one message naming every missing piece and the command that installs it. */
export function checkLabPrerequisites(): void {
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push('Linux (network namespaces)');
  if (process.getuid?.() !== 0) missing.push('root (to create network namespaces; run the tests as root, as .ci/run does)');
  const pkgs = TOOLS.filter((t) => run('sh', ['-c', `command -v ${t.cmd} || test -x /usr/sbin/${t.cmd}`]).status !== 0).map((t) => t.pkg);
  if (pkgs.length) missing.push(`${pkgs.join(', ')} (apt-get install -y ${pkgs.join(' ')}, with a policy-rc.d that stops the daemons from starting, as .ci/run does)`);
  if (missing.length) throw new Error(`The end-to-end lab cannot run: missing ${missing.join('; ')}.`);
}
