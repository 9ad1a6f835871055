/**
 * The real load balancers that validate generated configurations. Never
 * skipped: when one is missing the suite fails and says what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin', '/sbin'])) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

export function findHaproxy(): string {
  const p = which('haproxy');
  if (!p) throw new Error('haproxy is not installed: run `apt-get install -y haproxy` (with a policy-rc.d that exits 101 so the daemon does not start); the lb-config tests validate with the real `haproxy -c`.');
  return p;
}

export function findNginx(): { nginx: string; streamModule?: string } {
  const nginx = which('nginx');
  if (!nginx) throw new Error('nginx is not installed: run `apt-get install -y nginx libnginx-mod-stream` (with a policy-rc.d that exits 101); the lb-config tests validate with the real `nginx -t`.');
  const built = execFileSync(nginx, ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) + spawnSync(nginx, ['-V'], { encoding: 'utf8' }).stderr;
  if (/--with-stream(\s|$)/.test(built)) return { nginx };
  const module = ['/usr/lib/nginx/modules/ngx_stream_module.so', '/usr/share/nginx/modules/ngx_stream_module.so'].find(existsSync);
  if (!module) throw new Error('nginx has no stream module: run `apt-get install -y libnginx-mod-stream` (Debian/Ubuntu build the stream module as a separate package).');
  return { nginx, streamModule: module };
}

export interface CheckResult {
  ok: boolean;
  output: string;
}

/** `haproxy -c -f FILE`: parses the whole configuration without binding or starting anything. */
/** `localPeer`: the `-L` name a member of an HAProxy pair runs with (else HAProxy uses the host name). */
export function haproxyCheck(config: string, localPeer?: string): CheckResult {
  const dir = mkdtempSync(join(tmpdir(), 'lb-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const r = spawnSync(findHaproxy(), ['-c', '-f', file, ...(localPeer ? ['-L', localPeer] : [])], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/**
 * `nginx -t` over a minimal main configuration that loads the stream module and
 * includes the generated block. nginx -t really binds the listen sockets, so it
 * runs in a private network namespace (unshare, as root) where the VIP exists on lo.
 */
export function nginxCheck(streamBlock: string, vip: string, workerConnections: number): CheckResult {
  const { nginx, streamModule } = findNginx();
  const dir = mkdtempSync(join(tmpdir(), 'lb-nginx-'));
  writeFileSync(join(dir, 'ftps-stream.conf'), streamBlock);
  const main = [
    streamModule ? `load_module ${streamModule};` : '',
    `pid ${join(dir, 'nginx.pid')};`,
    'error_log stderr;',
    `worker_rlimit_nofile ${workerConnections * 2};`,
    `events { worker_connections ${workerConnections}; }`,
    `include ${join(dir, 'ftps-stream.conf')};`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), main);
  const unshare = which('unshare');
  const ip = which('ip');
  if (!unshare || !ip) throw new Error('nginx -t binds its sockets, so the test runs it in a private network namespace: install util-linux (unshare) and iproute2 (ip), and run as root.');
  const script = 'ip link set lo up && ip addr add "$1/32" dev lo && exec "$2" -t -p "$3" -e stderr -c "$3/nginx.conf"';
  const r = spawnSync(unshare, ['--net', 'sh', '-c', script, 'sh', vip, nginx, dir], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
