/**
 * The small pure pieces of src/core, each on its own: IIS inheritance (effective.ts), the restart decision,
 * the error classes and their exit codes, the sha256 identity, the check list's counting and its lazily built
 * `plan.checks`, and a per-site check's wording and JSON (site-check.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveExternalAddress, effectivePortRange, effectiveSsl, siteDefaultsSsl, SSL_DEFAULTS } from '../../../src/core/effective.js';
import { decideRestart } from '../../../src/core/restart-decision.js';
import { ApplyError, ConfigReadError, exitCodeFor, ExitCode, FtpDownError, InternalError, PrerequisiteError, UserError } from '../../../src/core/errors.js';
import { sha256 } from '../../../src/core/hash.js';
import { attachChecks, CheckList, countChecks, countPlanChecks, planFindings } from '../../../src/core/check-list.js';
import { NO_CHANGES, SiteCheck } from '../../../src/core/site-check.js';
import type { Check, Plan } from '../../../src/core/plan.js';
import { loc, site, state } from '../../support/state-builder.js';

describe('effective values (IIS inheritance: site, else siteDefaults, else the schema default)', () => {
  test('external address', () => {
    const s = state({ siteDefaults: { externalIp4Address: loc('203.0.113.10', 5), ssl: {} } });
    assert.deepEqual(effectiveExternalAddress(site('A', { externalIp4Address: loc('10.0.0.1', 9) }), s), { value: '10.0.0.1', from: 'site', at: { file: 'applicationHost.config', line: 9 } });
    assert.deepEqual(effectiveExternalAddress(site('A'), s), { value: '203.0.113.10', from: 'siteDefaults', at: { file: 'applicationHost.config', line: 5 } });
    assert.deepEqual(effectiveExternalAddress(site('A'), state()), { value: null, from: 'default' });
  });
  test('SSL settings, and siteDefaults on their own', () => {
    const s = state({ siteDefaults: { ssl: { controlChannelPolicy: loc('SslAllow', 3) } } });
    assert.deepEqual(effectiveSsl(site('A', { ssl: { controlChannelPolicy: loc('SslRequireCredentialsOnly', 4) } }), s, 'controlChannelPolicy'), { value: 'SslRequireCredentialsOnly', from: 'site', at: { file: 'applicationHost.config', line: 4 } });
    assert.deepEqual(effectiveSsl(site('A'), s, 'controlChannelPolicy'), { value: 'SslAllow', from: 'siteDefaults', at: { file: 'applicationHost.config', line: 3 } });
    assert.deepEqual(effectiveSsl(site('A'), s, 'dataChannelPolicy'), { value: 'SslRequire', from: 'default' });
    assert.deepEqual(effectiveSsl(site('A'), s, 'serverCertStoreName'), { value: 'MY', from: 'default' });
    assert.deepEqual(siteDefaultsSsl(s, 'controlChannelPolicy').value, 'SslAllow');
    assert.deepEqual(siteDefaultsSsl(s, 'serverCertHash'), { value: '', from: 'default' });
    assert.deepEqual(SSL_DEFAULTS, { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire', serverCertHash: '', serverCertStoreName: 'MY' });
  });
  test('the passive range: unset ends are 0', () => {
    assert.deepEqual(effectivePortRange(state()), { low: 0, high: 0 });
    assert.deepEqual(effectivePortRange(state({ firewallSupport: { lowDataChannelPort: loc(5), highDataChannelPort: loc(9) } })), { low: 5, high: 9 });
    assert.deepEqual(effectivePortRange(state({ firewallSupport: { highDataChannelPort: loc(9) } })), { low: 0, high: 9 });
  });
});

describe('the restart decision, with its reasons', () => {
  const c = (requiresRestart: boolean) => ({ requiresRestart });
  test('always, never, on-change counting the changes that need it', () => {
    assert.deepEqual(decideRestart('always', []), { restart: true, reason: 'the restart policy is always' });
    assert.deepEqual(decideRestart('never', [c(true)]), { restart: false, reason: 'the restart policy is never: ftpsvc picks the changes up at its next restart' });
    assert.deepEqual(decideRestart('on-change', [c(true), c(false), c(true)]), { restart: true, reason: 'restart policy on-change: 2 change(s) take effect only once ftpsvc restarts' });
    assert.deepEqual(decideRestart('on-change', [c(false)]), { restart: false, reason: 'restart policy on-change: no change needs an ftpsvc restart' });
    // A restart owed by an interrupted run or settings changed elsewhere: paid under on-change and always, with its reason; never is never.
    const owed = 'an earlier apply run was interrupted before it could restart ftpsvc with its changes';
    assert.deepEqual(decideRestart('on-change', [], owed), { restart: true, reason: owed });
    assert.deepEqual(decideRestart('always', [c(true)], owed), { restart: true, reason: owed });
    assert.equal(decideRestart('never', [c(true)], owed).restart, false);
  });
});

describe('errors and exit codes', () => {
  test('FtpDownError is exit 3; every other error exit 1', () => {
    assert.deepEqual(ExitCode, { Compliant: 0, Error: 1, Drift: 2, FtpDown: 3 });
    assert.equal(exitCodeFor(new FtpDownError('down', false)), 3);
    assert.equal(exitCodeFor(new ApplyError('failed', true)), 1);
    assert.equal(exitCodeFor(new UserError('bad')), 1);
    assert.equal(exitCodeFor(new Error('bug')), 1);
    assert.equal(exitCodeFor('not even an error'), 1);
  });
  test('names, details, the rollback flag and the cause are kept', () => {
    const cause = new Error('inner');
    const u = new ConfigReadError('cannot read', ['line 3'], { cause });
    assert.equal(u.name, 'UserError');
    assert.ok(u instanceof UserError);
    assert.deepEqual(u.details, ['line 3']);
    assert.equal(u.cause, cause);
    const a = new FtpDownError('down', undefined, ['d']);
    assert.equal(a.rolledBack, undefined);
    assert.deepEqual(a.details, ['d']);
    assert.ok(a instanceof ApplyError && a instanceof UserError);
    assert.equal(new ApplyError('x', true).rolledBack, true);
    assert.equal(new InternalError('bug').name, 'InternalError');
    assert.ok(!(new InternalError('bug') instanceof UserError));
    assert.ok(new PrerequisiteError('p') instanceof UserError);
  });
});

describe('sha256', () => {
  test('hex of the parts in order, as one stream', () => {
    assert.equal(sha256(), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256(Buffer.from('a'), Buffer.from('bc')), sha256(Buffer.from('abc')));
  });
});

const check = (status: Check['status'], code: Check['code'] = 'PORT_RANGE'): Check => ({ code, status, site: null, setting: 's', scope: 'server', current: null, desired: null, fixable: true, message: status, changeIds: [] });

describe('the check list', () => {
  test('counts every status, the ok references included; compliant means no drift and no error', () => {
    const built: number[] = [];
    const list = new CheckList((ref) => { built.push(ref); return { ...check('ok'), message: `ok ${ref}` }; });
    list.add(check('warning'));
    list.addOk(7);
    assert.deepEqual(list.counts(), { total: 2, ok: 1, drift: 0, warning: 1, error: 0 });
    assert.equal(list.compliant(), true, 'a warning is compliant');
    list.add(check('drift'));
    assert.equal(list.compliant(), false);
    const errorOnly = new CheckList(() => check('ok'));
    errorOnly.add(check('error'));
    assert.equal(errorOnly.compliant(), false);
    assert.deepEqual(list.findings().map((c) => c.status), ['warning', 'drift']);
    assert.deepEqual(built, [], 'findings and counts build no ok check');
    assert.deepEqual(list.all().map((c) => c.message), ['warning', 'ok 7', 'drift']);
    assert.deepEqual(built, [7]);
    const copy = list.counts();
    copy.total = 99;
    assert.equal(list.counts().total, 3, 'counts are a copy');
  });

  test('attachChecks: plan.checks built once on first read, then an ordinary property; counts follow what it holds', () => {
    let builds = 0;
    const list = new CheckList(() => { builds++; return check('ok'); });
    list.addOk(0);
    list.add(check('drift'));
    const plan = attachChecks({ formatVersion: 1, checks: [], changes: [] } as unknown as Plan, list);
    assert.deepEqual(countPlanChecks(plan), { total: 2, ok: 1, drift: 1, warning: 0, error: 0 });
    assert.deepEqual(planFindings(plan).map((c) => c.status), ['drift']);
    assert.equal(builds, 0);
    assert.deepEqual(Object.keys(plan), ['formatVersion', 'checks', 'changes']);
    const first = plan.checks;
    assert.equal(builds, 1);
    assert.equal(plan.checks, first, 'the same array, not built again');
    assert.equal(builds, 1);
    first.push(check('error'));
    assert.deepEqual(countPlanChecks(plan), { total: 3, ok: 1, drift: 1, warning: 0, error: 1 });
    assert.deepEqual(planFindings(plan).map((c) => c.status), ['drift', 'error']);
    assert.deepEqual(JSON.parse(JSON.stringify(plan)).checks.length, 3);
  });

  test('attachChecks: assigning plan.checks replaces the list without building it', () => {
    let builds = 0;
    const list = new CheckList(() => { builds++; return check('ok'); });
    list.addOk(0);
    const plan = attachChecks({ checks: [] } as unknown as Plan, list);
    plan.checks = [check('warning')];
    assert.equal(builds, 0);
    assert.deepEqual(countPlanChecks(plan), { total: 1, ok: 0, drift: 0, warning: 1, error: 0 });
    plan.checks = [check('drift')];
    assert.deepEqual(plan.checks.map((c) => c.status), ['drift'], 'writable afterwards');
  });

  test('a plan made elsewhere (read from a file): counted and filtered from its checks', () => {
    const plan = { checks: [check('ok'), check('error'), check('warning'), check('ok')] } as unknown as Plan;
    assert.deepEqual(countPlanChecks(plan), { total: 4, ok: 2, drift: 0, warning: 1, error: 1 });
    assert.deepEqual(planFindings(plan).map((c) => c.status), ['error', 'warning']);
    assert.deepEqual(countChecks([]), { total: 0, ok: 0, drift: 0, warning: 0, error: 0 });
  });
});

describe('a per-site check: wording on read, JSON like a plain check', () => {
  const facts = site('A', { ftpBindings: [{ bindingInformation: '10.0.1.11:990:', ip: '10.0.1.11', port: 990, host: '' }] });
  const make = (code: 'EXTERNAL_ADDRESS_SITE' | 'SSL_POLICY' | 'IMPLICIT_FTPS_BINDING', status: Check['status'], setting: string, current: string | null, desired: string | number, from?: 'site' | 'siteDefaults' | 'default', at?: { file: string; line: number }) =>
    new SiteCheck(code, status, 'A', setting, 'site', current, desired, from, status === 'drift', at, status === 'drift' ? ['x'] : NO_CHANGES, facts);

  test('each code and status in its own words', () => {
    assert.equal(make('IMPLICIT_FTPS_BINDING', 'ok', 'bindings', '990', 990).message, 'Site "A" has an FTP binding on port 990 (Implicit FTPS).');
    assert.match(make('IMPLICIT_FTPS_BINDING', 'warning', 'bindings', '21', 990).message, /^Site "A" has FTP bindings on port 21 but none on 990/);
    assert.equal(make('EXTERNAL_ADDRESS_SITE', 'ok', 'externalIp4Address', 'V', 'V', 'siteDefaults').message, 'Site "A" advertises V (inherited from siteDefaults).');
    assert.match(make('EXTERNAL_ADDRESS_SITE', 'drift', 'externalIp4Address', null, 'V', 'default').message, /IIS advertises 10\.0\.1\.11 in PASV replies/);
    assert.equal(make('EXTERNAL_ADDRESS_SITE', 'drift', 'externalIp4Address', '10.0.0.1', 'V', 'site').message, 'Site "A" advertises 10.0.0.1 (the site\'s own value, which overrides siteDefaults), so clients will be sent to 10.0.0.1 instead of the VIP V.');
    assert.equal(make('SSL_POLICY', 'ok', 'dataChannelPolicy', 'SslRequire', 'SslRequire', 'default').message, 'Site "A" has dataChannelPolicy SslRequire.');
    assert.equal(make('SSL_POLICY', 'drift', 'dataChannelPolicy', 'SslAllow', 'SslRequire', 'site').message, 'Site "A" has dataChannelPolicy SslAllow, not SslRequire, so credentials or data may cross the network unencrypted.');
  });

  test('an error is the drift plus why no filter can select the site', () => {
    assert.equal(make('SSL_POLICY', 'error', 'dataChannelPolicy', 'SslAllow', 'SslRequire', 'site').message, 'Site "A" has dataChannelPolicy SslAllow, not SslRequire, so credentials or data may cross the network unencrypted. Its name "A" holds both quote characters and the site has no id, so no WebAdministration filter can select it; fix it by hand in IIS Manager.');
    assert.match(make('EXTERNAL_ADDRESS_SITE', 'error', 'externalIp4Address', '10.0.0.1', 'V', 'site').message, /instead of the VIP V\. Its name "A" holds both quote characters/);
  });

  test('toJSON: the plain check\'s keys in order; inheritedFrom and at only when known', () => {
    const full = make('SSL_POLICY', 'drift', 'dataChannelPolicy', 'SslAllow', 'SslRequire', 'site', { file: 'f', line: 3 });
    assert.deepEqual(Object.keys(full.toJSON()), ['code', 'status', 'site', 'setting', 'scope', 'current', 'desired', 'inheritedFrom', 'fixable', 'message', 'at', 'changeIds']);
    assert.deepEqual(full.toJSON(), { code: 'SSL_POLICY', status: 'drift', site: 'A', setting: 'dataChannelPolicy', scope: 'site', current: 'SslAllow', desired: 'SslRequire', inheritedFrom: 'site', fixable: true, message: full.message, at: { file: 'f', line: 3 }, changeIds: ['x'] });
    const bare = make('IMPLICIT_FTPS_BINDING', 'ok', 'bindings', '990', 990);
    assert.deepEqual(Object.keys(bare.toJSON()), ['code', 'status', 'site', 'setting', 'scope', 'current', 'desired', 'fixable', 'message', 'changeIds']);
    assert.throws(() => (NO_CHANGES as string[]).push('y'), TypeError);
  });
});
