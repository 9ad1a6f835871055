import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadDesiredState } from '../../../src/desired/load-desired.js';
import { DesiredStateError, UserError } from '../../../src/core/errors.js';
import { fixture } from '../../support/paths.js';

/** Loads a file that must be refused, and returns the error. */
function refusal(path: string): DesiredStateError {
  try {
    loadDesiredState(path);
  } catch (err) {
    assert.ok(err instanceof DesiredStateError, `expected DesiredStateError, got ${String(err)}`);
    assert.ok(err instanceof UserError);
    return err;
  }
  assert.fail(`${path} was accepted`);
}

/** Every line the user sees: the message, then the details. */
const shown = (e: DesiredStateError) => [e.message, ...(e.details ?? [])].join('\n');

describe('loadDesiredState: valid files', () => {
  test('minimal file gets the defaults', () => {
    const path = fixture('desired', 'valid', 'minimal.json');
    const loaded = loadDesiredState(path);
    assert.deepEqual(loaded.desired, {
      externalIp4Address: '203.0.113.10',
      lowDataChannelPort: 50000,
      highDataChannelPort: 50099,
      sites: {},
      restart: 'on-change',
    });
    assert.equal(loaded.file, path);
    assert.equal(loaded.contentHash, createHash('sha256').update(readFileSync(path)).digest('hex'));
    assert.deepEqual(loaded.warnings, []);
  });

  test('every section is accepted, site names verbatim, $schema dropped', () => {
    const { desired } = loadDesiredState(fixture('desired', 'valid', 'full.json'));
    assert.deepEqual(Object.keys(desired.sites), ['Partner FTP', 'O\'Brien & Sons "Uploads"']);
    assert.equal(desired.restart, 'never');
    assert.equal(desired.ssl?.serverCertHash, '3A4F0B3C9D2E1F0A5B6C7D8E9F00112233445566');
    assert.deepEqual(desired.certificate, { dnsName: 'ftp.example.com', thumbprint: '3A4F0B3C9D2E1F0A5B6C7D8E9F00112233445566' });
    assert.deepEqual(desired.windowsFirewall, { ensureInboundRule: true });
    assert.ok(!('$schema' in desired));
  });

  test('the shared fixtures/desired.json and the DESIGN.md example load', () => {
    assert.equal(loadDesiredState(fixture('desired.json')).desired.externalIp4Address, '203.0.113.10');
    const dir = mkdtempSync(join(tmpdir(), 'desired-'));
    const design = join(dir, 'design.json');
    writeFileSync(design, JSON.stringify({
      externalIp4Address: '203.0.113.10',
      lowDataChannelPort: 50000,
      highDataChannelPort: 50099,
      sites: { 'Partner FTP': { externalIp4Address: '198.51.100.7' } },
      ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' },
      restart: 'on-change',
    }));
    assert.equal(loadDesiredState(design).desired.sites['Partner FTP']?.externalIp4Address, '198.51.100.7');
  });

  test('UTF-8 with BOM and UTF-16 LE with BOM (Windows PowerShell Out-File) read like plain UTF-8; the hash is over the raw bytes', () => {
    const plain = loadDesiredState(fixture('desired', 'valid', 'minimal.json'));
    for (const name of ['utf8-bom.json', 'utf16le-bom.json']) {
      const path = fixture('desired', 'valid', name);
      const loaded = loadDesiredState(path);
      assert.deepEqual(loaded.desired, plain.desired, name);
      assert.equal(loaded.contentHash, createHash('sha256').update(readFileSync(path)).digest('hex'));
      assert.notEqual(loaded.contentHash, plain.contentHash);
    }
  });

  test('0–0 and SslAllow load, with warnings that carry line numbers', () => {
    const loaded = loadDesiredState(fixture('desired', 'valid', 'ephemeral-range.json'));
    assert.equal(loaded.desired.lowDataChannelPort, 0);
    assert.equal(loaded.warnings?.length, 2);
    assert.match(loaded.warnings![0]!, /^line 3: lowDataChannelPort and highDataChannelPort are 0, so IIS uses Windows' ephemeral range 49152–65535/);
    assert.match(loaded.warnings![1]!, /^line 5: ssl\.dataChannelPolicy is "SslAllow": files and listings may travel unencrypted/);
  });
});

describe('loadDesiredState: refused files', () => {
  test('a host name: the required sentence, the file and the line in one message', () => {
    const path = fixture('desired', 'invalid', 'host-name.json');
    const e = refusal(path);
    assert.equal(e.message, `${path}, line 2: externalIp4Address is "ftp.example.com", a host name; IIS needs the VIP's IPv4 address here (e.g. 203.0.113.10).`);
    assert.equal(e.details, undefined);
  });

  test('several problems: one summary sentence, one detail line each, in file order, with site key paths', () => {
    const path = fixture('desired', 'invalid', 'bad-addresses.json');
    const e = refusal(path);
    assert.equal(e.message, `${path} has 6 problems; fix them and run again.`);
    const d = e.details!;
    assert.equal(d.length, 6);
    assert.match(d[0]!, /^line 2: externalIp4Address is "203\.0\.113\.0\/24", a network \(CIDR notation\); give the single address/);
    assert.match(d[1]!, /^line 6: sites\["Partner FTP"\]\.externalIp4Address is "2001:db8::10", an IPv6 address; IIS advertises only IPv4/);
    assert.match(d[2]!, /^line 7: sites\["Legacy Uploads"\]\.externalIp4Address is "203\.0\.113\.010", with a leading zero in "010"; write each part without leading zeros \("203\.0\.113\.10"\)/);
    assert.match(d[3]!, /^line 8: sites\["Typo Site"\]\.externalIp4Address is "203\.0\.113\.256": 256 is above 255/);
    assert.match(d[4]!, /^line 9: sites\["Local Test"\]\.externalIp4Address is "127\.0\.0\.1", a loopback address/);
    assert.match(d[5]!, /^line 10: sites\["With Port"\]\.externalIp4Address is "203\.0\.113\.10:990", an address with a port; give the address alone \("203\.0\.113\.10"\)/);
  });

  const cases: [string, RegExp[]][] = [
    ['port-out-of-range.json', [
      /line 3: lowDataChannelPort is 1024, outside 1025–65535; IIS accepts passive ports 1025–65535 \(or 0 for both ports, meaning Windows' ephemeral range 49152–65535\)\./,
      /line 4: highDataChannelPort is 70000, outside 1025–65535/,
    ]],
    ['port-not-integer.json', [
      /line 3: lowDataChannelPort is "50000", a string; write the number without quotes \(50000\)\./,
      /line 4: highDataChannelPort is 50099\.5, not a whole number; ports are whole numbers 1025–65535\./,
    ]],
    ['low-above-high.json', [/line 3: lowDataChannelPort \(50099\) is above highDataChannelPort \(50000\); the range runs from low to high, so swap them\./]],
    ['control-ports.json', [/line 3: lowDataChannelPort 21 and highDataChannelPort 60000 make a passive range that includes 21 \(the FTP control port\) and 990 \(the implicit FTPS control port\)/]],
    ['zero-unpaired.json', [/line 3: lowDataChannelPort is 0 but highDataChannelPort is 50099; 0 means Windows' ephemeral range only when both ports are 0/]],
    ['unknown-keys.json', [
      /line 2: externalIPv4Address is not a known key \(did you mean externalIp4Address\?\); the keys allowed at the top level are \$schema, externalIp4Address, lowDataChannelPort, highDataChannelPort, sites, ssl, restart, certificate, windowsFirewall\./,
      /line 3: lowDataChannelPorts is not a known key \(did you mean lowDataChannelPort\?\)/,
      /line 5: restartPolicy is not a known key \(did you mean restart\?\)/,
    ]],
    ['misplaced-keys.json', [
      /line 5: controlChannelPolicy is not allowed at the top level; controlChannelPolicy belongs in ssl \(top level or per site\), and the keys allowed at the top level are \$schema, externalIp4Address/,
      /line 7: sites\["Partner FTP"\]\.lowDataChannelPort is not allowed in sites\["Partner FTP"\]; lowDataChannelPort belongs at the top level \(the passive port range is server-wide in IIS\), and the keys allowed in sites\["Partner FTP"\] are externalIp4Address, ssl\./,
      /line 7: sites\["Partner FTP"\]\.sll is not a known key \(did you mean ssl\?\); the keys allowed in sites\["Partner FTP"\] are externalIp4Address, ssl\./,
    ]],
    ['bad-enums.json', [
      /line 5: ssl\.controlChannelPolicy is "Require", which is not allowed; use one of SslAllow, SslRequire, SslRequireCredentialsOnly\./,
      /line 5: ssl\.dataChannelPolicy is 1; write the name IIS shows instead of its number \("SslRequire"\); allowed: SslAllow, SslRequire, SslDeny\./,
      /line 6: restart is "sometimes", which is not allowed; use one of on-change, never, always\./,
    ]],
    ['wrong-types.json', [
      /line 5: sites is a list; it must be an object keyed by IIS site name/,
      /line 6: windowsFirewall\.ensureInboundRule is a string; it must be true or false without quotes \(true\)\./,
    ]],
    ['host-sections.json', [
      /line 5: ssl\.serverCertHash contains an invisible character \(U\+200E\), which the Windows certificate dialog adds when a thumbprint is copied; type or paste the 40 hexadecimal characters alone \("3A4F0B3C9D2E1F0A5B6C7D8E9F00112233445566"\)\./,
      /line 6: certificate\.dnsName is "https:\/\/ftp\.example\.com\/", a URL; give the host name alone/,
      /line 6: certificate\.thumbprint is 38 characters long; a certificate thumbprint \(SHA-1\) is exactly 40 hexadecimal characters/,
    ]],
    ['missing-required.json', [/^lowDataChannelPort is missing/m, /^highDataChannelPort is missing; give the last port of the passive range the load balancer forwards \(1025–65535, e\.g\. 50099\)\./m]],
    ['duplicate-key.json', [/line 2: externalIp4Address is written twice \(lines 2 and 5\); JSON keeps only the last one without a word, so remove one of them\./]],
  ];
  for (const [name, expected] of cases) {
    test(`${name}: every problem reported, each naming its key path`, () => {
      const e = refusal(fixture('desired', 'invalid', name));
      const text = shown(e);
      for (const re of expected) assert.match(text, re);
      const count = expected.length;
      if (count === 1) assert.equal(e.details, undefined, 'a single problem is the message itself');
      else assert.equal(e.details?.length, count, text);
    });
  }

  test('a list instead of an object', () => {
    const path = fixture('desired', 'invalid', 'not-an-object.json');
    assert.equal(refusal(path).message, `${path} holds a list; it must be an object such as {"externalIp4Address": "203.0.113.10", "lowDataChannelPort": 50000, "highDataChannelPort": 50099}.`);
  });

  const syntax: [string, string][] = [
    ['syntax-trailing-comma.json', 'is not valid JSON at line 5, column 1: a comma before } is not allowed in JSON; remove the trailing comma.'],
    ['syntax-comment.json', 'is not valid JSON at line 2, column 3: comments are not allowed in JSON'],
    ['syntax-missing-comma.json', 'is not valid JSON at line 3, column 3: a comma is missing before this entry.'],
    ['syntax-single-quotes.json', 'is not valid JSON at line 2, column 3: keys and strings need double quotes (") in JSON, not single quotes.'],
  ];
  for (const [name, words] of syntax) {
    test(`${name}: not JSON, with line and column`, () => {
      const path = fixture('desired', 'invalid', name);
      assert.ok(refusal(path).message.startsWith(`${path} ${words}`), refusal(path).message);
    });
  }

  test('an empty file says so and shows a minimal example', () => {
    const path = fixture('desired', 'invalid', 'empty.json');
    assert.equal(refusal(path).message, `${path} is empty; write the desired state as JSON, e.g. {"externalIp4Address": "203.0.113.10", "lowDataChannelPort": 50000, "highDataChannelPort": 50099}.`);
  });

  test('a missing file and a folder name the path and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desired-'));
    assert.equal(refusal(join(dir, 'nope.json')).message, `Cannot read the desired-state file ${join(dir, 'nope.json')}: it does not exist; check the --desired path.`);
    assert.equal(refusal(dir).message, `Cannot read the desired-state file ${dir}: it is a folder; give the path of the JSON file.`);
  });

  test('messages never contain ajv wording', () => {
    for (const name of readdirSync(fixture('desired', 'invalid'))) {
      const text = shown(refusal(fixture('desired', 'invalid', name)));
      assert.doesNotMatch(text, /must NOT|must be equal to one of|must match pattern|must have required property|additional properties|instancePath|#\//, name);
    }
  });
});

test('golden: every refusal as the user sees it (UPDATE_GOLDEN=1 rewrites)', () => {
  const golden = fixture('..', 'test', 'unit', 'desired', 'golden', 'refusals.txt');
  const names = readdirSync(fixture('desired', 'invalid')).sort();
  const actual = names
    .map((name) => `## ${name}\n${shown(refusal(fixture('desired', 'invalid', name))).replaceAll(fixture('desired', 'invalid'), '<fixtures>')}\n`)
    .join('\n');
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, actual);
  assert.equal(actual, readFileSync(golden, 'utf8'));
});
