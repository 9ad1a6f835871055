/**
 * A small pure model of `Set-WebConfigurationProperty -PSPath MACHINE/WEBROOT/APPHOST
 * -Filter F -Name N -Value V` over IisFtpState: it resolves the filter the way
 * WebAdministration does (an XPath literal has no escapes, so the name runs to
 * the next quote of the same kind) and fails loudly when a filter selects
 * nothing, or more than one site.
 */
import type { IisFtpState, Located } from '../../../src/core/iis-state.js';
import type { Change } from '../../../src/core/plan.js';

const at = { file: 'model', line: 0 };
const located = <T>(value: T): Located<T> => ({ value, at });
const SITE = /^system\.applicationHost\/sites\/site\[@(name|id)=(['"])(.*?)\2\]\/(ftpServer\/firewallSupport|ftpServer\/security\/ssl)$/s;

export function applyChange(state: IisFtpState, c: Change): IisFtpState {
  const s: IisFtpState = structuredClone(state);
  if (c.filter === 'system.ftpServer/firewallSupport') {
    if (c.name !== 'lowDataChannelPort' && c.name !== 'highDataChannelPort') throw new Error(`no attribute ${c.name} on ${c.filter}`);
    s.firewallSupport[c.name] = located(Number(c.value));
    return s;
  }
  if (c.filter === 'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport') {
    if (c.name !== 'externalIp4Address') throw new Error(`no attribute ${c.name} on ${c.filter}`);
    s.siteDefaults.externalIp4Address = located(String(c.value));
    return s;
  }
  if (c.filter === 'system.applicationHost/sites/siteDefaults/ftpServer/security/ssl') {
    setSsl(s.siteDefaults.ssl, c);
    return s;
  }
  const m = SITE.exec(c.filter);
  if (!m) throw new Error(`the model cannot resolve filter ${JSON.stringify(c.filter)}`);
  const [, by, , literal, element] = m;
  const matches = s.ftpSites.filter((site) => (by === 'name' ? site.name === literal : String(site.id) === literal));
  if (matches.length !== 1) throw new Error(`filter ${JSON.stringify(c.filter)} selects ${matches.length} FTP sites`);
  const site = matches[0]!;
  if (site.name !== c.site) throw new Error(`filter ${JSON.stringify(c.filter)} selects ${JSON.stringify(site.name)}, not ${JSON.stringify(c.site)}`);
  if (element === 'ftpServer/firewallSupport') {
    if (c.name !== 'externalIp4Address') throw new Error(`no attribute ${c.name} on ${c.filter}`);
    site.externalIp4Address = located(String(c.value));
  } else {
    setSsl(site.ssl, c);
  }
  return s;
}

function setSsl(ssl: IisFtpState['siteDefaults']['ssl'], c: Change): void {
  if (c.name === 'controlChannelPolicy' || c.name === 'dataChannelPolicy' || c.name === 'serverCertHash') ssl[c.name] = located(String(c.value));
  else throw new Error(`no attribute ${c.name} on ssl`);
}

export const applyChanges = (state: IisFtpState, changes: readonly Change[]): IisFtpState => changes.reduce(applyChange, state);
