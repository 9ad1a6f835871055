/**
 * The mutable collector the section walker fills while scanning, possibly over
 * several files (main file, then configSource files). `toState` freezes it
 * into the shared IisFtpState contract.
 */
import type { ConfigOrigin, FtpSiteFacts, IisFtpState, Located, MisplacedAttribute, SslSettings } from '../core/iis-state.js';

/** What both siteDefaults and a site carry under ftpServer: the walker writes through this. */
export interface FtpSettingsTarget {
  externalIp4Address?: Located<string>;
  ssl: SslSettings;
}

export interface FactsBuilder {
  firewallSupport: IisFtpState['firewallSupport'];
  siteDefaults: FtpSettingsTarget;
  /** Every site name, in file order. */
  siteNames: string[];
  /** Sites with FTP content (a binding or ftpServer settings), in file order; FTP sites are those with an ftp binding. */
  sites: FtpSiteFacts[];
  misplaced: MisplacedAttribute[];
  /** What the main file declares: enough to tell a configuration without FTP from one with it. */
  declared: DeclaredSections;
}

export interface DeclaredSections {
  /** A <configSections> element (every configuration IIS itself writes has one). */
  configSections: boolean;
  /** `<sectionGroup name="system.ftpServer">` in it: IIS adds it with the FTP role and removes it with the role. */
  ftpSectionGroup: boolean;
  /** A <system.applicationHost> element (sites, pools): absent in a web.config or a fragment. */
  applicationHost: boolean;
  /** A <system.ftpServer> element. */
  ftpSection: boolean;
}

export function newFactsBuilder(): FactsBuilder {
  return { firewallSupport: {}, siteDefaults: { ssl: {} }, siteNames: [], sites: [], misplaced: [], declared: { configSections: false, ftpSectionGroup: false, applicationHost: false, ftpSection: false } };
}

export function toState(b: FactsBuilder, origin: ConfigOrigin): IisFtpState {
  return {
    origin,
    firewallSupport: b.firewallSupport,
    siteDefaults: b.siteDefaults,
    ftpSites: b.sites.filter((s) => s.ftpBindings.length > 0),
    allSiteNames: b.siteNames,
    misplaced: b.misplaced,
  };
}
