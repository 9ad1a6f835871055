/**
 * Walks the scanner's tags through the few IIS sections that matter and
 * records the FTP facts; every other element (and everything below it) is
 * skipped without a look at its attributes. The walk is a small state
 * machine: each open element's context is derived from its parent's context
 * and its own name.
 *
 *   configuration ─ system.applicationHost ─ sites ─ siteDefaults|site ─ ftpServer ─ firewallSupport
 *                 │                                   site ─ bindings ─ binding      └ security ─ ssl
 *                 ├ system.ftpServer ─ firewallSupport (port range; misplaced externalIp4Address)
 *                 ├ configSections ─ sectionGroup name="system.ftpServer" (is the FTP role installed?)
 *                 └ location path="" or "." ─ (same as configuration: it applies server-wide)
 *
 * A `configSource` on `sites` or on `system.ftpServer/firewallSupport` is
 * returned as a reference; the reader loads that file and walks it from the
 * section's parent context.
 */
import type { FtpSiteFacts, Located } from '../core/iis-state.js';
import type { XmlScanner } from './xml-scanner.js';
import type { TextPlace } from './config-error.js';
import { FIX_XML } from './config-error.js';
import type { FactsBuilder, FtpSettingsTarget } from './facts-builder.js';
import { decodeEntities } from './entities.js';
import { CONTROL_CHANNEL_POLICIES, DATA_CHANNEL_POLICIES, ValueProblem, enumName, parseBindingInformation, parseBool, parseUint } from './values.js';
import { misplacedChildElement, misplacedOnServer, misplacedPortOnSite } from './misplaced.js';

const IGNORE = 0, DOC = 1, CONFIG = 2, APPHOST = 3, SITES = 4, SITE_DEFAULTS = 5, SITE = 6, BINDINGS = 7, FTP = 8, FTP_SECURITY = 9, FTPSRV = 10, SERVER_FW = 11, SECTIONS = 12;

/** Where a walk starts: the main file, or a configSource file holding one section. */
export type WalkStart = 'document' | 'sites' | 'firewallSupport';

const START_PARENT: Record<WalkStart, number> = { document: DOC, sites: APPHOST, firewallSupport: FTPSRV };

export interface ConfigSourceRef {
  section: Exclude<WalkStart, 'document'>;
  /** The attribute value as written. */
  configSource: string;
  /** The naming file, and the attribute's place in it (for "missing file" errors). */
  file: string;
  at: TextPlace;
}

export function walkSections(sc: XmlScanner, facts: FactsBuilder, start: WalkStart): ConfigSourceRef[] {
  const refs: ConfigSourceRef[] = [];
  const stack: number[] = [START_PARENT[start]];
  // A site becomes an FtpSiteFacts (with its location and id) only when it shows FTP content:
  // nine sites in ten are HTTP, and only their names are kept.
  // The open <site>, as plain variables (no object per site): its name, its tag's offset, and its id
  // attribute's raw text and value offset (-1 without one), parsed only when the site turns out to be FTP.
  let pendingName: string | null = null;
  let pendingTagStart = 0;
  let pendingIdRaw = '';
  let pendingIdAt = -1;
  let site: FtpSiteFacts | undefined;
  let inSiteDefaults = false;
  const currentSite = (): FtpSiteFacts => {
    if (site) return site;
    let id: number | undefined;
    try {
      id = pendingIdAt < 0 ? undefined : parseUint(pendingIdRaw, 'site id');
    } catch (e) {
      if (e instanceof ValueProblem) sc.fail(pendingIdAt, e.message, 'correct the value (IIS would refuse it too)', 'VALUE_INVALID');
      throw e;
    }
    site = { name: pendingName!, id, at: at(pendingTagStart), ftpBindings: [], ssl: {} };
    facts.sites.push(site);
    return site;
  };
  const target = (): FtpSettingsTarget => (inSiteDefaults ? facts.siteDefaults : currentSite());

  const str = (i: number): string => {
    const raw = sc.attrRaw(i);
    if (raw.indexOf('&') === -1) return raw;
    const d = decodeEntities(raw);
    if (!d.ok) sc.fail(sc.attrValueAt(i) + d.offset, d.problem, FIX_XML, 'XML_ENTITY');
    return d.value;
  };
  const at = (offset: number) => {
    const p = sc.placeOf(offset);
    return { file: sc.file, line: p.line, column: p.column };
  };
  const located = <T>(i: number, parse: (s: string) => T): Located<T> => {
    try {
      return { value: parse(str(i)), at: at(sc.attrNameAt(i)) };
    } catch (e) {
      if (e instanceof ValueProblem) sc.fail(sc.attrValueAt(i), e.message, 'correct the value (IIS would refuse it too)', 'VALUE_INVALID');
      throw e;
    }
  };
  const attr = <T>(name: string, parse: (s: string) => T): Located<T> | undefined => {
    const i = sc.findAttr(name);
    return i < 0 ? undefined : located(i, parse);
  };
  const configSource = (section: ConfigSourceRef['section']): boolean => {
    const i = sc.findAttr('configSource');
    if (i < 0) return false;
    if (start !== 'document') sc.fail(sc.attrNameAt(i), 'a configSource file cannot itself use configSource', 'move the section content into this file', 'CONFIG_SOURCE_INVALID');
    refs.push({ section, configSource: str(i), file: sc.file, at: sc.placeOf(sc.attrNameAt(i)) });
    return true;
  };
  const text = (s: string) => s;

  const readSsl = (t: FtpSettingsTarget): void => {
    const ssl = t.ssl;
    const c = attr('controlChannelPolicy', (s) => enumName(s, CONTROL_CHANNEL_POLICIES));
    if (c) ssl.controlChannelPolicy = c;
    const d = attr('dataChannelPolicy', (s) => enumName(s, DATA_CHANNEL_POLICIES));
    if (d) ssl.dataChannelPolicy = d;
    const h = attr('serverCertHash', text);
    if (h) ssl.serverCertHash = h;
    const n = attr('serverCertStoreName', text);
    if (n) ssl.serverCertStoreName = n;
    const b = attr('ssl128', (s) => parseBool(s, 'ssl128'));
    if (b) ssl.ssl128 = b;
  };

  const enter = (parent: number): number => {
    switch (parent) {
      case DOC:
        if (!sc.nameIs('configuration')) notConfigurationRoot(sc);
        if (sc.findAttr('xmlns:xdt') >= 0) {
          sc.fail(sc.tagStart, 'the root <configuration> declares the XDT namespace: this is an XDT transform (such as Azure App Service\'s applicationHost.xdt), not a configuration', 'give the applicationHost.config IIS reads (%windir%\\System32\\inetsrv\\config)', 'NOT_IIS_CONFIG');
        }
        return CONFIG;
      case CONFIG:
        if (sc.nameIs('system.applicationHost')) {
          facts.declared.applicationHost = true;
          return APPHOST;
        }
        if (sc.nameIs('system.ftpServer')) {
          facts.declared.ftpSection = true;
          return FTPSRV;
        }
        if (sc.nameIs('configSections')) {
          facts.declared.configSections = true;
          return SECTIONS;
        }
        if (sc.nameIs('location')) {
          const i = sc.findAttr('path');
          const p = i < 0 ? '' : str(i);
          return p === '' || p === '.' ? CONFIG : IGNORE;
        }
        return IGNORE;
      case APPHOST:
        if (!sc.nameIs('sites')) return IGNORE;
        return configSource('sites') ? IGNORE : SITES;
      case SITES:
        if (sc.nameIs('siteDefaults')) {
          inSiteDefaults = true;
          return SITE_DEFAULTS;
        }
        if (sc.nameIs('site')) {
          const n = sc.findAttr('name');
          if (n < 0) sc.fail(sc.tagStart, 'a <site> has no name attribute', 'give every site a name (IIS requires one)', 'VALUE_INVALID');
          const id = sc.findAttr('id');
          pendingName = str(n);
          pendingTagStart = sc.tagStart;
          pendingIdRaw = id < 0 ? '' : sc.attrRaw(id);
          pendingIdAt = id < 0 ? -1 : sc.attrValueAt(id);
          facts.siteNames.push(pendingName);
          site = undefined;
          inSiteDefaults = false;
          return SITE;
        }
        return IGNORE;
      case SITE_DEFAULTS:
        return sc.nameIs('ftpServer') ? FTP : IGNORE;
      case SITE:
        return sc.nameIs('ftpServer') ? FTP : sc.nameIs('bindings') ? BINDINGS : IGNORE;
      case BINDINGS:
        if (sc.nameIs('binding')) {
          const p = sc.findAttr('protocol');
          // Compared in place: nine bindings in ten are http(s), and copying each protocol showed in profiles.
          const ftp = p >= 0 && (sc.attrIsIgnoringCase(p, 'ftp') || (sc.attrHasReference(p) && str(p).toLowerCase() === 'ftp'));
          const info = ftp ? attr('bindingInformation', parseBindingInformation) : undefined;
          if (info) currentSite().ftpBindings.push(info.value);
        }
        return IGNORE;
      case FTP:
        if (sc.nameIs('firewallSupport')) {
          const e = attr('externalIp4Address', text);
          if (e) target().externalIp4Address = e;
          for (const port of ['lowDataChannelPort', 'highDataChannelPort']) {
            const p = attr(port, text);
            if (p) facts.misplaced.push(misplacedPortOnSite(inSiteDefaults ? null : pendingName, port, p));
          }
          return IGNORE;
        }
        return sc.nameIs('security') ? FTP_SECURITY : IGNORE;
      case FTP_SECURITY:
        if (sc.nameIs('ssl')) readSsl(target());
        return IGNORE;
      case FTPSRV:
        if (!sc.nameIs('firewallSupport') || configSource('firewallSupport')) return IGNORE;
        readServerFirewall();
        return SERVER_FW;
      case SECTIONS:
        if (sc.nameIs('sectionGroup')) {
          const n = sc.findAttr('name');
          if (n >= 0 && str(n) === 'system.ftpServer') facts.declared.ftpSectionGroup = true;
        }
        return IGNORE;
      case SERVER_FW: {
        const v = attr('value', text);
        if (v) facts.misplaced.push(misplacedChildElement(sc.name, v));
        return IGNORE;
      }
      default:
        return IGNORE;
    }
  };

  const readServerFirewall = (): void => {
    const low = attr('lowDataChannelPort', (s) => parseUint(s, 'lowDataChannelPort'));
    if (low) facts.firewallSupport.lowDataChannelPort = low;
    const high = attr('highDataChannelPort', (s) => parseUint(s, 'highDataChannelPort'));
    if (high) facts.firewallSupport.highDataChannelPort = high;
    const ext = attr('externalIp4Address', text);
    if (ext) facts.misplaced.push(misplacedOnServer(ext));
  };

  const rootName = start === 'document' ? 'configuration' : start;
  for (let tok = sc.next(); tok !== 'eof'; tok = sc.next()) {
    if (tok === 'close') {
      stack.pop();
      continue;
    }
    const parent = stack[stack.length - 1]!;
    if (stack.length === 1 && start !== 'document' && !sc.nameIs(rootName)) {
      sc.fail(sc.tagStart, `the root element is <${sc.name}>, but a configSource file for this section must start with <${rootName}>`, `make <${rootName}> the root element`, 'NOT_IIS_CONFIG');
    }
    const ctx = parent === IGNORE ? IGNORE : enter(parent);
    if (!sc.selfClosing) stack.push(ctx);
  }
  return refs;
}

/** Elements that belong inside <configuration>: a file rooted at one of them is a fragment or a partial copy. */
const CONFIGURATION_CHILDREN = new Set(['configSections', 'configProtectedData', 'system.applicationHost', 'system.webServer', 'system.ftpServer', 'location', 'sites', 'site', 'siteDefaults', 'applicationPools', 'httpCompression', 'staticContent', 'handlers', 'modules', 'rewrite']);

function notConfigurationRoot(sc: XmlScanner): never {
  if (CONFIGURATION_CHILDREN.has(sc.name) || sc.name.startsWith('system.')) {
    sc.fail(sc.tagStart, `the file starts at <${sc.name}>, which belongs inside <configuration>: it is a fragment or a partial copy of a configuration, not a whole applicationHost.config`, 'give the complete applicationHost.config IIS reads (%windir%\\System32\\inetsrv\\config)', 'NOT_IIS_CONFIG');
  }
  return sc.fail(sc.tagStart, `the root element is <${sc.name}>, not <configuration>`, 'check the path: this is not an IIS applicationHost.config', 'NOT_IIS_CONFIG');
}
