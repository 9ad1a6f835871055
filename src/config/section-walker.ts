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
 *
 * Speed (docs/performance.md): the walker is one object with methods, not
 * closures made per walk (V8 re-optimised those on later walks, on the
 * compiler's threads but in this process's CPU time), and an element it does
 * not follow is skipped by depth: the tags below it cost the walker one
 * comparison each (the scanner still checks every one).
 */
import type { FtpBinding, FtpSiteFacts, Located, SourceLocation } from '../core/iis-state.js';
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
  return new SectionWalker(sc, facts, start).walk();
}

// Attribute parsers, made once (not a closure per attribute read).
const asText = (s: string): string => s;
const asControlPolicy = (s: string): string => enumName(s, CONTROL_CHANNEL_POLICIES);
const asDataPolicy = (s: string): string => enumName(s, DATA_CHANNEL_POLICIES);
const asSsl128 = (s: string): boolean => parseBool(s, 'ssl128');
const asLowPort = (s: string): number => parseUint(s, 'lowDataChannelPort');
const asHighPort = (s: string): number => parseUint(s, 'highDataChannelPort');
const asSiteId = (s: string): number => parseUint(s, 'site id');
const MISPLACED_SITE_PORTS = ['lowDataChannelPort', 'highDataChannelPort'] as const;

class SectionWalker {
  readonly refs: ConfigSourceRef[] = [];
  // A site becomes an FtpSiteFacts (with its location and id) only when it shows FTP content:
  // nine sites in ten are HTTP, and only their names are kept.
  // The open <site>, as plain fields (no object per site): its name, its tag's offset, and where its id
  // attribute's value starts and ends (-1 without one), copied and parsed only when the site turns out to be FTP.
  private pendingName: string | null = null;
  private pendingTagStart = 0;
  private pendingIdAt = -1;
  private pendingIdEnd = -1;
  private site: FtpSiteFacts | undefined = undefined;
  private inSiteDefaults = false;

  constructor(private readonly sc: XmlScanner, private readonly facts: FactsBuilder, private readonly start: WalkStart) {}

  walk(): ConfigSourceRef[] {
    const sc = this.sc;
    const start = this.start;
    const rootName = start === 'document' ? 'configuration' : start;
    // Contexts of the open elements the walk follows (the section's parent first). An element it does not
    // follow is not pushed: `skipping` holds its depth until it closes, and everything below it is passed over.
    const stack: number[] = [START_PARENT[start]];
    let skipping = 0;
    for (let tok = sc.next(); tok !== 'eof'; tok = sc.next()) {
      if (skipping > 0) {
        if (tok === 'close' && sc.depth < skipping) skipping = 0;
        continue;
      }
      if (tok === 'close') {
        stack.pop();
        continue;
      }
      if (stack.length === 1 && start !== 'document' && !sc.nameIs(rootName)) {
        sc.fail(sc.tagStart, `the root element is <${sc.name}>, but a configSource file for this section must start with <${rootName}>`, `make <${rootName}> the root element`, 'NOT_IIS_CONFIG');
      }
      const ctx = this.enter(stack[stack.length - 1]!);
      if (sc.selfClosing) continue;
      if (ctx === IGNORE) skipping = sc.depth;
      else stack.push(ctx);
    }
    return this.refs;
  }

  /** The context of the element just opened, whose parent's context is `parent`; records what it holds. */
  private enter(parent: number): number {
    const sc = this.sc;
    const facts = this.facts;
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
          const p = i < 0 ? '' : this.str(i);
          return p === '' || p === '.' ? CONFIG : IGNORE;
        }
        return IGNORE;
      case APPHOST:
        if (!sc.nameIs('sites')) return IGNORE;
        return this.configSource('sites') ? IGNORE : SITES;
      case SITES:
        if (sc.nameIs('site')) {
          this.openSite();
          return SITE;
        }
        if (sc.nameIs('siteDefaults')) {
          this.inSiteDefaults = true;
          return SITE_DEFAULTS;
        }
        return IGNORE;
      case SITE_DEFAULTS:
        return sc.nameIs('ftpServer') ? FTP : IGNORE;
      case SITE:
        return sc.nameIs('bindings') ? BINDINGS : sc.nameIs('ftpServer') ? FTP : IGNORE;
      case BINDINGS:
        if (sc.nameIs('binding')) this.readBinding();
        return IGNORE;
      case FTP:
        if (sc.nameIs('firewallSupport')) {
          this.readSiteFirewall();
          return IGNORE;
        }
        return sc.nameIs('security') ? FTP_SECURITY : IGNORE;
      case FTP_SECURITY:
        if (sc.nameIs('ssl')) this.readSsl(this.target());
        return IGNORE;
      case FTPSRV:
        if (!sc.nameIs('firewallSupport') || this.configSource('firewallSupport')) return IGNORE;
        this.readServerFirewall();
        return SERVER_FW;
      case SECTIONS:
        if (sc.nameIs('sectionGroup')) {
          const n = sc.findAttr('name');
          if (n >= 0 && this.str(n) === 'system.ftpServer') facts.declared.ftpSectionGroup = true;
        }
        return IGNORE;
      case SERVER_FW: {
        const v = this.attr('value', asText);
        if (v) facts.misplaced.push(misplacedChildElement(sc.name, v));
        return IGNORE;
      }
      default:
        return IGNORE;
    }
  }

  private openSite(): void {
    const sc = this.sc;
    const n = sc.findAttr('name');
    if (n < 0) sc.fail(sc.tagStart, 'a <site> has no name attribute', 'give every site a name (IIS requires one)', 'VALUE_INVALID');
    const id = sc.findAttr('id');
    this.pendingName = this.str(n);
    this.pendingTagStart = sc.tagStart;
    this.pendingIdAt = id < 0 ? -1 : sc.attrValueAt(id);
    this.pendingIdEnd = id < 0 ? -1 : sc.attrValueEnd(id);
    this.facts.siteNames.push(this.pendingName);
    this.site = undefined;
    this.inSiteDefaults = false;
  }

  private readBinding(): void {
    const sc = this.sc;
    const p = sc.findAttr('protocol');
    // Compared in place: nine bindings in ten are http(s), and copying each protocol showed in profiles.
    const ftp = p >= 0 && (sc.attrIsIgnoringCase(p, 'ftp') || (sc.attrHasReference(p) && this.str(p).toLowerCase() === 'ftp'));
    if (!ftp) return;
    const i = sc.findAttr('bindingInformation');
    if (i < 0) return;
    // Parsed without a location: a binding is kept as its value, so no line is counted for it.
    const binding: FtpBinding = this.parseValue(sc.attrValueAt(i), this.str(i), parseBindingInformation);
    this.currentSite().ftpBindings.push(binding);
  }

  private readSiteFirewall(): void {
    const e = this.attr('externalIp4Address', asText);
    if (e) this.target().externalIp4Address = e;
    for (const port of MISPLACED_SITE_PORTS) {
      const p = this.attr(port, asText);
      if (p) this.facts.misplaced.push(misplacedPortOnSite(this.inSiteDefaults ? null : this.pendingName, port, p));
    }
  }

  private readSsl(t: FtpSettingsTarget): void {
    const ssl = t.ssl;
    const c = this.attr('controlChannelPolicy', asControlPolicy);
    if (c) ssl.controlChannelPolicy = c;
    const d = this.attr('dataChannelPolicy', asDataPolicy);
    if (d) ssl.dataChannelPolicy = d;
    const h = this.attr('serverCertHash', asText);
    if (h) ssl.serverCertHash = h;
    const n = this.attr('serverCertStoreName', asText);
    if (n) ssl.serverCertStoreName = n;
    const b = this.attr('ssl128', asSsl128);
    if (b) ssl.ssl128 = b;
  }

  private readServerFirewall(): void {
    const fw = this.facts.firewallSupport;
    const low = this.attr('lowDataChannelPort', asLowPort);
    if (low) fw.lowDataChannelPort = low;
    const high = this.attr('highDataChannelPort', asHighPort);
    if (high) fw.highDataChannelPort = high;
    const ext = this.attr('externalIp4Address', asText);
    if (ext) this.facts.misplaced.push(misplacedOnServer(ext));
  }

  private currentSite(): FtpSiteFacts {
    if (this.site) return this.site;
    const id = this.pendingIdAt < 0 ? undefined : this.parseValue(this.pendingIdAt, this.sc.text.slice(this.pendingIdAt, this.pendingIdEnd), asSiteId);
    const site: FtpSiteFacts = { name: this.pendingName!, id, at: this.at(this.pendingTagStart), ftpBindings: [], ssl: {} };
    this.site = site;
    this.facts.sites.push(site);
    return site;
  }

  private target(): FtpSettingsTarget {
    return this.inSiteDefaults ? this.facts.siteDefaults : this.currentSite();
  }

  /** Attribute `i`'s value with its entity and character references decoded. */
  private str(i: number): string {
    const sc = this.sc;
    const raw = sc.attrRaw(i);
    if (raw.indexOf('&') === -1) return raw;
    const d = decodeEntities(raw);
    if (!d.ok) return sc.fail(sc.attrValueAt(i) + d.offset, d.problem, FIX_XML, 'XML_ENTITY');
    return d.value;
  }

  private at(offset: number): SourceLocation {
    const p = this.sc.placeOf(offset);
    return { file: this.sc.file, line: p.line, column: p.column };
  }

  /** The current tag's attribute `name`, parsed and located, or undefined when absent. */
  private attr<T>(name: string, parse: (s: string) => T): Located<T> | undefined {
    const sc = this.sc;
    const i = sc.findAttr(name);
    if (i < 0) return undefined;
    return { value: this.parseValue(sc.attrValueAt(i), this.str(i), parse), at: this.at(sc.attrNameAt(i)) };
  }

  /** `text` (the value at offset `valueAt`) parsed; a value IIS would refuse is a config error pointing at it. */
  private parseValue<T>(valueAt: number, text: string, parse: (s: string) => T): T {
    try {
      return parse(text);
    } catch (e) {
      if (e instanceof ValueProblem) this.sc.fail(valueAt, e.message, 'correct the value (IIS would refuse it too)', 'VALUE_INVALID');
      throw e;
    }
  }

  private configSource(section: ConfigSourceRef['section']): boolean {
    const sc = this.sc;
    const i = sc.findAttr('configSource');
    if (i < 0) return false;
    if (this.start !== 'document') sc.fail(sc.attrNameAt(i), 'a configSource file cannot itself use configSource', 'move the section content into this file', 'CONFIG_SOURCE_INVALID');
    this.refs.push({ section, configSource: this.str(i), file: sc.file, at: sc.placeOf(sc.attrNameAt(i)) });
    return true;
  }
}

/** Elements that belong inside <configuration>: a file rooted at one of them is a fragment or a partial copy. */
const CONFIGURATION_CHILDREN = new Set(['configSections', 'configProtectedData', 'system.applicationHost', 'system.webServer', 'system.ftpServer', 'location', 'sites', 'site', 'siteDefaults', 'applicationPools', 'httpCompression', 'staticContent', 'handlers', 'modules', 'rewrite']);

function notConfigurationRoot(sc: XmlScanner): never {
  if (CONFIGURATION_CHILDREN.has(sc.name) || sc.name.startsWith('system.')) {
    sc.fail(sc.tagStart, `the file starts at <${sc.name}>, which belongs inside <configuration>: it is a fragment or a partial copy of a configuration, not a whole applicationHost.config`, 'give the complete applicationHost.config IIS reads (%windir%\\System32\\inetsrv\\config)', 'NOT_IIS_CONFIG');
  }
  return sc.fail(sc.tagStart, `the root element is <${sc.name}>, not <configuration>`, 'check the path: this is not an IIS applicationHost.config', 'NOT_IIS_CONFIG');
}
