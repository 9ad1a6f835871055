/**
 * Key paths inside the desired-state file, shown to people the way they would
 * write them in JavaScript: `ssl.dataChannelPolicy`, `sites["Partner FTP"].externalIp4Address`.
 */

/** One step into the JSON value: an object key or an array index. */
export type KeyPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `sites["Partner FTP"].ssl`; site names are always bracketed because they are data, not keys of ours. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  path.forEach((seg, i) => {
    const underSites = i === 1 && path[0] === 'sites';
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (!underSites && IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  });
  return out;
}

/** Splits an ajv `instancePath` (a JSON Pointer, RFC 6901) into keys. */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** True when `path` is `prefix` or lies under it. */
export function isUnder(path: KeyPath, prefix: KeyPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}
