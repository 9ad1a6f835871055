/**
 * Run by test/e2e/restart-hook.sh when the WebAdministration double (re)starts
 * "ftpsvc": argv[2] is the effective applicationHost.config; env LAB_BACKEND_DIR
 * holds the backend's backend.json. Renders vsftpd.conf and restarts vsftpd in
 * the backend's namespace. Exit non-zero fails the service start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { passiveSettingsFromConfig } from './passive-from-config.js';
import { renderVsftpdConf, startVsftpd, stopVsftpd, type BackendSetup } from './vsftpd.js';

export async function restartBackend(configPath: string, backendDir: string): Promise<void> {
  const b = JSON.parse(readFileSync(join(backendDir, 'backend.json'), 'utf8')) as BackendSetup;
  const settings = passiveSettingsFromConfig(configPath, b.address);
  writeFileSync(join(b.dir, 'vsftpd.conf'), renderVsftpdConf(b, settings));
  writeFileSync(join(b.dir, 'passive.json'), JSON.stringify(settings));
  await stopVsftpd(b);
  await startVsftpd(b);
}

const [config] = process.argv.slice(2);
const dir = process.env.LAB_BACKEND_DIR;
if (config && dir && process.argv[1]?.match(/restart-backend\.[jt]s$/)) {
  restartBackend(config, dir).then(
    () => process.exit(0),
    (e: Error) => {
      process.stderr.write(`restart hook: ${e.message}\n`);
      process.exit(1);
    },
  );
}
