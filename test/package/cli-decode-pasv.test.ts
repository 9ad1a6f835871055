/**
 * `ftps-enforcer decode-pasv` as a process, through test/support/run-cli.ts: the built CLI under `npm test`,
 * a release executable with FTPS_ENFORCER_CLI (the CI step in .ci/run), so the release is held to the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.js';

test('decode-pasv: the endpoint of a 227 and a 229 reply, JSON on request, one sentence for nonsense', () => {
  const pasv = runCli(['decode-pasv', '227 Entering Passive Mode (192,168,1,10,195,80)']);
  assert.equal(pasv.code, 0, pasv.stderr);
  assert.equal(pasv.stdout.trim(), '192.168.1.10:50000');
  const json = runCli(['decode-pasv', '227 Entering Passive Mode (203,0,113,10,195,99)', '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), { kind: 'pasv', code: 227, address: '203.0.113.10', port: 50019, p1: 195, p2: 99, endpoint: '203.0.113.10:50019' });
  const epsv = runCli(['decode-pasv', '229 Entering Extended Passive Mode (|||50000|)']);
  assert.equal(epsv.code, 0, epsv.stderr);
  assert.match(epsv.stdout, /50000/);
  const bad = runCli(['decode-pasv', 'hello']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error: Could not decode "hello": expected a 227 reply/);
  assert.equal(bad.stdout, '');
});
