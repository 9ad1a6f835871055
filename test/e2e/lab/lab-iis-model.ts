/**
 * The lab's own model of what IIS's FTP service takes from applicationHost.config,
 * written from IIS's documentation with a general XML parser (fast-xml-parser) and
 * nothing from src/: the stand-in servers advertise what THIS says, so a bug in the
 * product's reader or inheritance shows up as a broken VIP instead of agreeing with
 * itself. Deliberately small: the lab's configurations are plain files (no
 * redirection.config, no configSource); anything else is refused, not guessed.
 *
 * The IIS rules written out here (DOMAIN.md "Where the settings live"):
 * - the passive range is `system.ftpServer/firewallSupport` @lowDataChannelPort /
 *   @highDataChannelPort, global only (the root, or `<location path="">`, which is
 *   the same configuration path), default 0; 0 on both ends = the dynamic range;
 * - the address in a 227 reply is `sites/site/ftpServer/firewallSupport`
 *   @externalIp4Address if the site sets it, else `sites/siteDefaults/...` (the
 *   sites collection's default element), else none (the server's own address);
 *   `externalIp4Address` on `system.ftpServer/firewallSupport` is not an IIS
 *   attribute and means nothing to the FTP service.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

type XmlNode = { [name: string]: XmlNode[] | string | undefined };

export interface LabFtpModel {
  site: string;
  /** The address IIS puts in PASV replies, and where it comes from; null = none set. */
  externalAddress: { value: string | null; from: 'site' | 'siteDefaults' | 'default' };
  /** As written (0 = unset); the caller maps 0–0 to the dynamic range. */
  passiveRange: { low: number; high: number };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Every element is a list, so one site and two sites read the same way.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
});

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  return Array.isArray(v) ? v : [];
}

function only(nodes: XmlNode[], what: string, file: string): XmlNode | undefined {
  if (nodes.length > 1) throw new Error(`${file}: ${what} appears ${nodes.length} times; IIS refuses a section defined twice at one path`);
  return nodes[0];
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

function refuseConfigSource(node: XmlNode | undefined, what: string, file: string): void {
  if (attr(node, 'configSource') !== undefined) throw new Error(`${file}: ${what} uses configSource, which the lab's reader does not follow`);
}

/** The `firewallSupport` element of a site or siteDefaults (`ftpServer/firewallSupport`). */
function siteFirewall(node: XmlNode | undefined): XmlNode | undefined {
  return children(children(node, 'ftpServer')[0], 'firewallSupport')[0];
}

function port(value: string | undefined, name: string, file: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${file}: ${name}="${value}" is not a port (IIS's schema: int, 0–65535)`);
  return n;
}

export function readLabFtpModel(configPath: string): LabFtpModel {
  const doc = parser.parse(readFileSync(configPath, 'utf8')) as XmlNode;
  const config = only(children(doc, 'configuration'), '<configuration>', configPath);
  if (!config) throw new Error(`${configPath}: no <configuration> root`);

  const sitesSection = only(children(only(children(config, 'system.applicationHost'), '<system.applicationHost>', configPath), 'sites'), '<sites>', configPath);
  refuseConfigSource(sitesSection, '<sites>', configPath);
  // A binding's protocol name is case-insensitive in IIS; bindingInformation is "address:port:host".
  const ftpBindings = (s: XmlNode) => children(children(s, 'bindings')[0], 'binding').filter((b) => attr(b, 'protocol')?.toLowerCase() === 'ftp');
  const ftpSites = children(sitesSection, 'site').filter((s) => ftpBindings(s).length > 0);
  // The stand-in server has one listener: it plays the implicit-FTPS site (bound to 990) if there is one.
  const bindsTo990 = (s: XmlNode) => ftpBindings(s).some((b) => attr(b, 'bindingInformation')?.split(':')[1] === '990');
  const site = ftpSites.find(bindsTo990) ?? ftpSites[0];
  if (!site) throw new Error(`${configPath} has no FTP site for the stand-in server to play`);

  const own = attr(siteFirewall(site), 'externalIp4Address');
  const inherited = attr(siteFirewall(only(children(sitesSection, 'siteDefaults'), '<siteDefaults>', configPath)), 'externalIp4Address');
  // Set on the site (even to "") wins; then siteDefaults; "" is "no external address".
  const externalAddress =
    own !== undefined
      ? { value: own || null, from: 'site' as const }
      : inherited !== undefined
        ? { value: inherited || null, from: 'siteDefaults' as const }
        : { value: null, from: 'default' as const };

  // system.ftpServer at the root and in <location path=""> (or "."): one configuration path.
  const rootLevel = [config, ...children(config, 'location').filter((l) => ['', '.'].includes(attr(l, 'path') ?? ''))];
  const ftpServers = rootLevel.flatMap((n) => children(n, 'system.ftpServer'));
  const firewall = only(ftpServers.flatMap((s) => children(s, 'firewallSupport')), 'system.ftpServer/firewallSupport', configPath);
  refuseConfigSource(firewall, 'system.ftpServer/firewallSupport', configPath);
  return {
    site: attr(site, 'name') ?? '',
    externalAddress,
    passiveRange: {
      low: port(attr(firewall, 'lowDataChannelPort'), 'lowDataChannelPort', configPath),
      high: port(attr(firewall, 'highDataChannelPort'), 'highDataChannelPort', configPath),
    },
  };
}

/**
 * The classic stale per-site value (DOMAIN.md: "a stale per-site value keeps a site broken whatever the
 * default says"): `externalIp4Address` set on the FTP site bound to 990, here to the backend's own address.
 */
export function withStaleSiteAddress(configText: string, address: string): string {
  const edited = configText.replace(
    /(<site\b[^>]*>(?:(?!<\/site>)[\s\S])*?<binding protocol="ftp" bindingInformation="[^"]*:990:[^"]*"\s*\/>(?:(?!<\/site>)[\s\S])*?<ftpServer>)/,
    `$1\n                    <firewallSupport externalIp4Address="${address}" />`,
  );
  if (edited === configText) throw new Error('no <ftpServer> in an FTP site bound to 990 to put a per-site address in');
  return edited;
}
