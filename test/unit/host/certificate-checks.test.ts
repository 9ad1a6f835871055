import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { repoRoot } from '../../support/paths.js';
import { state, site, loc, desired } from '../../support/state-builder.js';
import { certificateTargets, checkCertificates, type SiteCertificate } from '../../../src/host/certificate-checks.js';
import { readCertificate, parseSubjectAltName, normalizeThumbprint, commonNameOf } from '../../../src/host/certificate-names.js';
import type { CertificateFact } from '../../../src/host/host-facts.js';

const certDer = (name: string) => new X509Certificate(readFileSync(resolve(repoRoot, 'test', 'unit', 'host', 'certs', name))).raw;
const thumb = (der: Buffer) => new X509Certificate(der).fingerprint.replace(/:/g, '');
const san = certDer('san.pem');
const SAN_THUMB = thumb(san);
const NOW = new Date('2030-06-01T00:00:00Z');

const target: SiteCertificate = { site: 'FTPS Site', storeName: 'MY', thumbprint: SAN_THUMB };
const fact = (extra: Partial<CertificateFact> = {}): CertificateFact => ({ storeName: 'My', thumbprint: SAN_THUMB.toLowerCase(), found: true, hasPrivateKey: true, rawDataBase64: san.toString('base64'), ...extra });
const byCode = (checks: ReturnType<typeof checkCertificates>) => Object.fromEntries(checks.map((c) => [c.hostCheck, c.status]));

describe('reading certificate names', () => {
  test('SAN DNS names and IP addresses from the DER bytes', () => {
    const c = readCertificate(fact());
    assert.deepEqual(c.names.dnsNames, ['ftp.example.com', '*.vip.example.com']);
    assert.deepEqual(c.names.ipAddresses, ['203.0.113.10', '2001:DB8:0:0:0:0:0:10']);
    assert.equal(c.names.commonName, 'ftp.example.com');
    assert.equal(c.thumbprint, SAN_THUMB);
  });
  test('falls back to DnsNameList and NotAfter when no raw data', () => {
    const c = readCertificate({ storeName: 'MY', thumbprint: 'AB', found: true, dnsNameList: ['ftp.example.com'], notAfter: '2031-01-01T00:00:00.0000000Z', subject: 'CN=ftp.example.com, O=Example' });
    assert.deepEqual(c.names, { dnsNames: ['ftp.example.com'], ipAddresses: [], commonName: 'ftp.example.com' });
    assert.equal(c.notAfter?.toISOString(), '2031-01-01T00:00:00.000Z');
  });
  test('subjectAltName text with quoted values', () => {
    assert.deepEqual(parseSubjectAltName('DNS:a.example.com, DNS:"b,c.example.com", IP Address:10.0.0.1, email:x@y'), { dnsNames: ['a.example.com', 'b,c.example.com'], ipAddresses: ['10.0.0.1'] });
    assert.equal(commonNameOf('O=Example\nCN=ftp.example.com'), 'ftp.example.com');
  });
  test('thumbprints pasted from the certificate dialog compare equal', () => {
    assert.equal(normalizeThumbprint('\u200e1e b1 f5 04'), '1EB1F504');
  });
});

describe('checkCertificates', () => {
  test('a good certificate: present, key, valid, name and pin ok', () => {
    const checks = checkCertificates([target], [fact()], { dnsName: 'ftp.example.com', thumbprint: SAN_THUMB.toLowerCase() }, NOW);
    assert.deepEqual(byCode(checks), { CERT_PRIVATE_KEY: 'ok', CERT_VALIDITY: 'ok', CERT_NAME: 'ok', CERT_THUMBPRINT: 'ok' });
    assert.ok(checks.every((c) => c.code === 'HOST' && c.site === 'FTPS Site' && c.scope === 'site' && !c.fixable));
  });
  test('wildcard SAN covers one label; the VIP address matches an IP SAN', () => {
    assert.equal(byCode(checkCertificates([target], [fact()], { dnsName: 'ftps.vip.example.com' }, NOW)).CERT_NAME, 'ok');
    assert.equal(byCode(checkCertificates([target], [fact()], { dnsName: 'a.b.vip.example.com' }, NOW)).CERT_NAME, 'error');
    assert.equal(byCode(checkCertificates([target], [fact()], { dnsName: '203.0.113.10' }, NOW)).CERT_NAME, 'ok');
    const miss = checkCertificates([target], [fact()], { dnsName: 'files.example.org' }, NOW).find((c) => c.hostCheck === 'CERT_NAME')!;
    assert.equal(miss.status, 'error');
    assert.match(miss.message, /does not cover files\.example\.org .*Fix: /);
  });
  test('a CN-only certificate is matched on its CN', () => {
    const cn = certDer('cn-only.pem');
    const t = { ...target, thumbprint: thumb(cn) };
    const f = fact({ thumbprint: thumb(cn), rawDataBase64: cn.toString('base64') });
    assert.equal(byCode(checkCertificates([t], [f], { dnsName: 'legacy.example.com' }, NOW)).CERT_NAME, 'ok');
  });
  test('missing certificate, no private key, no certificate configured', () => {
    assert.deepEqual(byCode(checkCertificates([target], [fact({ found: false })], undefined, NOW)), { CERT_PRESENT: 'error' });
    assert.deepEqual(byCode(checkCertificates([target], [], undefined, NOW)), { CERT_PRESENT: 'error' });
    assert.equal(byCode(checkCertificates([target], [fact({ hasPrivateKey: false })], undefined, NOW)).CERT_PRIVATE_KEY, 'error');
    assert.deepEqual(byCode(checkCertificates([{ ...target, thumbprint: '' }], [], undefined, NOW)), { CERT_CONFIGURED: 'error' });
  });
  test('expiry: expired is an error, within 30 days a warning, not yet valid an error', () => {
    const f = (notAfter: string, notBefore = '2020-01-01T00:00:00Z') => fact({ rawDataBase64: undefined, notAfter, notBefore });
    const status = (x: CertificateFact) => byCode(checkCertificates([target], [x], undefined, NOW)).CERT_VALIDITY;
    assert.equal(status(f('2030-05-31T23:59:59Z')), 'error');
    assert.equal(status(f('2030-06-01T00:00:00Z')), 'error');
    assert.equal(status(f('2030-06-20T00:00:00Z')), 'warning');
    assert.equal(status(f('2030-07-01T00:00:00Z')), 'ok');
    assert.equal(status(f('2031-01-01T00:00:00Z', '2030-07-01T00:00:00Z')), 'error');
  });
  test('a different thumbprint than the pinned one is an error on this backend', () => {
    const c = checkCertificates([target], [fact()], { thumbprint: 'AA BB CC' }, NOW).find((x) => x.hostCheck === 'CERT_THUMBPRINT')!;
    assert.equal(c.status, 'error');
    assert.equal(c.desired, 'AABBCC');
    assert.match(c.message, /pinned AABBCC/);
  });
});

describe('certificateTargets', () => {
  test('site value, else siteDefaults, else none; desired serverCertHash wins; store defaults to MY', () => {
    const s = state({
      siteDefaults: { ssl: { serverCertHash: loc('aa bb'), serverCertStoreName: loc('WebHosting') } },
      ftpSites: [site('A'), site('B', { ssl: { serverCertHash: loc('CC') } })],
    });
    assert.deepEqual(certificateTargets(s, desired().desired), [
      { site: 'A', storeName: 'WebHosting', thumbprint: 'AABB' },
      { site: 'B', storeName: 'WebHosting', thumbprint: 'CC' },
    ]);
    assert.deepEqual(certificateTargets(state(), desired({ ssl: { serverCertHash: 'DD' } }).desired), [{ site: 'FTPS Site', storeName: 'MY', thumbprint: 'DD' }]);
    assert.deepEqual(certificateTargets(state(), desired().desired), [{ site: 'FTPS Site', storeName: 'MY', thumbprint: '' }]);
  });
});
