/**
 * How a name in the desired state finds its site: IIS's own rule. In the IIS
 * schema, `name` is the unique key of system.applicationHost/sites and is not
 * marked caseSensitive="true" (the default is false), so the configuration
 * system matches site names case-insensitively: "ftps site" and "FTPS Site"
 * are one site, and IIS will not let two sites differ only in case.
 */
import type { DesiredSite, DesiredState } from './desired-state.js';

/** The key IIS matches a site name by (case-insensitive). */
export const siteKey = (name: string): string => name.toLowerCase();
const key = siteKey;

/** The desired-state entry for a site: its exact name first, else the entry that names it in another case. */
export function desiredSiteOf(desired: Pick<DesiredState, 'sites'>, siteName: string): DesiredSite | undefined {
  const exact = desired.sites[siteName];
  if (exact) return exact;
  const k = key(siteName);
  const other = Object.keys(desired.sites).find((n) => key(n) === k);
  return other === undefined ? undefined : desired.sites[other];
}

/** The site a desired-state name selects among `siteNames`, by IIS's rule; undefined when none. */
export function siteNamed(name: string, siteNames: Iterable<string>): string | undefined {
  const k = key(name);
  for (const s of siteNames) if (s === name) return s;
  for (const s of siteNames) if (key(s) === k) return s;
  return undefined;
}
