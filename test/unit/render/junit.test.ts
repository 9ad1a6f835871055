import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderReport } from '../../../src/render/index.js';
import fc from 'fast-check';
import { plan, check } from './sample-plans.js';
import { REPORTS, HOSTILE_NAMES } from './sample-plans.js';

const junit = (name: string) => renderReport(REPORTS[name]!, 'junit', { color: false });
const parse = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n), processEntities: true, htmlEntities: true, parseAttributeValue: false, trimValues: false }).parse(xml);

describe('JUnit report', () => {
  for (const name of Object.keys(REPORTS)) {
    test(`${name}: well-formed XML`, () => {
      assert.equal(XMLValidator.validate(junit(name)), true);
    });
  }

  test('one testcase per check; drift → failure, error → error, warning → system-out only', () => {
    const doc = parse(junit('audit-drift'));
    const suite = doc.testsuites.testsuite[0];
    assert.equal(suite.tests, '9');
    assert.equal(suite.failures, '6');
    assert.equal(suite.errors, '1');
    const cases = suite.testcase;
    assert.equal(cases.length, 9);
    const site = cases.find((c: any) => c.classname === 'ftps-enforcer.site.Partner FTP' && c.name === 'externalIp4Address');
    assert.equal(site.failure.type, 'EXTERNAL_ADDRESS_SITE');
    assert.match(site.failure.message, /clients will be sent to 10\.0\.1\.11 instead of the VIP 203\.0\.113\.10/);
    const misplaced = cases.find((c: any) => c.error);
    assert.equal(misplaced.classname, 'ftps-enforcer.server');
    const warning = cases.find((c: any) => c.classname === 'ftps-enforcer.site.Partner FTPS');
    assert.ok(!warning.failure && !warning.error);
    assert.match(warning['system-out'], /^warning: /);
    assert.equal(doc.testsuites.failures, '6');
  });

  test('reports from many backends can be told apart: the host names the suite; <testsuites> has no skipped (Jenkins\' JUnit schema)', () => {
    const x = junit('audit-drift');
    const doc = parse(x);
    assert.match(doc.testsuites.testsuite[0].name, /^ftps-enforcer audit on IIS-WEB1: /);
    assert.equal(doc.testsuites.testsuite[0].hostname, 'IIS-WEB1');
    assert.equal(doc.testsuites.skipped, undefined);
    assert.match(x, /<testsuites name="ftps-enforcer" tests="\d+" failures="\d+" errors="\d+">/);
  });

  test('apply reports add an apply suite: the failure is an error testcase', () => {
    const doc = parse(junit('apply-failed'));
    const applySuite = doc.testsuites.testsuite[1];
    assert.equal(applySuite.name, 'ftps-enforcer apply outcome');
    const failed = applySuite.testcase.find((c: any) => c.name === 'apply');
    assert.equal(failed.error.type, 'APPLY_FAILED');
    assert.match(failed.error['#text'], /the rollback succeeded/);
  });

  test('hostile names survive as attribute values; XML-forbidden characters become visible \\uXXXX', () => {
    const xml = junit('audit-hostile-names');
    const cases = parse(xml).testsuites.testsuite[0].testcase;
    cases.forEach((c: any, i: number) => {
      const name = HOSTILE_NAMES[i]!;
      const expected = `ftps-enforcer.site.${name.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}`;
      assert.equal(c.classname, expected);
    });
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});

describe('JUnit escaping (property)', () => {
  test('any site name, value and message: well-formed XML, and the classname reads back (forbidden characters as \\uXXXX)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(fc.property(text, text, text, (name, value, message) => {
      const p = plan({ checks: [check({ code: 'EXTERNAL_ADDRESS_SITE', status: 'drift', site: name, scope: 'site', setting: 'externalIp4Address', current: value, desired: '203.0.113.10', message })] });
      const xml = renderReport({ command: 'audit', plan: p }, 'junit', { color: false });
      assert.equal(XMLValidator.validate(xml), true, xml);
      const c = parse(xml).testsuites.testsuite[0].testcase[0];
      const visible = name.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      assert.equal(c.classname, `ftps-enforcer.site.${visible}`);
    }), { numRuns: 500 });
  });
});
