/**
 * What a backend actually serves, as far as a load balancer cares: the
 * effective passive range, and per FTP site the effective PASV address, SSL
 * policies, certificate and implicit-FTPS binding. Derived (pure) from the
 * configuration read, with IIS's inheritance applied, so backends can be
 * compared whatever their desired-state files say.
 */
import type { IisFtpState } from '../core/iis-state.js';
import { effectiveExternalAddress, effectivePortRange, effectiveSsl } from '../core/effective.js';

export interface SiteFacts {
  /** The IIS site name, verbatim. */
  name: string;
  /** Effective externalIp4Address (site, else siteDefaults); null = IIS advertises the server's own address. */
  externalIp4Address: string | null;
  controlChannelPolicy: string;
  dataChannelPolicy: string;
  /** Certificate thumbprint, upper case without spaces; '' when none is set. */
  serverCertHash: string;
  /** Upper case: store names are case-insensitive. */
  serverCertStoreName: string;
  /** An ftp binding on port 990. */
  implicitFtps: boolean;
}

export interface BackendFacts {
  /** 0-0 means Windows' ephemeral range. */
  passivePortRange: { low: number; high: number };
  /** FTP sites only, sorted by name so documents from different backends line up. */
  sites: SiteFacts[];
}

export function normalizeThumbprint(hash: string): string {
  return hash.replace(/[\s\u200e\u200f]/g, '').toUpperCase();
}

export function collectBackendFacts(state: IisFtpState): BackendFacts {
  const sites = state.ftpSites.map((site) => ({
    name: site.name,
    externalIp4Address: effectiveExternalAddress(site, state).value,
    controlChannelPolicy: effectiveSsl(site, state, 'controlChannelPolicy').value,
    dataChannelPolicy: effectiveSsl(site, state, 'dataChannelPolicy').value,
    serverCertHash: normalizeThumbprint(effectiveSsl(site, state, 'serverCertHash').value),
    // Certificate store names are case-insensitive (IIS Manager writes "My", the schema default is "MY").
    serverCertStoreName: effectiveSsl(site, state, 'serverCertStoreName').value.toUpperCase(),
    implicitFtps: site.ftpBindings.some((b) => b.port === 990),
  }));
  sites.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { passivePortRange: effectivePortRange(state), sites };
}
