/** Builds IisFtpState and desired-state values for unit tests, without reading files. */
import type { FtpSiteFacts, IisFtpState, Located } from '../../src/core/iis-state.js';
import type { DesiredState, LoadedDesiredState } from '../../src/core/desired-state.js';

const at = { file: 'applicationHost.config', line: 1 };
export const loc = <T>(value: T, line = 1): Located<T> => ({ value, at: { ...at, line } });

export function site(name: string, extra: Partial<FtpSiteFacts> = {}): FtpSiteFacts {
  return { name, id: 1, at, ftpBindings: [{ bindingInformation: '*:990:', ip: '*', port: 990, host: '' }], ssl: {}, ...extra };
}

export function state(extra: Partial<IisFtpState> = {}): IisFtpState {
  const ftpSites = extra.ftpSites ?? [site('FTPS Site')];
  return {
    origin: { requestedFile: 'applicationHost.config', configFile: 'applicationHost.config', filesRead: ['applicationHost.config'], contentHash: 'abc' },
    firewallSupport: {},
    siteDefaults: { ssl: {} },
    ftpSites,
    allSiteNames: ftpSites.map((s) => s.name),
    misplaced: [],
    ...extra,
  };
}

export function desired(extra: Partial<DesiredState> = {}): LoadedDesiredState {
  return {
    file: 'desired.json',
    contentHash: 'def',
    desired: { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099, sites: {}, restart: 'on-change', ...extra },
  };
}

/** A state that already matches `desired()`. */
export function fixedState(extra: Partial<IisFtpState> = {}): IisFtpState {
  return state({
    firewallSupport: { lowDataChannelPort: loc(50000), highDataChannelPort: loc(50099) },
    siteDefaults: { externalIp4Address: loc('203.0.113.10'), ssl: {} },
    ...extra,
  });
}
