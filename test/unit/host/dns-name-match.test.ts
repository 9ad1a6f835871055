import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { certificateCovers, dnsPatternCovers, canonicalIp, normalizeDnsName } from '../../../src/host/dns-name-match.js';

describe('dnsPatternCovers (RFC 6125 6.4)', () => {
  const cases: [string, string, boolean][] = [
    ['ftp.example.com', 'ftp.example.com', true],
    ['FTP.Example.COM', 'ftp.example.com', true],
    ['ftp.example.com.', 'ftp.example.com', true],
    ['ftp.example.com', 'FTP.EXAMPLE.COM.', true],
    ['ftp.example.com', 'www.example.com', false],
    ['ftp.example.com', 'ftp.example.com.evil.net', false],
    ['*.example.com', 'ftp.example.com', true],
    ['*.Example.Com', 'FTP.example.com.', true],
    ['*.example.com', 'example.com', false],              // the wildcard needs a label
    ['*.example.com', 'a.b.example.com', false],          // only one label
    ['*.example.com', '.example.com', false],
    ['f*.example.com', 'ftp.example.com', false],         // partial wildcard refused
    ['*tp.example.com', 'ftp.example.com', false],
    ['ft*p.example.com', 'ftp.example.com', false],
    ['www.*.example.com', 'www.ftp.example.com', false],  // not left-most
    ['*.*.example.com', 'a.b.example.com', false],
    ['*', 'localhost', false],
    ['*.com', 'example.com', false],                      // public suffix
    ['*.co.uk', 'example.co.uk', false],
    ['*.example.co.uk', 'ftp.example.co.uk', true],
    ['*.local', 'server.local', false],                   // single-label suffix
    ['*.corp.local', 'ftp.corp.local', true],
    ['*.example.com', '203.0.113.10', false],             // a DNS name never matches an IP
    ['203.0.113.10', '203.0.113.10', false],              // ... not even written as the same text
    ['ftp.bücher.de', 'ftp.xn--bcher-kva.de', true],       // A-label comparison
    ['*.xn--bcher-kva.de', 'ftp.bücher.de', true],
    ['', 'ftp.example.com', false],
    ['ftp..example.com', 'ftp..example.com', false],
  ];
  for (const [pattern, host, expected] of cases) {
    test(`${pattern} ${expected ? 'covers' : 'does not cover'} ${host}`, () => {
      assert.equal(dnsPatternCovers(pattern, host), expected);
    });
  }
});

describe('certificateCovers', () => {
  test('IP reference matches only an iPAddress SAN, in any textual form', () => {
    const names = { dnsNames: ['203.0.113.10', '*.example.com'], ipAddresses: ['2001:db8::1', '198.51.100.7'] };
    assert.equal(certificateCovers(names, '203.0.113.10').covered, false);
    assert.deepEqual(certificateCovers(names, '198.51.100.7'), { covered: true, matchedBy: '198.51.100.7' });
    assert.equal(certificateCovers(names, '2001:0db8:0:0:0:0:0:0001').covered, true);
    assert.equal(certificateCovers(names, '[2001:db8::1]').covered, true);
    assert.equal(certificateCovers(names, '2001:db8::2').covered, false);
  });
  test('an IP SAN never covers a host name', () => {
    assert.equal(certificateCovers({ dnsNames: [], ipAddresses: ['203.0.113.10'] }, 'ftp.example.com').covered, false);
  });
  test('the CN is used only when there is no SAN dNSName', () => {
    assert.equal(certificateCovers({ dnsNames: [], ipAddresses: [], commonName: 'ftp.example.com' }, 'ftp.example.com').covered, true);
    assert.equal(certificateCovers({ dnsNames: ['www.example.com'], ipAddresses: [], commonName: 'ftp.example.com' }, 'ftp.example.com').covered, false);
    assert.equal(certificateCovers({ dnsNames: [], ipAddresses: ['10.0.0.1'], commonName: 'ftp.example.com' }, 'ftp.example.com').covered, true);
  });
  test('reports which presented name matched', () => {
    assert.deepEqual(certificateCovers({ dnsNames: ['a.example.com', '*.example.com'], ipAddresses: [] }, 'ftp.example.com'), { covered: true, matchedBy: '*.example.com' });
  });
});

describe('helpers', () => {
  test('canonicalIp', () => {
    assert.equal(canonicalIp('010.0.0.1'), '');  // node rejects leading zeros: not an address
    assert.equal(canonicalIp('10.0.0.1'), '10.0.0.1');
    assert.equal(canonicalIp('::ffff:10.0.0.1'), '0:0:0:0:0:ffff:a00:1');
    assert.equal(canonicalIp('::1'), '0:0:0:0:0:0:0:1');
    assert.equal(canonicalIp('ftp.example.com'), '');
  });
  test('normalizeDnsName', () => {
    assert.equal(normalizeDnsName(' FTP.Example.com. '), 'ftp.example.com');
    assert.equal(normalizeDnsName('.'), '');
  });
});
