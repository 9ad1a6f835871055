/**
 * The text of a realistic IIS 10 applicationHost.config (Windows Server 2019/2022
 * with the Web Server and FTP Server roles): the real section declarations,
 * app pools, sites, the default system.webServer and system.ftpServer content.
 * Shared by the fixtures builder and the large-config generator so both look
 * like what IIS writes (4-space indent, attribute order as IIS Manager saves).
 */

export interface BindingSpec {
  protocol: string;
  bindingInformation: string;
}

export interface SiteSpec {
  name: string;
  id: number;
  physicalPath: string;
  applicationPool?: string;
  bindings: BindingSpec[];
  /** `ftpServer` content: present for FTP sites. */
  ftp?: {
    ssl?: Record<string, string>;
    externalIp4Address?: string;
    /** Extra attributes on the site's firewallSupport, e.g. the port-range mistake. */
    firewallExtra?: Record<string, string>;
  };
  logDirectory?: string;
}

export interface ApplicationHostSpec {
  appPools: string[];
  sites: SiteSpec[];
  /** siteDefaults/ftpServer: ssl attributes and firewallSupport externalIp4Address. */
  siteDefaultsFtp?: { ssl?: Record<string, string>; externalIp4Address?: string };
  /** The whole `<firewallSupport .../>` element under system.ftpServer (default `<firewallSupport />`). */
  serverFirewallXml?: string;
  /** Replaces `<sites>...</sites>` entirely (e.g. `<sites configSource="..." />`). */
  sitesXmlOverride?: string;
  /** Per-site FTP authorization locations (as IIS Manager writes them). */
  ftpAuthorizationFor?: string[];
}

export function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function attrs(a: Record<string, string | undefined>): string {
  return Object.entries(a).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeAttr(v!)}"`).join('');
}

export function siteXml(s: SiteSpec, indent = '            '): string {
  const i = indent;
  const lines = [`${i}<site${attrs({ name: s.name, id: String(s.id) })}>`,
    `${i}    <application path="/"${attrs({ applicationPool: s.applicationPool })}>`,
    `${i}        <virtualDirectory path="/"${attrs({ physicalPath: s.physicalPath })} />`,
    `${i}    </application>`,
    `${i}    <bindings>`,
    ...s.bindings.map((b) => `${i}        <binding${attrs({ protocol: b.protocol, bindingInformation: b.bindingInformation })} />`),
    `${i}    </bindings>`];
  if (s.ftp) {
    lines.push(`${i}    <ftpServer>`, `${i}        <security>`);
    if (s.ftp.ssl) lines.push(`${i}            <ssl${attrs(s.ftp.ssl)} />`);
    lines.push(`${i}            <authentication>`, `${i}                <basicAuthentication enabled="true" />`, `${i}            </authentication>`, `${i}        </security>`);
    if (s.ftp.externalIp4Address !== undefined || s.ftp.firewallExtra) {
      lines.push(`${i}        <firewallSupport${attrs({ externalIp4Address: s.ftp.externalIp4Address, ...s.ftp.firewallExtra })} />`);
    }
    lines.push(`${i}    </ftpServer>`);
  }
  if (s.logDirectory) lines.push(`${i}    <logFile${attrs({ directory: s.logDirectory })} />`);
  lines.push(`${i}</site>`);
  return lines.join('\n');
}

export function siteDefaultsXml(ftp: ApplicationHostSpec['siteDefaultsFtp'], indent = '            '): string {
  const i = indent;
  const lines = [`${i}<siteDefaults>`,
    `${i}    <logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />`,
    `${i}    <traceFailedRequestsLogging directory="%SystemDrive%\\inetpub\\logs\\FailedReqLogFiles" />`,
    `${i}    <ftpServer>`,
    `${i}        <security>`,
    `${i}            <ssl${attrs(ftp?.ssl ?? { controlChannelPolicy: 'SslAllow', dataChannelPolicy: 'SslAllow' })} />`,
    `${i}        </security>`];
  if (ftp?.externalIp4Address !== undefined) lines.push(`${i}        <firewallSupport${attrs({ externalIp4Address: ftp.externalIp4Address })} />`);
  lines.push(`${i}    </ftpServer>`, `${i}</siteDefaults>`);
  return lines.join('\n');
}

/** The `<sites>` element as IIS writes it: sites, then siteDefaults, applicationDefaults, virtualDirectoryDefaults. */
export function sitesXml(spec: Pick<ApplicationHostSpec, 'sites' | 'siteDefaultsFtp'>, indent = '        '): string {
  const inner = `${indent}    `;
  return [`${indent}<sites>`, ...spec.sites.map((s) => siteXml(s, inner)), siteDefaultsXml(spec.siteDefaultsFtp, inner),
    `${inner}<applicationDefaults applicationPool="DefaultAppPool" />`,
    `${inner}<virtualDirectoryDefaults allowSubDirConfig="true" />`,
    `${indent}</sites>`].join('\n');
}

export function applicationHostConfig(spec: ApplicationHostSpec): string {
  const pools = spec.appPools.map((p) => `            <add${attrs({ name: p })} />`).join('\n');
  const sites = spec.sitesXmlOverride ?? sitesXml(spec);
  const ftpLocations = (spec.ftpAuthorizationFor ?? []).map((name) => `
    <location${attrs({ path: name })}>
        <system.ftpServer>
            <security>
                <authorization>
                    <add accessType="Allow" users="ftpusers" roles="" permissions="Read, Write" />
                </authorization>
            </security>
        </system.ftpServer>
    </location>`).join('');
  return `${HEADER}
    <system.applicationHost>

        <applicationPools>
${pools}
            <applicationPoolDefaults managedRuntimeVersion="v4.0">
                <processModel identityType="ApplicationPoolIdentity" />
            </applicationPoolDefaults>
        </applicationPools>

        <!--

          The <configHistory> section controls the behavior of the IIS
          configuration history feature.

        -->
        <configHistory />

        <!--

          The <customMetadata> section is used internally by the Admin Base Objects
          (ABO) Compatibility component. Please do not modify its content.

        -->
        <customMetadata />

        <!--

          The <listenerAdapters> section defines the protocols with which the
          Windows Process Activation Service (WAS) binds.

        -->
        <listenerAdapters>
            <add name="http" />
        </listenerAdapters>

        <log>
            <centralBinaryLogFile enabled="true" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
            <centralW3CLogFile enabled="true" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
        </log>

${sites}

        <webLimits />

    </system.applicationHost>
${WEB_SERVER}
    <system.ftpServer>
        <providerDefinitions>
            <add name="IisManagerAuth" type="Microsoft.Web.FtpServer.Security.IisManagerAuthenticationProvider, Microsoft.Web.FtpServer, version=7.5.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35" />
            <add name="AspNetAuth" type="Microsoft.Web.FtpServer.Security.AspNetFtpMembershipProvider, Microsoft.Web.FtpServer, version=7.5.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35" />
        </providerDefinitions>
        <log>
        </log>
${spec.serverFirewallXml ?? '        <firewallSupport />'}
        <caching>
        </caching>
        <security>
            <ipSecurity />
            <requestFiltering>
                <hiddenSegments>
                    <add segment="_vti_bin" />
                </hiddenSegments>
            </requestFiltering>
            <authorization />
        </security>
    </system.ftpServer>
${LOCATION_ROOT}${ftpLocations}
</configuration>
`;
}

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<!--

    IIS configuration sections.

    For schema documentation, see
    %windir%\\system32\\inetsrv\\config\\schema\\IIS_schema.xml.

    Please make a backup of this file before making any changes to it.

-->

<configuration>

    <!--

        The <configSections> section controls the registration of sections.
        Section is the basic unit of deployment, locking, searching and
        containment for configuration settings.

        Every section belongs to one section group.
        A section group is a container of logically-related sections.

        Sections cannot be nested.
        Section groups may be nested.

        <section
            name=""  [Required, Collection Key] [XML name of the section]
            allowDefinition="Everywhere" [MachineOnly|MachineToApplication|AppHostOnly|Everywhere] [Level where it can be set]
            overrideModeDefault="Allow"  [Allow|Deny] [Default delegation mode]
            allowLocation="true"  [true|false] [Allowed in location tags]
        />

        The recommended way to unlock sections is by using a location tag:
        <location path="Default Web Site" overrideMode="Allow">
            <system.webServer>
                <asp />
            </system.webServer>
        </location>

    -->
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="configHistory" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="customMetadata" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="listenerAdapters" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="log" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="serviceAutoStartProviders" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="webLimits" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>

        <sectionGroup name="system.webServer">
            <section name="asp" overrideModeDefault="Deny" />
            <section name="caching" overrideModeDefault="Allow" />
            <section name="cgi" overrideModeDefault="Deny" />
            <section name="defaultDocument" overrideModeDefault="Allow" />
            <section name="directoryBrowse" overrideModeDefault="Allow" />
            <section name="fastCgi" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="globalModules" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="handlers" overrideModeDefault="Deny" />
            <section name="httpCompression" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="httpErrors" overrideModeDefault="Deny" />
            <section name="httpLogging" overrideModeDefault="Deny" />
            <section name="httpProtocol" overrideModeDefault="Allow" />
            <section name="httpRedirect" overrideModeDefault="Allow" />
            <section name="httpTracing" overrideModeDefault="Deny" />
            <section name="isapiFilters" allowDefinition="MachineToApplication" overrideModeDefault="Deny" />
            <section name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny" />
            <section name="applicationInitialization" allowDefinition="MachineToApplication" overrideModeDefault="Allow" />
            <section name="odbcLogging" overrideModeDefault="Deny" />
            <sectionGroup name="security">
                <section name="access" overrideModeDefault="Deny" />
                <section name="applicationDependencies" overrideModeDefault="Deny" />
                <sectionGroup name="authentication">
                    <section name="anonymousAuthentication" overrideModeDefault="Deny" />
                    <section name="basicAuthentication" overrideModeDefault="Deny" />
                    <section name="clientCertificateMappingAuthentication" overrideModeDefault="Deny" />
                    <section name="digestAuthentication" overrideModeDefault="Deny" />
                    <section name="iisClientCertificateMappingAuthentication" overrideModeDefault="Deny" />
                    <section name="windowsAuthentication" overrideModeDefault="Deny" />
                </sectionGroup>
                <section name="authorization" overrideModeDefault="Allow" />
                <section name="ipSecurity" overrideModeDefault="Deny" />
                <section name="dynamicIpSecurity" overrideModeDefault="Deny" />
                <section name="isapiCgiRestriction" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
                <section name="requestFiltering" overrideModeDefault="Allow" />
            </sectionGroup>
            <section name="serverRuntime" overrideModeDefault="Deny" />
            <section name="serverSideInclude" overrideModeDefault="Deny" />
            <section name="staticContent" overrideModeDefault="Allow" />
            <sectionGroup name="tracing">
                <section name="traceFailedRequests" overrideModeDefault="Allow" />
                <section name="traceProviderDefinitions" overrideModeDefault="Deny" />
            </sectionGroup>
            <section name="urlCompression" overrideModeDefault="Allow" />
            <section name="validation" overrideModeDefault="Allow" />
            <sectionGroup name="webdav">
                <section name="globalSettings" overrideModeDefault="Deny" />
                <section name="authoring" overrideModeDefault="Deny" />
                <section name="authoringRules" overrideModeDefault="Deny" />
            </sectionGroup>
            <section name="webSocket" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.ftpServer">
            <section name="log" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
            <section name="firewallSupport" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
            <section name="caching" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
            <section name="providerDefinitions" overrideModeDefault="Deny" />
            <sectionGroup name="security">
                <section name="ipSecurity" overrideModeDefault="Deny" />
                <section name="requestFiltering" overrideModeDefault="Deny" />
                <section name="authorization" overrideModeDefault="Deny" />
                <section name="authentication" overrideModeDefault="Deny" />
            </sectionGroup>
            <section name="serverRuntime" overrideModeDefault="Deny" allowDefinition="AppHostOnly" />
        </sectionGroup>
    </configSections>

    <configProtectedData>
        <providers>
            <add name="IISWASOnlyRsaProvider" type="" description="Uses RsaCryptoServiceProvider to encrypt and decrypt" keyContainerName="iisWasKey" cspProviderName="" useMachineContainer="true" useOAEP="false" />
            <add name="AesProvider" type="Microsoft.ApplicationHost.AesProtectedConfigurationProvider" description="Uses an AES session key to encrypt and decrypt" keyContainerName="iisConfigurationKey" cspProviderName="" useOAEP="false" useMachineContainer="true" sessionKey="AQIAAACOZgAAAKQAAE6cHIxE2jZRb1NVLk5sHjNhtlhUVLXl2x0LZb8fjDQnUj1mkVvmVZVs3tVdpRgfVQgRVvSsp8UEpbPMGWGBXw==" />
            <add name="IISWASOnlyAesProvider" type="Microsoft.ApplicationHost.AesProtectedConfigurationProvider" description="Uses an AES session key to encrypt and decrypt" keyContainerName="iisWasKey" cspProviderName="" useOAEP="false" useMachineContainer="true" sessionKey="AQIAAACOZgAAAKQAAL8JKsbg84W1X+yo0ryRmI4mDvgxKEDvVpqhVE7+bcF3xkT2Y2b6xVv2jLVLVUbx2Zv6rZ+RxUZ8p8lGBrhx5w==" />
        </providers>
    </configProtectedData>
`;

const MODULES = ['HttpLoggingModule:loghttp.dll', 'UriCacheModule:cachuri.dll', 'FileCacheModule:cachfile.dll', 'TokenCacheModule:cachtokn.dll',
  'HttpCacheModule:cachhttp.dll', 'StaticCompressionModule:compstat.dll', 'DefaultDocumentModule:defdoc.dll', 'DirectoryListingModule:dirlist.dll',
  'ProtocolSupportModule:protsup.dll', 'StaticFileModule:static.dll', 'AnonymousAuthenticationModule:authanon.dll', 'RequestFilteringModule:modrqflt.dll',
  'CustomErrorModule:custerr.dll'];

const MIME = [['.323', 'text/h323'], ['.3g2', 'video/3gpp2'], ['.aac', 'audio/aac'], ['.avi', 'video/x-msvideo'], ['.bmp', 'image/bmp'],
  ['.css', 'text/css'], ['.csv', 'text/csv'], ['.doc', 'application/msword'], ['.gif', 'image/gif'], ['.htm', 'text/html'], ['.html', 'text/html'],
  ['.ico', 'image/x-icon'], ['.jpg', 'image/jpeg'], ['.js', 'application/javascript'], ['.json', 'application/json'], ['.pdf', 'application/pdf'],
  ['.png', 'image/png'], ['.svg', 'image/svg+xml'], ['.txt', 'text/plain'], ['.woff2', 'font/woff2'], ['.xml', 'text/xml'], ['.zip', 'application/x-zip-compressed']];

const WEB_SERVER = `
    <system.webServer>

        <asp />

        <caching enabled="true" enableKernelCache="true">
        </caching>

        <cgi />

        <defaultDocument enabled="true">
            <files>
                <add value="Default.htm" />
                <add value="Default.asp" />
                <add value="index.htm" />
                <add value="index.html" />
                <add value="iisstart.htm" />
            </files>
        </defaultDocument>

        <directoryBrowse enabled="false" />

        <globalModules>
${MODULES.map((m) => { const [n, d] = m.split(':'); return `            <add name="${n}" image="%windir%\\System32\\inetsrv\\${d}" />`; }).join('\n')}
        </globalModules>

        <handlers accessPolicy="Read, Script">
            <add name="TRACEVerbHandler" path="*" verb="TRACE" modules="ProtocolSupportModule" requireAccess="None" />
            <add name="OPTIONSVerbHandler" path="*" verb="OPTIONS" modules="ProtocolSupportModule" requireAccess="None" />
            <add name="StaticFile" path="*" verb="*" modules="StaticFileModule,DefaultDocumentModule,DirectoryListingModule" resourceType="Either" requireAccess="Read" />
        </handlers>

        <httpCompression directory="%SystemDrive%\\inetpub\\temp\\IIS Temporary Compressed Files">
            <scheme name="gzip" dll="%Windir%\\system32\\inetsrv\\gzip.dll" />
            <staticTypes>
                <add mimeType="text/*" enabled="true" />
                <add mimeType="message/*" enabled="true" />
                <add mimeType="application/javascript" enabled="true" />
                <add mimeType="application/atom+xml" enabled="true" />
                <add mimeType="application/xaml+xml" enabled="true" />
                <add mimeType="image/svg+xml" enabled="true" />
                <add mimeType="*/*" enabled="false" />
            </staticTypes>
        </httpCompression>

        <httpErrors lockAttributes="allowAbsolutePathsWhenDelegated,defaultPath">
            <error statusCode="401" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="401.htm" />
            <error statusCode="403" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="403.htm" />
            <error statusCode="404" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="404.htm" />
            <error statusCode="405" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="405.htm" />
            <error statusCode="406" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="406.htm" />
            <error statusCode="412" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="412.htm" />
            <error statusCode="500" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="500.htm" />
            <error statusCode="501" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="501.htm" />
            <error statusCode="502" prefixLanguageFilePath="%SystemDrive%\\inetpub\\custerr" path="502.htm" />
        </httpErrors>

        <httpLogging dontLog="false" />

        <httpProtocol>
            <customHeaders>
                <clear />
                <add name="X-Powered-By" value="ASP.NET" />
            </customHeaders>
            <redirectHeaders>
                <clear />
            </redirectHeaders>
        </httpProtocol>

        <httpRedirect />

        <httpTracing />

        <isapiFilters />

        <odbcLogging />

        <security>

            <access sslFlags="None" />

            <applicationDependencies />

            <authentication>

                <anonymousAuthentication enabled="true" userName="IUSR" />

                <basicAuthentication />

                <clientCertificateMappingAuthentication />

                <digestAuthentication />

                <iisClientCertificateMappingAuthentication />

                <windowsAuthentication />

            </authentication>

            <authorization />

            <ipSecurity />

            <isapiCgiRestriction />

            <requestFiltering>
                <fileExtensions allowUnlisted="true" applyToWebDAV="true" />
                <verbs allowUnlisted="true" applyToWebDAV="true" />
                <hiddenSegments applyToWebDAV="true">
                    <add segment="web.config" />
                </hiddenSegments>
            </requestFiltering>

        </security>

        <serverRuntime />

        <serverSideInclude />

        <staticContent lockAttributes="isDocFooterFileName">
${MIME.map(([e, t]) => `            <mimeMap fileExtension="${e}" mimeType="${t}" />`).join('\n')}
        </staticContent>

        <tracing>

            <traceFailedRequests />

            <traceProviderDefinitions>
                <add name="WWW Server" guid="{3a2a4e84-4c21-4981-ae10-3fda0d9b0f83}">
                    <areas>
                        <clear />
                        <add name="Authentication" value="2" />
                        <add name="Security" value="4" />
                        <add name="Filter" value="8" />
                        <add name="StaticFile" value="16" />
                        <add name="CGI" value="32" />
                        <add name="Compression" value="64" />
                        <add name="Cache" value="128" />
                        <add name="RequestNotifications" value="256" />
                        <add name="Module" value="512" />
                        <add name="Rewrite" value="1024" />
                        <add name="WebSocket" value="4096" />
                    </areas>
                </add>
            </traceProviderDefinitions>

        </tracing>

        <urlCompression />

        <validation />

        <webSocket />

    </system.webServer>
`;

const LOCATION_ROOT = `
    <location path="" overrideMode="Allow">
        <system.webServer>
            <modules>
${MODULES.map((m) => `                <add name="${m.split(':')[0]}" lockItem="true" />`).join('\n')}
            </modules>
            <handlers accessPolicy="Read, Script">
                <add name="TRACEVerbHandler" path="*" verb="TRACE" modules="ProtocolSupportModule" requireAccess="None" />
                <add name="OPTIONSVerbHandler" path="*" verb="OPTIONS" modules="ProtocolSupportModule" requireAccess="None" />
                <add name="StaticFile" path="*" verb="*" modules="StaticFileModule,DefaultDocumentModule,DirectoryListingModule" resourceType="Either" requireAccess="Read" />
            </handlers>
        </system.webServer>
    </location>`;
