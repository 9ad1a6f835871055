/**
 * Writes the fixture folders under fixtures/ from the shared IIS template, so
 * every case is a complete, realistic applicationHost.config that differs from
 * the others only where the case says. The output is committed; rerun after
 * changing a case:  node --import tsx bench/make-fixtures.ts
 * (Byte-exact cases, CRLF + BOM and UTF-16, are only reproducible this way.)
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applicationHostConfig, siteXml, sitesXml, type ApplicationHostSpec, type SiteSpec } from './iis-template.js';

/** fixtures/ at the repository root, whether this runs from bench/ (tsx) or dist/bench/. */
function fixturesRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'fixtures');
}
const root = fixturesRoot();

export const CERT = '3F1A9C0E5B7D2468ACE013579BDF2468ACE01357';
const VIP = '203.0.113.10';
const REQUIRE = { serverCertHash: CERT, serverCertStoreName: 'My', controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' };
const RANGE = '        <firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" />';

const defaultWebSite: SiteSpec = { name: 'Default Web Site', id: 1, physicalPath: '%SystemDrive%\\inetpub\\wwwroot', bindings: [{ protocol: 'http', bindingInformation: '*:80:' }] };
const ftpsSite = (ftp: SiteSpec['ftp'] = { ssl: REQUIRE }): SiteSpec => ({
  name: 'FTPS Site', id: 2, physicalPath: 'D:\\ftproot', bindings: [{ protocol: 'ftp', bindingInformation: '*:990:' }], ftp,
  logDirectory: '%SystemDrive%\\inetpub\\logs\\LogFiles',
});
const pools = ['DefaultAppPool', '.NET v4.5', '.NET v4.5 Classic'];

function base(over: Partial<ApplicationHostSpec> = {}): ApplicationHostSpec {
  return { appPools: pools, sites: [defaultWebSite, ftpsSite()], ftpAuthorizationFor: ['FTPS Site'], ...over };
}
const fixed = (over: Partial<ApplicationHostSpec> = {}) =>
  base({ siteDefaultsFtp: { ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' }, externalIp4Address: VIP }, serverFirewallXml: RANGE, ...over });

function write(rel: string, content: string | Buffer): void {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

const REDIRECTION = (enabled: boolean, path: string) => `<configuration>
    <configSections>
        <section name="configurationRedirection" />
    </configSections>
    <configProtectedData>
        <providers>
            <add name="IISRsaProvider" type="" description="Uses RsaCryptoServiceProvider to encrypt and decrypt" keyContainerName="iisConfigurationKey" cspProviderName="" useMachineContainer="true" useOAEP="false" />
        </providers>
    </configProtectedData>
    <configurationRedirection enabled="${enabled}" path="${path}" userName="CONTOSO\\iis-config" password="[enc:IISRsaProvider:c2hhcmVkLWNvbmZpZy1wYXNzd29yZA==:enc]" />
</configuration>
`;

export function buildFixtures(): void {
  const cases: Record<string, string> = {
    'broken-backend/applicationHost.config': applicationHostConfig(base()),
    'fixed-backend/applicationHost.config': applicationHostConfig(fixed()),
    'site-override-backend-address/applicationHost.config': applicationHostConfig(fixed({ sites: [defaultWebSite, ftpsSite({ ssl: REQUIRE, externalIp4Address: '10.0.1.11' })] })),
    'fqdn-instead-of-address/applicationHost.config': applicationHostConfig(fixed({ siteDefaultsFtp: { ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' }, externalIp4Address: 'ftp.example.com' } })),
    'ephemeral-range/applicationHost.config': applicationHostConfig(fixed({ serverFirewallXml: '        <firewallSupport lowDataChannelPort="0" highDataChannelPort="0" />' })),
    'misplaced-attribute/applicationHost.config': applicationHostConfig(base({ serverFirewallXml: `        <firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" externalIp4Address="${VIP}" />` })),
    // The guide's XML sample, verbatim in shape: settings as child elements.
    'misplaced-child-elements/applicationHost.config': applicationHostConfig(base({
      serverFirewallXml: `        <firewallSupport>\n            <externalIp4Address value="${VIP}" />\n            <lowDataChannelPort value="50000" />\n            <highDataChannelPort value="50099" />\n        </firewallSupport>`,
    })),
    'configsource-split/applicationHost.config': applicationHostConfig(fixed({
      sitesXmlOverride: '        <sites configSource="sites.config" />',
      serverFirewallXml: '        <firewallSupport configSource="config\\ftpFirewall.config" />',
    })),
    'configsource-split/sites.config': `${sitesXml({ sites: [defaultWebSite, ftpsSite()], siteDefaultsFtp: { ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' }, externalIp4Address: VIP } }, '')}\n`,
    'configsource-split/config/ftpFirewall.config': '<?xml version="1.0" encoding="UTF-8"?>\n<firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" />\n',
    // The local file is stale (the broken one); IIS reads shared/applicationHost.config.
    'shared-config/applicationHost.config': applicationHostConfig(base()),
    'shared-config/redirection.config': REDIRECTION(true, 'shared'),
    'shared-config/shared/applicationHost.config': applicationHostConfig(fixed()),
    'redirection-disabled/applicationHost.config': applicationHostConfig(fixed()),
    'redirection-disabled/redirection.config': REDIRECTION(false, '\\\\fileserver\\iis-shared\\config'),
    'multi-site/applicationHost.config': applicationHostConfig(multiSite()),
  };
  rmSync(root + '/malformed', { recursive: true, force: true });
  for (const [rel, text] of Object.entries(cases)) write(rel, text);

  const fixedText = applicationHostConfig(fixed());
  write('crlf-bom/applicationHost.config', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixedText.replace(/\n/g, '\r\n'), 'utf8')]));
  write('utf16le-bom/applicationHost.config', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixedText.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace(/\n/g, '\r\n'), 'utf16le')]));
  writeMalformed(fixedText);
  write('desired.json', `${JSON.stringify({ externalIp4Address: VIP, lowDataChannelPort: 50000, highDataChannelPort: 50099, ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' } }, null, 2)}\n`);
}

function multiSite(): ApplicationHostSpec {
  const ftp = (name: string, id: number, info: string, extra: Partial<SiteSpec> = {}): SiteSpec =>
    ({ name, id, physicalPath: `D:\\ftp\\site${id}`, bindings: [{ protocol: 'ftp', bindingInformation: info }], ftp: { ssl: REQUIRE }, ...extra });
  const sites: SiteSpec[] = [
    defaultWebSite,
    ftp('Partner FTP', 2, '*:990:', { ftp: { ssl: REQUIRE, externalIp4Address: '198.51.100.7' } }),
    ftp(`Tom & Jerry's "Files"`, 3, '10.0.1.11:990:'),
    ftp('Payroll $(Get-Date) drop', 4, '10.0.1.12:990:'),
    ftp('Back`tick; semi;colon', 5, '[2001:db8::11]:990:'),
    ftp('Données clients – Zürich ☃ 東京', 6, '10.0.1.13:990:ftp.example.com'),
    { name: 'Intranet', id: 7, physicalPath: 'D:\\web\\intranet', applicationPool: '.NET v4.5', bindings: [{ protocol: 'http', bindingInformation: '*:8080:' }, { protocol: 'https', bindingInformation: '*:443:intranet.example.com' }] },
    ftp('Legacy Explicit FTP', 8, '*:21:', { ftp: { ssl: { serverCertHash: CERT, controlChannelPolicy: '0', dataChannelPolicy: '0' } } }),
    { ...ftp('Web And FTP', 9, '*:2121:'), bindings: [{ protocol: 'http', bindingInformation: '*:8081:' }, { protocol: 'ftp', bindingInformation: '*:2121:' }], ftp: { ssl: { serverCertHash: CERT, controlChannelPolicy: '1', dataChannelPolicy: '1', ssl128: 'true' } } },
  ];
  return { appPools: pools, sites, siteDefaultsFtp: { ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' }, externalIp4Address: VIP }, serverFirewallXml: RANGE, ftpAuthorizationFor: sites.filter((s) => s.ftp).map((s) => s.name) };
}

/** Each malformed case breaks the fixed backend's text in one place (positions are asserted by tests). */
function writeMalformed(good: string): void {
  const replaceOnce = (what: string, by: string) => {
    if (!good.includes(what)) throw new Error(`fixture builder: "${what}" not found in the template`);
    return good.replace(what, by);
  };
  const m: Record<string, string | Buffer> = {
    'unclosed-tag.config': replaceOnce('                </bindings>\n', ''),
    'mismatched-end-tag.config': replaceOnce('            </site>\n            <siteDefaults>', '            </sites>\n            <siteDefaults>'),
    'unquoted-attribute.config': replaceOnce('<site name="FTPS Site" id="2">', '<site name="FTPS Site" id=2>'),
    'missing-equals.config': replaceOnce('<binding protocol="ftp" bindingInformation="*:990:" />', '<binding protocol="ftp" bindingInformation "*:990:" />'),
    'unterminated-value.config': good.slice(0, good.indexOf('bindingInformation="*:990:"') + 'bindingInformation="*:99'.length),
    'truncated.config': good.slice(0, good.indexOf('<system.ftpServer>')),
    'doctype.config': replaceOnce('<configuration>\n', '<!DOCTYPE configuration [\n  <!ENTITY lol "lol">\n  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<configuration>\n'),
    'bad-entity.config': replaceOnce('<site name="FTPS Site" id="2">', '<site name="FTPS & Site" id="2">'),
    'bad-port.config': replaceOnce('lowDataChannelPort="50000"', 'lowDataChannelPort="50k"'),
    'missing-configsource/applicationHost.config': replaceOnce(RANGE, '        <firewallSupport configSource="ftpFirewall.config" />'),
    'invalid-utf8.config': Buffer.concat([Buffer.from(good.slice(0, good.indexOf('FTPS Site'))), Buffer.from([0x46, 0xc3, 0x28]), Buffer.from(good.slice(good.indexOf('FTPS Site')))]),
  };
  for (const [rel, text] of Object.entries(m)) write(`malformed/${rel}`, text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildFixtures();
  console.log(`fixtures written to ${root}`);
}
