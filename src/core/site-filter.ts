/**
 * WebAdministration filters that select one site. The name is an XPath-style
 * literal, which has no escape character: single quotes normally, double
 * quotes when the name holds a single quote, and the numeric id when it holds
 * both (the only way left to select it exactly).
 */
export const SITES = 'system.applicationHost/sites';
export const SITE_DEFAULTS = `${SITES}/siteDefaults`;

/** Whether a filter can select the site: not when its name holds both quote characters and it has no id (siteSelector then gives none). */
export function canSelectSite(name: string, id: number | undefined): boolean {
  return id !== undefined || !name.includes("'") || !name.includes('"');
}

/** The filter that selects the site; undefined when canSelectSite says nothing can. */
export function siteSelector(name: string, id: number | undefined): string | undefined {
  if (!canSelectSite(name, id)) return undefined;
  if (!name.includes("'")) return `${SITES}/site[@name='${name}']`;
  if (!name.includes('"')) return `${SITES}/site[@name="${name}"]`;
  return `${SITES}/site[@id='${id}']`;
}
