/**
 * What IIS would advertise, from an applicationHost.config, as the lab's own
 * model reads it (lab-iis-model.ts, independent of src/): the stand-in servers
 * play IIS by this, so the product is checked against it, not against itself.
 */
import { readLabFtpModel } from './lab-iis-model.js';
import { WINDOWS_DYNAMIC_RANGE, type PassiveSettings } from './vsftpd.js';

export function passiveSettingsFromConfig(configPath: string, backendAddress: string): PassiveSettings {
  const { externalAddress, passiveRange } = readLabFtpModel(configPath);
  const dynamic = passiveRange.low === 0 && passiveRange.high === 0;
  return {
    // No external address: IIS puts the server's own address in the 227 reply (the classic failure).
    pasvAddress: externalAddress.value ?? backendAddress,
    addressFrom: externalAddress.value === null ? 'default' : externalAddress.from,
    minPort: dynamic ? WINDOWS_DYNAMIC_RANGE.low : passiveRange.low,
    maxPort: dynamic ? WINDOWS_DYNAMIC_RANGE.high : passiveRange.high,
  };
}
