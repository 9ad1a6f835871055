/** How the lab runs the product: the built CLI under `npm test`, the TypeScript sources under tsx during development. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../../support/paths.js';
import type { BackendSetup } from './vsftpd.js';
import { cliInvocation as releaseCli } from '../../support/run-cli.js';

export interface LabBackend extends BackendSetup {
  apphost: string;
  stateDir: string;
}

const here = fileURLToPath(new URL('.', import.meta.url));
/** True when this file was compiled into dist/ (npm test), false under tsx. */
export const fromDist = here.split('/').includes('dist');

export function cliInvocation(): string[] {
  // FTPS_ENFORCER_CLI: the lab probes with a release executable (test/support/run-cli.ts).
  if (process.env.FTPS_ENFORCER_CLI) {
    const cli = releaseCli();
    return [cli.command, ...cli.args];
  }
  return fromDist ? [process.execPath, cliPath] : [process.execPath, '--import', import.meta.resolve('tsx'), join(repoRoot, 'src', 'cli', 'main.ts')];
}

/** The restart hook's environment for one backend (see test/e2e/restart-hook.sh). */
export function hookEnv(b: LabBackend): Record<string, string> {
  return {
    FTPS_DOUBLE_RESTART_HOOK: join(repoRoot, 'test', 'e2e', 'restart-hook.sh'),
    FTPS_DOUBLE_APPHOST: b.apphost,
    FTPS_DOUBLE_STATE_DIR: b.stateDir,
    LAB_BACKEND_DIR: b.dir,
    LAB_RESTART_SCRIPT: join(here, fromDist ? 'restart-backend.js' : 'restart-backend.ts'),
    // An absolute loader path: the hook runs with whatever working directory PowerShell has.
    ...(fromDist ? {} : { LAB_NODE_IMPORT: import.meta.resolve('tsx') }),
  };
}

export function labDesiredState(vip: string, passive: { low: number; high: number }) {
  return { externalIp4Address: vip, lowDataChannelPort: passive.low, highDataChannelPort: passive.high };
}
