import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertCanSwitchUser } from '../../support/hardening/as-nobody.js';
import { readIisConfig } from '../../../src/config/read-config.js';
import { ConfigReadError } from '../../../src/core/errors.js';
import { ConfigFileError, type ConfigErrorCode } from '../../../src/config/config-error.js';
import { fixture } from '../../support/paths.js';

/** Runs the reader and returns the ConfigReadError message (fails if anything else happens). */
function errorOf(file: string): string {
  try {
    readIisConfig(file);
  } catch (err) {
    assert.ok(err instanceof ConfigReadError, `expected ConfigReadError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`${file} was read without error`);
}

interface ChildRead { uid: number; error?: string; message?: string; sites?: number }

/**
 * Runs the reader in a child process as an unprivileged user: `nobody` (through runuser) when the suite
 * runs as root, as CI does; the current user otherwise. Root reads any file, so in-process the
 * permission case would silently become another test.
 */
function readAsUnprivileged(file: string): ChildRead {
  const fromTs = import.meta.url.endsWith('.ts');
  const module = (path: string) => new URL(`../../../src/${path}${fromTs ? '.ts' : '.js'}`, import.meta.url).href;
  const reader = module('config/read-config');
  const errors = module('config/config-error');
  const program = [
    `const { readIisConfig } = await import(${JSON.stringify(reader)});`,
    `const { ConfigFileError } = await import(${JSON.stringify(errors)});`,
    'const uid = process.getuid();',
    `try { const s = readIisConfig(${JSON.stringify(file)}); console.log(JSON.stringify({ uid, sites: s.ftpSites.length })); }`,
    "catch (e) { console.log(JSON.stringify({ uid, error: e instanceof ConfigFileError ? e.code : String(e), message: e.message })); }",
  ].join('\n');
  // Under tsx (npm run test:unit) the child needs the same loader to import TypeScript.
  const node = [process.execPath, ...(fromTs ? ['--import', import.meta.resolve('tsx')] : []), '--input-type=module', '-e', program];
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertCanSwitchUser();
  const [cmd, ...args] = asRoot ? ['runuser', '-u', 'nobody', '--', ...node] : node;
  const r = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `the reader's child process failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildRead;
}

function codeOf(file: string): ConfigErrorCode {
  try {
    readIisConfig(file);
  } catch (err) {
    assert.ok(err instanceof ConfigFileError, `expected a reader error, got ${String(err)}`);
    return err.code;
  }
  assert.fail(`${file} was read without error`);
}

function oneSentence(msg: string): void {
  assert.ok(!msg.includes('\n'), 'one line');
  assert.ok(msg.endsWith('.'), 'ends as a sentence');
}

describe('malformed files: one sentence naming file:line:column, the problem and the fix', () => {
  const cases: [string, string, ConfigErrorCode, RegExp][] = [
    ['unclosed-tag.config', '178:13', 'XML_MALFORMED', /the end tag <\/site> does not match <bindings> opened at line 176, column 17; repair the XML/],
    ['mismatched-end-tag.config', '196:13', 'XML_MALFORMED', /the end tag <\/sites> does not match <site> opened at line 180, column 13/],
    ['unquoted-attribute.config', '180:39', 'XML_MALFORMED', /the value of id in <site> is not in quotes/],
    ['missing-equals.config', '185:64', 'XML_MALFORMED', /expected "=" after the attribute bindingInformation in <binding>/],
    ['unterminated-value.config', '185:64', 'XML_MALFORMED', /the value of bindingInformation in <binding> has no closing quote/],
    ['truncated.config', '403:5', 'XML_MALFORMED', /the file ends before <configuration> \(opened at line 13, column 1\) is closed/],
    ['doctype.config', '13:1', 'XML_DOCTYPE', /declares a DOCTYPE.*; remove the <!DOCTYPE \.\.\.> declaration\.$/],
    ['bad-entity.config', '180:30', 'XML_ENTITY', /"& Site" is not an XML entity \(write a literal & as &amp;\)/],
    ['bad-port.config', '410:46', 'VALUE_INVALID', /lowDataChannelPort "50k" is not a whole number; correct the value/],
    ['invalid-utf8.config', '180:26', 'ENCODING_INVALID', /byte 0xc3 is not valid UTF-8; save the file as UTF-8/],
  ];
  for (const [name, place, code, problem] of cases) {
    test(name, () => {
      const file = fixture('malformed', name);
      assert.equal(codeOf(file), code);
      const msg = errorOf(file);
      assert.ok(msg.startsWith(`${file}:${place}: `), msg);
      assert.match(msg, problem);
      oneSentence(msg);
    });
  }

  test('missing configSource file: reported at the attribute that names it', () => {
    const file = fixture('malformed', 'missing-configsource', 'applicationHost.config');
    const msg = errorOf(file);
    assert.ok(msg.startsWith(`${file}:410:26: configSource="ftpFirewall.config" on <firewallSupport> names ${fixture('malformed', 'missing-configsource', 'ftpFirewall.config')}, which does not exist; restore that file`), msg);
    oneSentence(msg);
  });
});

describe('files that cannot be read', () => {
  test('a missing file names the path and where IIS keeps it', () => {
    const file = fixture('no-such-case', 'applicationHost.config');
    assert.equal(codeOf(file), 'FILE_MISSING');
    const msg = errorOf(file);
    assert.equal(msg, `${file}: the IIS configuration file does not exist; check --config (IIS keeps it in %windir%\\System32\\inetsrv\\config).`);
  });

  test('a folder instead of a file', () => {
    assert.equal(codeOf(fixture('fixed-backend')), 'FILE_IS_FOLDER');
    const msg = errorOf(fixture('fixed-backend'));
    assert.match(msg, /is a folder, not a file; give the path of the file itself\.$/);
  });

  test('an unreadable file (permission denied), read by an unprivileged user whoever runs the suite', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'iisread-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o755);
    const file = join(dir, 'applicationHost.config');
    cpSync(fixture('fixed-backend', 'applicationHost.config'), file);
    chmodSync(file, 0o000);
    const r = readAsUnprivileged(file);
    assert.equal(r.uid === 0, false, 'the reader ran as root, which reads anything: the case under test cannot happen');
    assert.equal(r.error, 'FILE_PERMISSION_DENIED', JSON.stringify(r));
    assert.match(r.message ?? '', /cannot be read \(permission denied\); run as a user who can read it/);
    assert.ok(r.message?.startsWith(file), r.message);
    oneSentence(r.message ?? '');
  });

  test('an empty file and a file that is not XML', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'iisread-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const empty = join(dir, 'empty.config');
    writeFileSync(empty, '');
    assert.equal(errorOf(empty), `${empty}:1:1: the file has no XML element at all; check the path: this is not an IIS configuration file.`);
    const web = join(dir, 'web.config');
    writeFileSync(web, '<?xml version="1.0"?>\n<html><body/></html>\n');
    assert.match(errorOf(web), /web\.config:2:1: the root element is <html>, not <configuration>/);
  });

  test('a configSource file whose root is not the section', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'iisread-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(fixture('configsource-split'), dir, { recursive: true });
    writeFileSync(join(dir, 'sites.config'), '<site name="x" id="1" />\n');
    assert.equal(errorOf(join(dir, 'applicationHost.config')),
      `${join(dir, 'sites.config')}:1:1: the root element is <site>, but a configSource file for this section must start with <sites>; make <sites> the root element.`);
  });
});

describe('shared configuration errors', () => {
  function sharedCopy(t: { after: (fn: () => void) => void }, redirection: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'iisread-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(fixture('broken-backend', 'applicationHost.config'), join(dir, 'applicationHost.config'));
    writeFileSync(join(dir, 'redirection.config'), redirection);
    return dir;
  }

  test('a UNC path this machine cannot open names redirection.config, the line and the path', (t) => {
    const dir = sharedCopy(t, '<configuration>\n    <configurationRedirection enabled="true" path="\\\\fileserver\\iis-shared\\config" />\n</configuration>\n');
    const msg = errorOf(join(dir, 'applicationHost.config'));
    assert.ok(msg.startsWith(`${join(dir, 'redirection.config')}:2:46: shared configuration points to the Windows path \\\\fileserver\\iis-shared\\config, which this machine cannot open; `), msg);
    oneSentence(msg);
  });

  test('an enabled redirection to a folder without applicationHost.config', (t) => {
    const dir = sharedCopy(t, '<configuration>\n  <configurationRedirection enabled="true" path="gone" />\n</configuration>\n');
    mkdirSync(join(dir, 'gone'));
    assert.match(errorOf(join(dir, 'applicationHost.config')), /redirection\.config:2:44: shared configuration is enabled but .*gone\/applicationHost\.config does not exist; check the share/);
  });

  test('an enabled redirection without a path', (t) => {
    const dir = sharedCopy(t, '<configuration>\n  <configurationRedirection enabled="true" />\n</configuration>\n');
    assert.match(errorOf(join(dir, 'applicationHost.config')), /redirection\.config:2:3: shared configuration is enabled but has no path/);
  });

  test('a malformed redirection.config is reported as such', (t) => {
    const dir = sharedCopy(t, '<configuration>\n  <configurationRedirection enabled="true" path="x" >\n</configuration>\n');
    assert.match(errorOf(join(dir, 'applicationHost.config')), /redirection\.config:3:1: the end tag <\/configuration> does not match <configurationRedirection>/);
  });
});
