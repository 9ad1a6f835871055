/**
 * Operator-facing wording of findings, in the words of the failure each drift
 * causes. Kept apart from the planner so rules stay readable and tests assert
 * codes, not sentences.
 */
import type { Effective } from './effective.js';
import type { FtpSiteFacts, MisplacedAttribute } from './iis-state.js';

/** A name in a sentence, verbatim in double quotes (renderers make control characters visible). */
const q = (name: string) => `"${name}"`;
/** Without host checks the host's range is unknown: say what it is by default, not what it is. */
const DYNAMIC = "Windows' dynamic port range (49152–65535 unless changed with netsh)";

export function portRange(low: number, high: number): string {
  return low === 0 && high === 0 ? `0-0 (${DYNAMIC})` : `${low}-${high}`;
}

export function portRangeDrift(current: { low: number; high: number }, desired: { lowDataChannelPort: number; highDataChannelPort: number }): string {
  const want = portRange(desired.lowDataChannelPort, desired.highDataChannelPort);
  return `The passive port range is ${portRange(current.low, current.high)}, not ${want}: IIS will hand out data ports the load balancer does not forward, so clients hang at "Making data connection".`;
}

export function portRangeOk(desired: { lowDataChannelPort: number; highDataChannelPort: number }): string {
  return `The passive port range is ${portRange(desired.lowDataChannelPort, desired.highDataChannelPort)}.`;
}

export function defaultAddressDrift(current: string | null, want: string): string {
  return current === null
    ? `No default external address is set (siteDefaults): FTP sites without their own value advertise the backend's own address in PASV replies, and clients through the VIP ${want} cannot reach it.`
    : `The default external address (siteDefaults) is ${current}, not the VIP ${want}: FTP sites without their own value send clients to ${current}.`;
}

export function defaultAddressOk(want: string): string {
  return `The default external address (siteDefaults) is the VIP ${want}.`;
}

/** "clients will be sent to 10.0.1.11 instead of the VIP": the sentence operators recognise. */
export function siteAddressDrift(site: FtpSiteFacts, eff: Effective<string | null>, want: string): string {
  const name = q(site.name);
  if (eff.value === null) {
    const ips = site.ftpBindings.map((b) => b.ip).filter((ip) => ip && ip !== '*');
    const own = ips.length ? ips[0] : "the backend's own address";
    return `Site ${name} has no external address (neither its own nor siteDefaults): IIS advertises ${own} in PASV replies, so clients will be sent to ${own} instead of the VIP ${want}.`;
  }
  const hostName = !/^\d{1,3}(\.\d{1,3}){3}$/.test(eff.value) ? ` (${q(eff.value)} is not an IPv4 address; IIS needs the address itself)` : '';
  const where = eff.from === 'site' ? "the site's own value, which overrides siteDefaults" : 'inherited from siteDefaults';
  return `Site ${name} advertises ${eff.value} (${where})${hostName}, so clients will be sent to ${eff.value} instead of the VIP ${want}.`;
}

export function siteAddressOk(site: string, want: string, from: Effective<unknown>['from']): string {
  return `Site ${q(site)} advertises ${want} (${from === 'site' ? 'its own value' : 'inherited from siteDefaults'}).`;
}

export function sslDrift(site: string | null, setting: string, current: string, want: string): string {
  const where = site === null ? 'The FTP SSL default (siteDefaults)' : `Site ${q(site)}`;
  if (setting === 'serverCertHash') {
    return `${where} uses ${current === '' ? 'no certificate ("")' : `certificate ${current}`}, not ${want}: clients may get a certificate that does not match the VIP's name.`;
  }
  const weak = want === 'SslRequire' && current !== 'SslRequire' ? ', so credentials or data may cross the network unencrypted' : '';
  return `${where} has ${setting} ${current}, not ${want}${weak}.`;
}

export function sslRequireWithoutCertificate(site: string, setting: string, want: string): string {
  return `Site ${q(site)} has no certificate (serverCertHash is empty on the site and on siteDefaults), so setting ${setting} to ${want} would make it refuse every client; give the certificate's thumbprint as ssl.serverCertHash in the desired state (for the site, under "sites", or for all) and run again.`;
}

export function sslOk(site: string | null, setting: string, want: string): string {
  return `${site === null ? 'The FTP SSL default (siteDefaults)' : `Site ${q(site)}`} has ${setting} ${want}.`;
}

export function misplaced(m: MisplacedAttribute): string {
  return `${m.element} has ${m.attribute}="${m.value}": ${m.belongs}. Delete it by hand; apply will not run while it is there, because IIS reports the section as invalid.`;
}

export function noImplicitBinding(site: string, ports: string): string {
  return `Site ${q(site)} has FTP bindings on port ${ports} but none on 990, so it serves no Implicit FTPS: the VIP's port 990 will not reach it.`;
}

export function implicitOk(site: string): string {
  return `Site ${q(site)} has an FTP binding on port 990 (Implicit FTPS).`;
}

export function unknownSite(name: string, configFile: string, near?: string): string {
  return near !== undefined
    ? `The desired state names site ${q(name)}, which ${configFile} does not have; did you mean ${q(near)}? Fix the name in "sites" (IIS matches site names ignoring case).`
    : `The desired state names site ${q(name)}, which ${configFile} does not have; check the spelling (IIS matches site names ignoring case) or remove it from "sites".`;
}

export function notFtpSite(name: string): string {
  return `The desired state names site ${q(name)}, which has no ftp binding, so its FTP settings do nothing.`;
}

export function noFtpSites(): string {
  return 'The configuration has no FTP site (no site has an ftp binding); only the server-wide settings were checked.';
}

export function unselectableSite(name: string): string {
  return `Its name ${q(name)} holds both quote characters and the site has no id, so no WebAdministration filter can select it; fix it by hand in IIS Manager.`;
}
