/**
 * What real files named applicationHost.config turn out to be (fixtures/real-world-shapes,
 * restated by hand): each gets the right answer, or one sentence saying what the file is.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readIisConfig } from '../../../src/config/read-config.js';
import { ConfigReadError, FtpNotInstalledError } from '../../../src/core/errors.js';
import { effectiveExternalAddress, effectiveSsl } from '../../../src/core/effective.js';
import { fixture } from '../../support/paths.js';

const shape = (name: string) => fixture('real-world-shapes', name);

/** The error the reader throws for `file`, checked to be one sentence that starts with the file's path. */
function refusal(file: string): Error {
  try {
    readIisConfig(file);
  } catch (err) {
    assert.ok(err instanceof Error);
    assert.ok(err.message.startsWith(`${file}`), err.message);
    assert.ok(!err.message.includes('\n') && err.message.endsWith('.'), `one sentence: ${err.message}`);
    return err;
  }
  assert.fail(`${file} was read without error`);
}

describe('configurations without an FTP server', () => {
  for (const name of ['ftp-role-removed.config', 'iis-express.config', 'hostable-web-core.config']) {
    test(`${name}: FTP is not installed, with the command that installs it`, () => {
      const err = refusal(shape(name));
      assert.ok(err instanceof FtpNotInstalledError, String(err));
      assert.match(err.message, /FTP is not installed in this configuration \(its <configSections> declares no system\.ftpServer section group/);
      assert.match(err.message, /Install-WindowsFeature Web-Ftp-Server/);
    });
  }

  test('minimal-no-sections.config: no configSections and nothing FTP in it', () => {
    const err = refusal(shape('minimal-no-sections.config'));
    assert.ok(err instanceof FtpNotInstalledError, String(err));
    assert.match(err.message, /has no FTP in it/);
  });

  test('iis-without-ftp-site.config: the FTP role is declared, so it is read (no FTP site is the planner\'s warning)', () => {
    const s = readIisConfig(shape('iis-without-ftp-site.config'));
    assert.deepEqual(s.ftpSites, []);
    assert.equal(s.siteDefaults.ssl.controlChannelPolicy?.value, 'SslRequire');
  });
});

describe('files that are not a configuration', () => {
  const cases: [string, string, RegExp][] = [
    ['xdt-transform.config', '2:1', /declares the XDT namespace: this is an XDT transform .*not a configuration/],
    ['site-fragment.config', '1:1', /the file starts at <site>, which belongs inside <configuration>: it is a fragment or a partial copy/],
    ['partial-dump.config', '2:5', /the file starts at <configSections>, which belongs inside <configuration>/],
    ['commented-out.config', '8:1', /the end tag <\/configuration> has no matching start tag \(the only <configuration> before it is inside a comment\)/],
    ['missing-closing.config', '10:1', /the file ends before <configuration> \(opened at line 9, column 1\) is closed \(truncated file or missing end tag; <configuration> is already open from line 2, so line 9 may be meant as <\/configuration>\)/],
  ];
  for (const [name, place, problem] of cases) {
    test(name, () => {
      const file = shape(name);
      const err = refusal(file);
      assert.ok(err instanceof ConfigReadError, String(err));
      assert.ok(err.message.startsWith(`${file}:${place}: `), err.message);
      assert.match(err.message, problem);
    });
  }

  test('web-config-only.config: neither configSections nor system.applicationHost', () => {
    const err = refusal(shape('web-config-only.config'));
    assert.ok(err instanceof ConfigReadError && !(err instanceof FtpNotInstalledError), String(err));
    assert.match(err.message, /it is a web\.config or a fragment, not an applicationHost\.config/);
  });
});

test('site-defaults-after-sites.config: a siteDefaults written after the site still applies to it', () => {
  const s = readIisConfig(shape('site-defaults-after-sites.config'));
  const site = s.ftpSites[0]!;
  assert.equal(site.name, 'FTPS Site');
  assert.equal(effectiveExternalAddress(site, s).value, '203.0.113.10');
  assert.equal(effectiveSsl(site, s, 'controlChannelPolicy').value, 'SslRequire');
  assert.equal(effectiveSsl(site, s, 'serverCertHash').value, '3F1A9C0E5B7D2468ACE013579BDF2468ACE01357');
});
