/**
 * The well-known mistakes, as data for the planner's MISPLACED_ATTRIBUTE
 * finding. Guides (see /work/shared/reference) put externalIp4Address on
 * system.ftpServer/firewallSupport, or write settings as child elements with
 * a `value`; IIS's schema has neither, so IIS never uses those values (and
 * reports the section as invalid: "Unrecognized attribute/element").
 */
import type { Located, MisplacedAttribute } from '../core/iis-state.js';

const SITE_DEFAULTS_FW = 'system.applicationHost/sites/siteDefaults/ftpServer/firewallSupport';
const SERVER_FW = 'system.ftpServer/firewallSupport';

export function misplacedOnServer(v: Located<string>): MisplacedAttribute {
  return {
    element: SERVER_FW,
    attribute: 'externalIp4Address',
    value: v.value,
    at: v.at,
    belongs: `externalIp4Address belongs on ${SITE_DEFAULTS_FW} (all FTP sites) or on a site's ftpServer/firewallSupport element; IIS has no such attribute on ${SERVER_FW}, so it ignores the value (and flags the section as invalid)`,
  };
}

/** `<firewallSupport><externalIp4Address value="..."/></firewallSupport>`, as the guide's XML sample shows. */
export function misplacedChildElement(childName: string, v: Located<string>): MisplacedAttribute {
  const where = childName === 'externalIp4Address'
    ? `an externalIp4Address attribute on ${SITE_DEFAULTS_FW} (or on a site's ftpServer/firewallSupport)`
    : `a ${childName} attribute on ${SERVER_FW} itself`;
  return {
    // Reported under the setting the author meant, so reports line up with the attribute findings.
    element: `${SERVER_FW}/${childName}`,
    attribute: childName,
    value: v.value,
    at: v.at,
    belongs: `this setting belongs in ${where}; IIS stores settings as attributes and rejects a <${childName}> child element, so the value is never used`,
  };
}

/** lowDataChannelPort/highDataChannelPort written on siteDefaults or a site: the range is server-wide only. */
export function misplacedPortOnSite(site: string | null, attribute: string, v: Located<string>): MisplacedAttribute {
  const element = site === null ? SITE_DEFAULTS_FW : `system.applicationHost/sites/site[@name='${site.replace(/'/g, "''")}']/ftpServer/firewallSupport`;
  return {
    element,
    attribute,
    value: v.value,
    at: v.at,
    belongs: `${attribute} belongs on ${SERVER_FW} (the passive port range is server-wide only); IIS has no such attribute on ${element}, so it ignores the value`,
  };
}
