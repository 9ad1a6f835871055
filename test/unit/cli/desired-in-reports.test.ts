/** Desired-state warnings in every report (issue 19 item 2) and a site-name typo (item 4), through the CLI in-process. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { CaptureStream } from '../../../src/cli/capture-stream.js';
import { fixture } from '../../support/paths.js';

const config = fixture('broken-backend', 'applicationHost.config'); // has the FTP site "FTPS Site"

function desiredFile(value: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ftps-desired-')), 'desired.json');
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

async function audit(desired: string, format: string) {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const code = await main(['audit', '--config', config, '--desired', desired, '--format', format], { stdout, stderr, cwd: process.cwd(), env: { NO_COLOR: '1' }, platform: 'linux' });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('the desired state in the reports', () => {
  const zeroRange = desiredFile({ externalIp4Address: '203.0.113.10', lowDataChannelPort: 0, highDataChannelPort: 0 });

  test('a 0-0 range warning is counted and shown in JSON, text, Markdown and JUnit, with its line', async () => {
    const json = JSON.parse((await audit(zeroRange, 'json')).stdout);
    const w = json.findings.find((f: { code: string }) => f.code === 'DESIRED_STATE');
    assert.ok(w, 'a DESIRED_STATE finding');
    assert.equal(w.status, 'warning');
    assert.match(w.message, /ephemeral range 49152/);
    assert.equal(w.location.file, zeroRange);
    assert.equal(w.location.line, 3);
    assert.equal(json.checks.warning, json.findings.filter((f: { status: string }) => f.status === 'warning').length, 'counted');
    const text = (await audit(zeroRange, 'text')).stdout;
    assert.match(text, /Warnings:\n(.*\n)*\s+! server {2}desired state\n\s+lowDataChannelPort and highDataChannelPort are 0/);
    assert.doesNotMatch(text, /, 0 warnings;/);
    assert.match((await audit(zeroRange, 'markdown')).stdout, /⚠️ warning .*ephemeral range/);
    assert.match((await audit(zeroRange, 'junit')).stdout, /<system-out>warning: server desired state[^<]*ephemeral range/);
  });

  test('a site name that differs only in case names the site, as IIS matches names ignoring case', async () => {
    const r = await audit(desiredFile({ externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099, sites: { 'ftps site': { externalIp4Address: '198.51.100.7' } } }), 'json');
    const json = JSON.parse(r.stdout);
    assert.equal(json.findings.filter((f: { code: string }) => f.code === 'UNKNOWN_SITE').length, 0);
    const site = json.findings.find((f: { code: string; site: string }) => f.code === 'EXTERNAL_ADDRESS_SITE' && f.site === 'FTPS Site');
    assert.equal(site?.desired, '198.51.100.7', 'the entry\'s own address is enforced on the site');
  });

  test('a typo that names no site is an error with "did you mean", in audit too (exit 2, not a passing audit)', async () => {
    const r = await audit(desiredFile({ externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099, sites: { 'FTPS Stie': { externalIp4Address: '203.0.113.10' } } }), 'json');
    const json = JSON.parse(r.stdout);
    const u = json.findings.find((f: { code: string }) => f.code === 'UNKNOWN_SITE');
    assert.equal(u.status, 'error');
    assert.match(u.message, /did you mean "FTPS Site"\?/);
    assert.equal(r.code, 2);
  });

  test('a name like no site on this backend stays a warning in audit (it may be another backend\'s)', async () => {
    const json = JSON.parse((await audit(desiredFile({ externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099, sites: { 'Payroll Uploads': {} } }), 'json')).stdout);
    assert.equal(json.findings.find((f: { code: string }) => f.code === 'UNKNOWN_SITE').status, 'warning');
  });
});
