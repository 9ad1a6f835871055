/**
 * Is there an FTP server in this configuration at all? IIS adds the
 * `system.ftpServer` section group to <configSections> with the FTP role and
 * removes it with the role; IIS Express and Hostable Web Core configurations
 * never have it. Without it there is nothing to enforce, and a "fix" would
 * write sections IIS cannot load: refused before anything is planned.
 */
import { FtpNotInstalledError } from '../core/errors.js';
import { configError } from './config-error.js';
import type { FactsBuilder } from './facts-builder.js';

const INSTALL = 'install the FTP Server role (Install-WindowsFeature Web-Ftp-Server) and run again, or give the applicationHost.config of the FTP server with --config';

/** Throws when `file` (the configuration read after redirection) is not one IIS FTP could run from. */
export function refuseWithoutFtp(facts: FactsBuilder, file: string): void {
  const d = facts.declared;
  if (d.ftpSectionGroup) return;
  if (d.configSections) {
    throw new FtpNotInstalledError(`${file}: FTP is not installed in this configuration (its <configSections> declares no system.ftpServer section group, as after the FTP role is removed, and as in IIS Express and Hostable Web Core), so there is nothing to enforce; ${INSTALL}.`);
  }
  // No <configSections> (a hand-trimmed copy): FTP settings in it are taken as FTP being there.
  if (d.ftpSection || facts.sites.length > 0 || facts.misplaced.length > 0 || facts.siteDefaults.externalIp4Address !== undefined || Object.keys(facts.siteDefaults.ssl).length > 0) return;
  if (!d.applicationHost) {
    throw configError(file, 'the file has neither <configSections> nor <system.applicationHost> (no sites): it is a web.config or a fragment, not an applicationHost.config', 'give the applicationHost.config IIS reads (%windir%\\System32\\inetsrv\\config)', 'NOT_IIS_CONFIG');
  }
  throw new FtpNotInstalledError(`${file}: this configuration has no FTP in it (no <configSections> declaring system.ftpServer, no FTP site, no FTP settings), so there is nothing to enforce; ${INSTALL}.`);
}
