/**
 * What IIS would advertise, from an applicationHost.config, read by the
 * project's own reader and inheritance rules: the chain under test is the real one.
 */
import { readIisConfig } from '../../../src/config/read-config.js';
import { effectiveExternalAddress, effectivePortRange } from '../../../src/core/effective.js';
import { WINDOWS_DYNAMIC_RANGE, type PassiveSettings } from './vsftpd.js';

export function passiveSettingsFromConfig(configPath: string, backendAddress: string): PassiveSettings {
  const state = readIisConfig(configPath);
  // The stand-in server has one listener: the implicit-FTPS site (bound to 990) is the one it plays.
  const site = state.ftpSites.find((s) => s.ftpBindings.some((b) => b.port === 990)) ?? state.ftpSites[0];
  if (!site) throw new Error(`${configPath} has no FTP site for the stand-in server to play`);
  const address = effectiveExternalAddress(site, state);
  const range = effectivePortRange(state);
  const dynamic = range.low === 0 && range.high === 0;
  return {
    // No external address: IIS puts the server's own address in the 227 reply (the classic failure).
    pasvAddress: address.value ?? backendAddress,
    addressFrom: address.value ? (address.from as 'site' | 'siteDefaults') : 'default',
    minPort: dynamic ? WINDOWS_DYNAMIC_RANGE.low : range.low,
    maxPort: dynamic ? WINDOWS_DYNAMIC_RANGE.high : range.high,
  };
}
