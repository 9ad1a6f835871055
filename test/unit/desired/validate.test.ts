import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { validateDesiredState } from '../../../src/desired/load-desired.js';
import { KEY_HOMES } from '../../../src/desired/schema-errors.js';
import { closestMatch } from '../../../src/desired/suggest.js';
import { formatKeyPath } from '../../../src/desired/key-path.js';
import { repoRoot } from '../../support/paths.js';
import { join } from 'node:path';

const base = { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 };
const errorsOf = (value: unknown) => validateDesiredState(value, 'desired.json').errors;

describe('validateDesiredState', () => {
  test('a valid value comes back with defaults and no problems', () => {
    const r = validateDesiredState(base, 'desired.json');
    assert.deepEqual(r, { desired: { ...base, sites: {}, restart: 'on-change' }, errors: [], warnings: [] });
  });

  test('explicit sites and restart are kept', () => {
    const r = validateDesiredState({ ...base, sites: { A: {} }, restart: 'always' }, 'd.json');
    assert.deepEqual(r.desired?.sites, { A: {} });
    assert.equal(r.desired?.restart, 'always');
    assert.deepEqual(r.warnings, ['sites["A"] sets nothing; add externalIp4Address or ssl, or remove the entry.']);
  });

  test('no desired value when there is any error', () => {
    const r = validateDesiredState({ ...base, restart: 'sometimes' }, 'd.json');
    assert.equal(r.desired, undefined);
    assert.equal(r.errors.length, 1);
  });

  const addresses: [string, RegExp][] = [
    ['ftp.example.com', /^externalIp4Address is "ftp\.example\.com", a host name; IIS needs the VIP's IPv4 address here \(e\.g\. 203\.0\.113\.10\)\.$/],
    ['localhost', /a host name/],
    ['2001:db8::10', /an IPv6 address; IIS advertises only IPv4 addresses in PASV replies/],
    ['::ffff:203.0.113.10', /an IPv6 address/],
    ['203.0.113.0/24', /a network \(CIDR notation\)/],
    ['203.0.113.010', /with a leading zero in "010"; write each part without leading zeros \("203\.0\.113\.10"\)/],
    ['203.0.113.256', /256 is above 255/],
    ['203.0.113', /not an IPv4 address: it needs four numbers 0–255 separated by dots/],
    ['203.0.113.10.1', /needs four numbers/],
    ['203..113.10', /needs four numbers/],
    ['0.0.0.0', /the unspecified address; clients cannot reach it/],
    ['127.0.0.1', /a loopback address/],
    ['224.0.0.1', /a multicast address/],
    ['255.255.255.255', /the broadcast address/],
    ['250.1.1.1', /reserved range/],
    [' 203.0.113.10', /with spaces around the address; write it without them \("203\.0\.113\.10"\)/],
    ['', /is "", empty/],
    ['203.0.113.10:990', /an address with a port/],
    ['http://203.0.113.10/', /a URL; IIS needs the VIP's IPv4 address here/],
    ['203.0.113.10 ', /with spaces around/],
    ['203,0,113,10', /not an IPv4 address; IIS needs/],
    ['２０３.0.113.10', /not an IPv4 address/],
  ];
  for (const [value, re] of addresses) {
    test(`externalIp4Address ${JSON.stringify(value)}`, () => {
      const errors = errorsOf({ ...base, externalIp4Address: value });
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0]!, re);
    });
  }

  test('externalIp4Address that is not a string', () => {
    assert.deepEqual(errorsOf({ ...base, externalIp4Address: 3405803786 }), [
      "externalIp4Address is a number; IIS needs the VIP's IPv4 address here, as a string (e.g. 203.0.113.10).",
    ]);
  });

  test('a link-local VIP is accepted with a warning', () => {
    const r = validateDesiredState({ ...base, externalIp4Address: '169.254.10.1' }, 'd.json');
    assert.deepEqual(r.errors, []);
    assert.match(r.warnings[0]!, /link-local \(APIPA\)/);
  });

  const ports: [number | string | null | boolean, number | string, RegExp[]][] = [
    [1025, 65535, []],
    [50000, 50000, []],
    [0, 0, []],
    [1024, 50099, [/^lowDataChannelPort is 1024, outside 1025–65535/]],
    [50000, 65536, [/^highDataChannelPort is 65536, outside 1025–65535/]],
    [-1, 50099, [/^lowDataChannelPort is -1, outside/]],
    [0, 50099, [/^lowDataChannelPort is 0 but highDataChannelPort is 50099/]],
    [50000, 0, [/^highDataChannelPort is 0 but lowDataChannelPort is 50000/]],
    [60000, 50000, [/^lowDataChannelPort \(60000\) is above highDataChannelPort \(50000\)/]],
    [21, 21, [/includes 21 \(the FTP control port\); passive ports must be/]],
    [990, 2000, [/includes 990 \(the implicit FTPS control port\)/]],
    [1, 65535, [/includes 21 \(the FTP control port\) and 990/]],
    [500, 600, [/^lowDataChannelPort is 500, outside/, /^highDataChannelPort is 600, outside/]],
    ['50000', 50099, [/^lowDataChannelPort is "50000", a string; write the number without quotes \(50000\)\.$/]],
    ['fifty', 50099, [/^lowDataChannelPort is a string; it must be a whole number 1025–65535/]],
    [null, 50099, [/^lowDataChannelPort is null; it must be a whole number/]],
    [true, 50099, [/^lowDataChannelPort is a boolean; it must be a whole number/]],
    [50000.5, 50099, [/^lowDataChannelPort is 50000\.5, not a whole number/]],
  ];
  for (const [low, high, expected] of ports) {
    test(`ports ${JSON.stringify(low)}–${JSON.stringify(high)}`, () => {
      const errors = errorsOf({ ...base, lowDataChannelPort: low, highDataChannelPort: high });
      assert.equal(errors.length, expected.length, errors.join('\n'));
      expected.forEach((re, i) => assert.match(errors[i]!, re));
    });
  }

  test('unknown keys at every level are errors naming the allowed keys', () => {
    const errors = errorsOf({
      ...base,
      ssl: { controlChannelPolicy: 'SslRequire', serverCertHashes: 'x' },
      certificate: { dnsname: 'ftp.example.com' },
      windowsFirewall: { ensureInboundRules: true },
      sites: { 'Partner FTP': { externalIp4Adress: '198.51.100.7' } },
    });
    assert.deepEqual(errors, [
      'sites["Partner FTP"].externalIp4Adress is not a known key (did you mean externalIp4Address?); the keys allowed in sites["Partner FTP"] are externalIp4Address, ssl.',
      'ssl.serverCertHashes is not a known key (did you mean serverCertHash?); the keys allowed in ssl are controlChannelPolicy, dataChannelPolicy, serverCertHash.',
      'certificate.dnsname is not a known key (did you mean dnsName?); the keys allowed in certificate are dnsName, thumbprint.',
      'windowsFirewall.ensureInboundRules is not a known key (did you mean ensureInboundRule?); the keys allowed in windowsFirewall are ensureInboundRule.',
    ]);
  });

  test('a key far from any allowed one gets no guess', () => {
    assert.match(errorsOf({ ...base, banana: 1 })[0]!, /^banana is not a known key; the keys allowed at the top level are/);
  });

  test('__proto__ and odd keys are named verbatim, not confused with built-ins', () => {
    const errors = errorsOf(JSON.parse('{"externalIp4Address":"203.0.113.10","lowDataChannelPort":50000,"highDataChannelPort":50099,"__proto__":1,"a.b":2}'));
    assert.match(errors[0]!, /^__proto__ is not a known key;/);
    assert.match(errors[1]!, /^\["a\.b"\] is not a known key;/);
  });

  test('enum values in the wrong case get a guess; numbers get the name', () => {
    assert.deepEqual(errorsOf({ ...base, ssl: { dataChannelPolicy: 'sslrequire', controlChannelPolicy: 2 } }), [
      'ssl.controlChannelPolicy is 2; write the name IIS shows instead of its number ("SslRequireCredentialsOnly"); allowed: SslAllow, SslRequire, SslRequireCredentialsOnly.',
      'ssl.dataChannelPolicy is "sslrequire", which is not allowed (did you mean SslRequire?); use one of SslAllow, SslRequire, SslDeny.',
    ]);
  });

  test('per-site ssl and address are checked with the site in the key path', () => {
    const errors = errorsOf({ ...base, sites: { "O'Brien \"FTP\"": { externalIp4Address: 'ftp.example.com', ssl: { dataChannelPolicy: 'None', serverCertHash: 'zz' } } } });
    assert.deepEqual(errors, [
      'sites["O\'Brien \\"FTP\\""].ssl.dataChannelPolicy is "None", which is not allowed; use one of SslAllow, SslRequire, SslDeny.',
      `sites["O'Brien \\"FTP\\""].externalIp4Address is "ftp.example.com", a host name; IIS needs the VIP's IPv4 address here (e.g. 203.0.113.10).`,
      'sites["O\'Brien \\"FTP\\""].ssl.serverCertHash is "zz", which contains "z"; a thumbprint has only the hexadecimal characters 0–9 and A–F.',
    ]);
  });

  test('a site entry that is not an object', () => {
    assert.deepEqual(errorsOf({ ...base, sites: { A: '198.51.100.7' } }), [
      'sites["A"] is a string; it must be an object such as {"externalIp4Address": "198.51.100.7"}.',
    ]);
  });

  test('a site with an empty name', () => {
    assert.match(errorsOf({ ...base, sites: { '': { externalIp4Address: '198.51.100.7' } } })[0]!, /^sites has an entry with an empty name/);
  });

  test('thumbprints: spaces, colons, length', () => {
    const hash = '3a4f0b3c9d2e1f0a5b6c7d8e9f00112233445566';
    assert.deepEqual(errorsOf({ ...base, ssl: { serverCertHash: hash } }), [], 'lower case is fine');
    assert.match(errorsOf({ ...base, ssl: { serverCertHash: hash.match(/../g)!.join(':') } })[0]!, /with spaces or colons; write the 40 hexadecimal characters without them \("3A4F0B3C9D2E1F0A5B6C7D8E9F00112233445566"\)/);
    assert.match(errorsOf({ ...base, certificate: { thumbprint: `${hash}00` } })[0]!, /is 42 characters long/);
    assert.match(errorsOf({ ...base, certificate: { thumbprint: 42 } })[0]!, /^certificate\.thumbprint is a number/);
  });

  test('certificate.dnsName', () => {
    assert.deepEqual(errorsOf({ ...base, certificate: { dnsName: 'ftp-01.example.com' } }), []);
    assert.match(errorsOf({ ...base, certificate: { dnsName: '*.example.com' } })[0]!, /a wildcard; give the name clients actually connect to/);
    assert.match(errorsOf({ ...base, certificate: { dnsName: '203.0.113.10' } })[0]!, /an address; give the DNS name/);
    assert.match(errorsOf({ ...base, certificate: { dnsName: 'ftp_1.example.com' } })[0]!, /not a DNS name/);
  });

  test('weak TLS policies are warnings, not errors', () => {
    const r = validateDesiredState({ ...base, ssl: { controlChannelPolicy: 'SslAllow', dataChannelPolicy: 'SslDeny' } }, 'd.json');
    assert.deepEqual(r.errors, []);
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[0]!, /^ssl\.controlChannelPolicy is "SslAllow": clients may log in without TLS/);
    assert.match(r.warnings[1]!, /^ssl\.dataChannelPolicy is "SslDeny": files and listings may travel unencrypted/);
  });

  test('non-object values name the file', () => {
    for (const v of [null, 'x', 42, [], true]) {
      const errors = errorsOf(v);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /^desired\.json holds (null|a string|a number|a list|a boolean); it must be an object such as/);
    }
  });
});

describe('properties', () => {
  const octet = fc.integer({ min: 0, max: 255 });
  test('every public-looking dotted quad is accepted, verbatim', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 223 }).filter((a) => a !== 127), octet, octet, octet, (a, b, c, d) => {
      const ip = `${a}.${b}.${c}.${d}`;
      const r = validateDesiredState({ ...base, externalIp4Address: ip }, 'd.json');
      assert.deepEqual(r.errors, []);
      assert.equal(r.desired?.externalIp4Address, ip);
    }));
  });

  test('every ordered pair in 1025–65535 is accepted; every reversed pair is refused', () => {
    const port = fc.integer({ min: 1025, max: 65535 });
    fc.assert(fc.property(port, port, (x, y) => {
      const [low, high] = x <= y ? [x, y] : [y, x];
      assert.deepEqual(errorsOf({ ...base, lowDataChannelPort: low, highDataChannelPort: high }), []);
      if (low !== high) assert.match(errorsOf({ ...base, lowDataChannelPort: high, highDataChannelPort: low }).join(), /is above highDataChannelPort/);
    }));
  });

  test('any JSON value gives errors or a desired state, never a throw, never ajv wording', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), (anything, extra) => {
      for (const v of [anything, { ...base, ...extra }, { ...base, sites: extra }, { ...base, ssl: extra }]) {
        const r = validateDesiredState(v, 'd.json');
        assert.equal(r.desired === undefined, r.errors.length > 0);
        for (const e of r.errors) assert.doesNotMatch(e, /must NOT|must be equal|must match|must have required/);
      }
    }), { numRuns: 300 });
  });
});

describe('the published schema', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schema', 'desired-state.schema.json'), 'utf8'));

  /** Every object schema in the file, with where it is. */
  function* objects(node: any, where: string): Generator<[string, any]> {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'object') yield [where, node];
    for (const [k, v] of Object.entries(node)) if (typeof v === 'object') yield* objects(v, `${where}/${k}`);
  }

  test('has $id, title and a draft-07 $schema', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok(schema.$id && schema.title);
  });

  test('every object forbids unknown keys and every property has a description (for editor help)', () => {
    for (const [where, obj] of objects(schema, '#')) {
      if (where.endsWith('/sites')) {
        assert.ok(obj.additionalProperties?.$ref, 'sites entries are site objects');
        continue;
      }
      assert.equal(obj.additionalProperties, false, `${where} must set additionalProperties: false`);
      for (const [key, prop] of Object.entries<any>(obj.properties ?? {})) {
        assert.ok(typeof prop.description === 'string' && prop.description.length > 10, `${where}.${key} needs a description`);
      }
    }
  });

  test('KEY_HOMES knows every key the schema defines, and nothing else', () => {
    const keys = new Set<string>();
    for (const [, obj] of objects(schema, '#')) for (const k of Object.keys(obj.properties ?? {})) keys.add(k);
    assert.deepEqual([...keys].sort(), Object.keys(KEY_HOMES).sort());
  });

  test('defaults in the schema match what the loader fills in', () => {
    const r = validateDesiredState(base, 'd.json');
    assert.equal(r.desired?.restart, schema.properties.restart.default);
    assert.deepEqual(r.desired?.sites, schema.properties.sites.default);
  });
});

describe('helpers', () => {
  test('closestMatch', () => {
    const keys = ['externalIp4Address', 'lowDataChannelPort', 'restart', 'ssl'];
    assert.equal(closestMatch('externalIPv4Address', keys), 'externalIp4Address');
    assert.equal(closestMatch('ExternalIP4Address', keys), 'externalIp4Address');
    assert.equal(closestMatch('restartPolicy', keys), 'restart');
    assert.equal(closestMatch('tls', keys), undefined);
    assert.equal(closestMatch('banana', keys), undefined);
  });

  test('formatKeyPath brackets site names and odd keys', () => {
    assert.equal(formatKeyPath(['ssl', 'serverCertHash']), 'ssl.serverCertHash');
    assert.equal(formatKeyPath(['sites', 'FTP', 'ssl']), 'sites["FTP"].ssl');
    assert.equal(formatKeyPath(['sites', 'a"b\n', 'externalIp4Address']), 'sites["a\\"b\\n"].externalIp4Address');
    assert.equal(formatKeyPath(['my key']), '["my key"]');
  });
});
