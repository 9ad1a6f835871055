/**
 * WebAdministration filters that select one site. The name is an XPath-style
 * literal, which has no escape character: single quotes normally, double
 * quotes when the name holds a single quote, and the numeric id when it holds
 * both (the only way left to select it exactly).
 */
export const SITES = 'system.applicationHost/sites';
export const SITE_DEFAULTS = `${SITES}/siteDefaults`;

/** Whether siteSelector selects the site (it does unless the name holds both quote characters and there is no id), without making the filter. */
export function canSelectSite(name: string, id: number | undefined): boolean {
  return id !== undefined || !name.includes("'") || !name.includes('"');
}

/** undefined when the name holds both quote characters and the site has no id: nothing can select it. */
export function siteSelector(name: string, id: number | undefined): string | undefined {
  if (!name.includes("'")) return `${SITES}/site[@name='${name}']`;
  if (!name.includes('"')) return `${SITES}/site[@name="${name}"]`;
  return id === undefined ? undefined : `${SITES}/site[@id='${id}']`;
}
