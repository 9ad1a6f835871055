/**
 * The sentences findings are reported in (src/core/messages.ts), and the two small pure rules beside them:
 * which WebAdministration filter selects a site (site-filter.ts) and which site a desired-state name means
 * (site-names.ts). In process and fast; the golden report tests hold the wording as rendered.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as say from '../../../src/core/messages.js';
import { SITE_DEFAULTS, SITES, canSelectSite, siteSelector } from '../../../src/core/site-filter.js';
import { desiredSiteOf, siteKey, siteNamed } from '../../../src/core/site-names.js';
import type { FtpSiteFacts } from '../../../src/core/iis-state.js';
import type { DesiredSite } from '../../../src/core/desired-state.js';

const at = { file: '/c', line: 1, column: 1 } as FtpSiteFacts['at'];
const site = (bindings: string[]): FtpSiteFacts => ({ name: 'Public FTP', id: 2, at, ftpBindings: bindings.map((ip) => ({ ip, port: 990, host: '' })) as unknown as FtpSiteFacts['ftpBindings'], ssl: {} as FtpSiteFacts['ssl'] });

describe('port ranges in words', () => {
  test('0-0 is Windows\' dynamic range, said as such; anything else as low-high', () => {
    assert.equal(say.portRange(0, 0), "0-0 (Windows' dynamic port range (49152–65535 unless changed with netsh))");
    assert.equal(say.portRange(0, 5), '0-5');
    assert.equal(say.portRange(5, 0), '5-0');
    assert.equal(say.portRange(50000, 50099), '50000-50099');
  });
  test('drift names the current range, then the wanted one; ok names the wanted one', () => {
    assert.equal(say.portRangeDrift({ low: 0, high: 0 }, { lowDataChannelPort: 50000, highDataChannelPort: 50099 }),
      'The passive port range is 0-0 (Windows\' dynamic port range (49152–65535 unless changed with netsh)), not 50000-50099: IIS will hand out data ports the load balancer does not forward, so clients hang at "Making data connection".');
    assert.equal(say.portRangeOk({ lowDataChannelPort: 50000, highDataChannelPort: 50099 }), 'The passive port range is 50000-50099.');
  });
});

describe('external addresses in words', () => {
  test('the default address: unset, or another value', () => {
    assert.match(say.defaultAddressDrift(null, '203.0.113.10'), /^No default external address is set \(siteDefaults\): .* clients through the VIP 203\.0\.113\.10 cannot reach it\.$/);
    assert.equal(say.defaultAddressDrift('10.0.1.11', '203.0.113.10'), 'The default external address (siteDefaults) is 10.0.1.11, not the VIP 203.0.113.10: FTP sites without their own value send clients to 10.0.1.11.');
    assert.equal(say.defaultAddressOk('203.0.113.10'), 'The default external address (siteDefaults) is the VIP 203.0.113.10.');
  });
  test('a site with no address advertises its first specific binding address, else the backend\'s own', () => {
    assert.match(say.siteAddressDrift(site(['*', '', '10.0.1.11', '10.0.1.12']), { value: null, from: 'default' }, '203.0.113.10'), /^Site "Public FTP" has no external address \(neither its own nor siteDefaults\): IIS advertises 10\.0\.1\.11 in PASV replies, so clients will be sent to 10\.0\.1\.11 instead of the VIP 203\.0\.113\.10\.$/);
    assert.match(say.siteAddressDrift(site(['*']), { value: null, from: 'default' }, 'V'), /IIS advertises the backend's own address in PASV replies, so clients will be sent to the backend's own address instead/);
    assert.match(say.siteAddressDrift(site([]), { value: null, from: 'default' }, 'V'), /IIS advertises the backend's own address/);
  });
  test('a site\'s own or inherited wrong address; a host name is pointed out', () => {
    assert.equal(say.siteAddressDrift(site([]), { value: '10.0.1.11', from: 'site' }, 'V'), 'Site "Public FTP" advertises 10.0.1.11 (the site\'s own value, which overrides siteDefaults), so clients will be sent to 10.0.1.11 instead of the VIP V.');
    assert.equal(say.siteAddressDrift(site([]), { value: '10.0.1.11', from: 'siteDefaults' }, 'V'), 'Site "Public FTP" advertises 10.0.1.11 (inherited from siteDefaults), so clients will be sent to 10.0.1.11 instead of the VIP V.');
    assert.equal(say.siteAddressDrift(site([]), { value: 'ftp.example.com', from: 'site' }, 'V'), 'Site "Public FTP" advertises ftp.example.com (the site\'s own value, which overrides siteDefaults) ("ftp.example.com" is not an IPv4 address; IIS needs the address itself), so clients will be sent to ftp.example.com instead of the VIP V.');
    for (const notV4 of ['1.2.3', '1.2.3.4.5', 'x1.2.3.4', '1.2.3.4x', '1234.1.1.1']) assert.match(say.siteAddressDrift(site([]), { value: notV4, from: 'site' }, 'V'), /is not an IPv4 address/, notV4);
  });
  test('ok: own value or inherited', () => {
    assert.equal(say.siteAddressOk('A', 'V', 'site'), 'Site "A" advertises V (its own value).');
    assert.equal(say.siteAddressOk('A', 'V', 'siteDefaults'), 'Site "A" advertises V (inherited from siteDefaults).');
  });
});

describe('SSL in words', () => {
  test('policies: the weak-network warning only when SslRequire is wanted and not there', () => {
    assert.equal(say.sslDrift(null, 'controlChannelPolicy', 'SslAllow', 'SslRequire'), 'The FTP SSL default (siteDefaults) has controlChannelPolicy SslAllow, not SslRequire, so credentials or data may cross the network unencrypted.');
    assert.equal(say.sslDrift('A', 'dataChannelPolicy', 'SslRequire', 'SslAllow'), 'Site "A" has dataChannelPolicy SslRequire, not SslAllow.');
    assert.equal(say.sslDrift('A', 'dataChannelPolicy', 'SslDeny', 'SslAllow'), 'Site "A" has dataChannelPolicy SslDeny, not SslAllow.');
  });
  test('certificates: the current one, or none (shown as "", as the value column shows it)', () => {
    assert.equal(say.sslDrift('A', 'serverCertHash', '', 'ABC'), 'Site "A" uses no certificate (""), not ABC: clients may get a certificate that does not match the VIP\'s name.');
    assert.match(say.sslDrift(null, 'serverCertHash', 'DEF', 'ABC'), /^The FTP SSL default \(siteDefaults\) uses certificate DEF, not ABC:/);
  });
  test('ok, and SslRequire without a certificate', () => {
    assert.equal(say.sslOk(null, 'controlChannelPolicy', 'SslRequire'), 'The FTP SSL default (siteDefaults) has controlChannelPolicy SslRequire.');
    assert.equal(say.sslOk('A', 'dataChannelPolicy', 'SslRequire'), 'Site "A" has dataChannelPolicy SslRequire.');
    assert.match(say.sslRequireWithoutCertificate('A', 'controlChannelPolicy', 'SslRequire'), /^Site "A" has no certificate .* so setting controlChannelPolicy to SslRequire would make it refuse every client;/);
  });
});

describe('sites and bindings in words', () => {
  test('unknown site: with a near name, or without', () => {
    assert.equal(say.unknownSite('Publc', '/c', 'Public'), 'The desired state names site "Publc", which /c does not have; did you mean "Public"? Fix the name in "sites" (IIS matches site names ignoring case).');
    assert.equal(say.unknownSite('X', '/c'), 'The desired state names site "X", which /c does not have; check the spelling (IIS matches site names ignoring case) or remove it from "sites".');
    assert.match(say.unknownSite('X', '/c', ''), /did you mean ""\?/, 'an empty near name is still a suggestion');
  });
  test('the rest name the site and what is wrong', () => {
    assert.equal(say.misplaced({ element: 'system.ftpServer/firewallSupport', attribute: 'externalIp4Address', value: '1.2.3.4', at, belongs: 'it belongs on a site' }), 'system.ftpServer/firewallSupport has externalIp4Address="1.2.3.4": it belongs on a site. Delete it by hand; apply will not run while it is there, because IIS reports the section as invalid.');
    assert.equal(say.noImplicitBinding('A', '21'), 'Site "A" has FTP bindings on port 21 but none on 990, so it serves no Implicit FTPS: the VIP\'s port 990 will not reach it.');
    assert.equal(say.implicitOk('A'), 'Site "A" has an FTP binding on port 990 (Implicit FTPS).');
    assert.equal(say.notFtpSite('W'), 'The desired state names site "W", which has no ftp binding, so its FTP settings do nothing.');
    assert.match(say.noFtpSites(), /^The configuration has no FTP site/);
    assert.equal(say.unselectableSite(`a'b"c`), `Its name "a'b"c" holds both quote characters and the site has no id, so no WebAdministration filter can select it; fix it by hand in IIS Manager.`);
  });
});

describe('siteSelector: the filter that selects one site', () => {
  test('single quotes normally, double quotes around a name with a single quote, the id when it holds both', () => {
    assert.equal(SITE_DEFAULTS, 'system.applicationHost/sites/siteDefaults');
    assert.equal(siteSelector('Public FTP', 3), `${SITES}/site[@name='Public FTP']`);
    assert.equal(siteSelector("Bob's FTP", 3), `${SITES}/site[@name="Bob's FTP"]`);
    assert.equal(siteSelector('say "hi"', 3), `${SITES}/site[@name='say "hi"']`);
    assert.equal(siteSelector(`Bob's "FTP"`, 7), `${SITES}/site[@id='7']`);
    assert.equal(siteSelector(`Bob's "FTP"`, 0), `${SITES}/site[@id='0']`);
    assert.equal(siteSelector(`Bob's "FTP"`, undefined), undefined);
  });

  test('canSelectSite says whether siteSelector gives a filter, for every kind of name, with and without an id', () => {
    for (const name of ['Public FTP', "Bob's FTP", 'say "hi"', `Bob's "FTP"`, ''])
      for (const id of [3, 0, undefined]) assert.equal(canSelectSite(name, id), siteSelector(name, id) !== undefined, `${name} ${id}`);
  });
});

describe('site names: IIS matches them ignoring case', () => {
  const entry = (n: number) => ({ lowDataChannelPort: n }) as unknown as DesiredSite;
  test('the key is the lower-cased name', () => {
    assert.equal(siteKey('FTPS Site'), 'ftps site');
  });
  test('desiredSiteOf: the exact entry first, else one in another case, else none', () => {
    const desired = { sites: { 'ftps site': entry(1), 'FTPS Site': entry(2), Other: entry(3) } };
    assert.equal(desiredSiteOf(desired, 'FTPS Site'), desired.sites['FTPS Site']);
    assert.equal(desiredSiteOf(desired, 'ftps site'), desired.sites['ftps site']);
    assert.equal(desiredSiteOf(desired, 'OTHER'), desired.sites.Other);
    assert.equal(desiredSiteOf(desired, 'missing'), undefined);
  });
  test('siteNamed: the exact name wins over an earlier one in another case; else the case-folded match; else none', () => {
    assert.equal(siteNamed('FTPS Site', ['ftps site', 'FTPS Site']), 'FTPS Site');
    assert.equal(siteNamed('Ftps SITE', ['ftps site', 'FTPS Site']), 'ftps site');
    assert.equal(siteNamed('nope', ['ftps site']), undefined);
    assert.equal(siteNamed('a', []), undefined);
  });
});
