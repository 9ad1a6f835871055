/**
 * fast-check arbitraries for IIS configurations and desired states, and the
 * XML text of a generated configuration. Site names carry what breaks naive
 * quoting: ' " $() backticks ; & < newlines, Unicode quotes, brackets.
 */
import fc from 'fast-check';
import type { DesiredState } from '../../../src/core/desired-state.js';

export interface GenSite {
  name: string;
  id: number;
  ftp: boolean;
  externalIp4Address?: string;
  controlChannelPolicy?: string;
  dataChannelPolicy?: string;
}

export interface GenConfig {
  sites: GenSite[];
  defaults: { externalIp4Address?: string; controlChannelPolicy?: string; dataChannelPolicy?: string };
  server: { low?: number; high?: number };
  crlf: boolean;
  bom: boolean;
}

const NAME_UNITS = [
  'a', 'B', 'z', '0', ' ', "'", '"', '$', '(', ')', '`', ';', '&', '<', '>', '\n', '\t', '|', '[', ']', '/', '@', '=', '{', '}', '#', '%',
  '\u2018', '\u2019', '\u201C', '\u201D', 'ü', '€', '日', '\u{1F600}', '\\',
];
/** Fragments that would run code if a name ever reached PowerShell as code. */
const NAME_FRAGMENTS = ['$(whoami)', '`$x', "'; exit 9; '", '"; exit 9; "', '$env:PATH', '@(1)', '${x}', '&&', "'')", '\u2019;exit 9;\u2018'];

export const siteName = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAME_UNITS) }, { weight: 1, arbitrary: fc.constantFrom(...NAME_FRAGMENTS) }), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''))
  // IIS trims nothing, but a name of only whitespace is not a name anyone can type into IIS Manager.
  .filter((n) => n.trim().length > 0);

// Unicast addresses a VIP can have: not 0/8, loopback (127/8), multicast or reserved, which the desired-state
// file refuses (src/desired/ipv4.ts); a desired state with one would test the refusal, not the round trip.
const ip = fc.tuple(fc.integer({ min: 1, max: 223 }).filter((a) => a !== 127), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.'));
const control = fc.constantFrom('SslAllow', 'SslRequire', 'SslRequireCredentialsOnly');
const data = fc.constantFrom('SslAllow', 'SslRequire', 'SslDeny');
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

export const genConfig: fc.Arbitrary<GenConfig> = fc
  .record({
    names: fc.uniqueArray(siteName, { minLength: 1, maxLength: 5, selector: (n) => n.toLowerCase() }),
    siteFacts: fc.array(fc.record({ ftp: fc.boolean(), externalIp4Address: opt(ip), controlChannelPolicy: opt(control), dataChannelPolicy: opt(data) }), { minLength: 5, maxLength: 5 }),
    defaults: fc.record({ externalIp4Address: opt(ip), controlChannelPolicy: opt(control), dataChannelPolicy: opt(data) }),
    server: fc.oneof(fc.constant({}), fc.record({ low: fc.integer({ min: 1025, max: 60000 }), high: fc.integer({ min: 60000, max: 65535 }) })),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ names, siteFacts, defaults, server, crlf, bom }) => ({
    sites: names.map((name, i) => ({ name, id: i + 1, ...strip(siteFacts[i]!), ftp: i === 0 ? true : siteFacts[i]!.ftp })),
    defaults: strip(defaults),
    server,
    crlf,
    bom,
  }));

/** A desired state for a configuration: the VIP and range, maybe SSL, maybe overrides for some FTP sites. */
export function genDesired(config: GenConfig): fc.Arbitrary<DesiredState> {
  const ftpNames = config.sites.filter((s) => s.ftp).map((s) => s.name);
  return fc.record({
    externalIp4Address: ip,
    low: fc.integer({ min: 1025, max: 60000 }),
    width: fc.integer({ min: 0, max: 2000 }),
    ssl: opt(fc.record({ controlChannelPolicy: opt(control), dataChannelPolicy: opt(data) }).map(strip)),
    overrides: fc.subarray(ftpNames),
    overrideIps: fc.array(ip, { minLength: 5, maxLength: 5 }),
  }).map((d) => ({
    externalIp4Address: d.externalIp4Address,
    lowDataChannelPort: d.low,
    highDataChannelPort: Math.min(65535, d.low + d.width),
    sites: Object.fromEntries(d.overrides.map((n, i) => [n, { externalIp4Address: d.overrideIps[i]! }])),
    ...(d.ssl && Object.keys(d.ssl).length ? { ssl: d.ssl as DesiredState['ssl'] } : {}),
    restart: 'on-change' as const,
  }));
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** An XML attribute value: the five specials, and whitespace as character references so it survives attribute normalisation. */
export function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const attrs = (o: Record<string, unknown>) => Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');

function ftpServer(s: { externalIp4Address?: string; controlChannelPolicy?: string; dataChannelPolicy?: string; serverCertHash?: string }, indent: string): string {
  const ssl = attrs({ controlChannelPolicy: s.controlChannelPolicy, dataChannelPolicy: s.dataChannelPolicy, serverCertHash: s.serverCertHash });
  const fw = attrs({ externalIp4Address: s.externalIp4Address });
  if (!ssl && !fw) return '';
  return `${indent}<ftpServer>\n${ssl ? `${indent}    <security>\n${indent}        <ssl${ssl} />\n${indent}    </security>\n` : ''}${fw ? `${indent}    <firewallSupport${fw} />\n` : ''}${indent}</ftpServer>\n`;
}

/** Every generated server has a certificate at siteDefaults: an SslRequire without one is refused by the planner (issue 14). */
const SERVER_CERT = '3F1A9C0E5B7D2468ACE013579BDF2468ACE01357';

/** The applicationHost.config text of a generated configuration (IIS layout, the sections the tool reads). */
export function renderConfig(c: GenConfig): Buffer {
  const sites = c.sites
    .map((s) => `            <site${attrs({ name: s.name, id: s.id })}>\n                <bindings>\n                    <binding protocol="${s.ftp ? 'ftp' : 'http'}" bindingInformation="*:${s.ftp ? 990 : 80}:" />\n                </bindings>\n${ftpServer(s, '                ')}            </site>\n`)
    .join('');
  const text = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.ftpServer">
            <section name="firewallSupport" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <sites>
${sites}            <siteDefaults>
${ftpServer({ ...c.defaults, serverCertHash: SERVER_CERT }, '                ')}            </siteDefaults>
        </sites>
    </system.applicationHost>
    <system.ftpServer>
        <firewallSupport${attrs({ lowDataChannelPort: c.server.low, highDataChannelPort: c.server.high })} />
    </system.ftpServer>
</configuration>
`;
  const body = Buffer.from(c.crlf ? text.replace(/\n/g, '\r\n') : text, 'utf8');
  return c.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
