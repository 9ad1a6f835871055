import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/run-cli.js';
import { haproxyCheck, nginxCheck } from './lb-tools.js';

function desiredFile(content: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'lb-cli-'));
  const file = join(dir, 'desired.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}
const desired = desiredFile({ externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099 });

describe('ftps-enforcer lb-config (the built CLI)', () => {
  test('haproxy to stdout, accepted by haproxy -c, exit 0', () => {
    const r = runCli(['lb-config', '--format', 'haproxy', '--desired', desired, '--backend', 'web1=10.0.1.11,web2=10.0.1.12']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /bind 203\.0\.113\.10:50000-50099/);
    const check = haproxyCheck(r.stdout);
    assert.ok(check.ok, check.output);
  });

  test('nginx to --output, accepted by nginx -t', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lb-cli-')), 'ftps-stream.conf');
    const r = runCli(['lb-config', '--format', 'nginx', '--desired', desired, '--backend', 'web1=10.0.1.11', '--backend', 'web2=10.0.1.12', '--bind', '10.99.0.100', '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const text = readFileSync(out, 'utf8');
    assert.match(text, /listen 10\.99\.0\.100:990;/);
    const check = nginxCheck(text, '10.99.0.100', 8192);
    assert.ok(check.ok, check.output);
  });

  test('bad input: one sentence on stderr, exit 1, nothing on stdout', () => {
    for (const args of [
      ['--backend', 'web1=10.0.1.11:990'],
      ['--backend', 'web1=10.0.1.11', '--persistence', '5'],
    ]) {
      const r = runCli(['lb-config', '--format', 'haproxy', '--desired', desired, ...args]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^error: [^\n]+\n$/);
    }
  });

  test('a desired-state file with a host name is refused by the same validation as audit', () => {
    const bad = desiredFile({ externalIp4Address: 'ftp.example.com', lowDataChannelPort: 50000, highDataChannelPort: 50099 });
    const r = runCli(['lb-config', '--format', 'haproxy', '--desired', bad, '--backend', 'web1=10.0.1.11']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /host name/);
  });
});
