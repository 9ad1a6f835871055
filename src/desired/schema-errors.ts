/**
 * ajv's errors, retold as this tool's sentences. ajv's own wording ("must NOT
 * have additional properties") never reaches the user: each error keyword maps
 * to a sentence that names the key path, what is wrong and what is allowed.
 * Errors on keys a semantic rule owns are dropped; the rule speaks for them.
 */
import type { ErrorObject } from 'ajv';
import { formatKeyPath, parseJsonPointer, type KeyPath } from './key-path.js';
import { describeType, describeValue, error, type Problem } from './problem.js';
import { closestMatch } from './suggest.js';
import { ownedByRule } from './rules.js';

/** Where each key of the file lives, for "it belongs in …" when a known key is at the wrong level. */
export const KEY_HOMES: Readonly<Record<string, string>> = {
  $schema: 'at the top level',
  externalIp4Address: 'at the top level or in a site under sites',
  lowDataChannelPort: 'at the top level (the passive port range is server-wide in IIS)',
  highDataChannelPort: 'at the top level (the passive port range is server-wide in IIS)',
  sites: 'at the top level',
  ssl: 'at the top level or in a site under sites',
  restart: 'at the top level',
  certificate: 'at the top level',
  windowsFirewall: 'at the top level',
  controlChannelPolicy: 'in ssl (top level or per site)',
  dataChannelPolicy: 'in ssl (top level or per site)',
  serverCertHash: 'in ssl (top level or per site)',
  dnsName: 'in certificate',
  thumbprint: 'in certificate',
  ensureInboundRule: 'in windowsFirewall',
};

const MISSING: Readonly<Record<string, string>> = {
  externalIp4Address: "externalIp4Address is missing; give the VIP's IPv4 address that every FTP site must advertise in PASV replies (e.g. \"203.0.113.10\").",
  lowDataChannelPort: 'lowDataChannelPort is missing; give the first port of the passive range the load balancer forwards (1025–65535, e.g. 50000).',
  highDataChannelPort: 'highDataChannelPort is missing; give the last port of the passive range the load balancer forwards (1025–65535, e.g. 50099).',
};

const OBJECT_EXAMPLES: Readonly<Record<string, string>> = {
  '': 'an object such as {"externalIp4Address": "203.0.113.10", "lowDataChannelPort": 50000, "highDataChannelPort": 50099}',
  sites: 'an object keyed by IIS site name, such as {"Partner FTP": {"externalIp4Address": "198.51.100.7"}}',
  site: 'an object such as {"externalIp4Address": "198.51.100.7"}',
  ssl: 'an object such as {"controlChannelPolicy": "SslRequire", "dataChannelPolicy": "SslRequire"}',
  certificate: 'an object such as {"dnsName": "ftp.example.com"}',
  windowsFirewall: 'an object such as {"ensureInboundRule": true}',
};

export function translateSchemaErrors(errors: readonly ErrorObject[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  // An enum error already says what the value must be; the type error beside it adds nothing.
  const hasEnum = new Set(errors.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  // A typo of a required key ("externalIPv4Address") already says "did you mean externalIp4Address?";
  // "externalIp4Address is missing" on top of it would be the same problem twice.
  const guessed = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => `${e.instancePath}/${closestMatch((e.params as { additionalProperty: string }).additionalProperty, allowedKeys(e.parentSchema)) ?? ''}`),
  );
  for (const e of errors) {
    if (e.keyword === 'type' && hasEnum.has(e.instancePath)) continue;
    if (e.keyword === 'required' && guessed.has(`${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`)) continue;
    const at = parseJsonPointer(e.instancePath);
    const p = translate(e, at);
    if (p && !seen.has(p.message)) {
      seen.add(p.message);
      out.push(p);
    }
  }
  return out;
}

function translate(e: ErrorObject, at: string[]): Problem | undefined {
  if (ownedByRule(at)) return undefined;
  const label = at.length ? formatKeyPath(at) : 'The desired state';
  switch (e.keyword) {
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      const path = [...at, key];
      return error(path, MISSING[key] ?? `${formatKeyPath(path)} is missing.`);
    }
    case 'additionalProperties':
      return unknownKey(at, (e.params as { additionalProperty: string }).additionalProperty, e.parentSchema);
    case 'propertyNames':
      return error(at, `${label} has an entry with an empty name; use the IIS site name exactly as IIS Manager shows it.`);
    case 'enum':
      return badEnum(at, label, e.data, (e.params as { allowedValues: unknown[] }).allowedValues);
    case 'type':
      return wrongType(at, label, e.data, (e.params as { type: string }).type);
    default:
      // A keyword added to the schema without a sentence here: still name the key and the schema.
      if (e.schemaPath.includes('/propertyNames/')) return undefined;
      return error(at, `${label} is ${describeValue(e.data)}, which schema/desired-state.schema.json does not allow here; see the schema's description of ${label}.`);
  }
}

function unknownKey(at: string[], key: string, parentSchema: unknown): Problem {
  const path = [...at, key];
  const allowed = allowedKeys(parentSchema);
  const where = at.length === 0 ? 'at the top level' : `in ${formatKeyPath(at)}`;
  const home = Object.hasOwn(KEY_HOMES, key) ? KEY_HOMES[key] : undefined;
  if (home) return error(path, `${formatKeyPath(path)} is not allowed ${where}; ${key} belongs ${home}, and the keys allowed ${where} are ${allowed.join(', ')}.`);
  const guess = closestMatch(key, allowed);
  const hint = guess ? ` (did you mean ${guess}?)` : '';
  return error(path, `${formatKeyPath(path)} is not a known key${hint}; the keys allowed ${where} are ${allowed.join(', ')}.`);
}

function allowedKeys(parentSchema: unknown): string[] {
  return Object.keys((parentSchema as { properties?: object } | undefined)?.properties ?? {});
}

function badEnum(at: KeyPath, label: string, value: unknown, allowed: unknown[]): Problem {
  const names = allowed.map(String);
  const list = names.join(', ');
  // IIS stores these enums as numbers too (SslAllow 0, SslRequire 1, ...); the file wants the names.
  if (typeof value === 'number' && Number.isInteger(value) && names[value] && /Policy$/.test(String(at[at.length - 1]))) {
    return error(at, `${label} is ${value}; write the name IIS shows instead of its number (${JSON.stringify(names[value])}); allowed: ${list}.`);
  }
  const guess = typeof value === 'string' ? closestMatch(value, names) : undefined;
  const hint = guess && guess !== value ? ` (did you mean ${guess}?)` : '';
  return error(at, `${label} is ${describeValue(value)}, which is not allowed${hint}; use one of ${list}.`);
}

function wrongType(at: string[], label: string, value: unknown, expected: string): Problem {
  // Examples are keyed by the schema location: every site shares one, every ssl block another.
  const key = at[0] === 'sites' && at.length === 2 ? 'site' : at[0] === 'sites' && at.length === 3 ? String(at[2]) : at.join('/');
  let want: string;
  switch (expected) {
    case 'object': want = OBJECT_EXAMPLES[key] ?? 'an object'; break;
    case 'boolean':
      want = typeof value === 'string' && /^(true|false)$/i.test(value) ? `true or false without quotes (${value.toLowerCase()})` : 'true or false';
      break;
    case 'string': want = 'a string in double quotes'; break;
    case 'integer': want = 'a whole number'; break;
    default: want = expected;
  }
  const subject = at.length === 0 ? 'The desired-state file holds' : `${label} is`;
  return error(at, `${subject} ${describeType(value)}; it must be ${want}.`);
}
