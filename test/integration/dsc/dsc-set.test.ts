/**
 * `set` through the manifest with real pwsh and the WebAdministration test
 * double (the apply helper's lab: a copy of the config, the double first on
 * PSModulePath, its service state): DSC's set is exactly `ftps-enforcer apply`.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApplyLab } from '../apply/harness.js';
import { invoke } from './dsc-harness.js';

const want = { externalIp4Address: '203.0.113.10', lowDataChannelPort: 50000, highDataChannelPort: 50099, ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' } };

describe('dsc set (real pwsh, WebAdministration double)', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());
  const instance = { ...want, configPath: lab.configFile };

  test('test says not in desired state; set fixes it, returns the state after and what changed; test agrees', () => {
    assert.equal(invoke('test', instance, lab.env()).state!._inDesiredState, false);
    const r = invoke('set', instance, lab.env());
    assert.equal(r.exitCode, 0, JSON.stringify(r.stderrLines));
    assert.equal(r.state!.externalIp4Address, '203.0.113.10');
    assert.equal(r.state!.lowDataChannelPort, 50000);
    assert.ok(r.diff!.includes('lowDataChannelPort') && r.diff!.includes('externalIp4Address'), JSON.stringify(r.diff));
    assert.equal(lab.service().restartCount, 1);
    const again = invoke('test', instance, lab.env());
    assert.equal(again.state!._inDesiredState, true);
    assert.deepEqual(again.diff, []);
  });

  test('set again: nothing to change, empty diff, no restart', () => {
    const r = invoke('set', instance, lab.env());
    assert.equal(r.exitCode, 0, JSON.stringify(r.stderrLines));
    assert.deepEqual(r.diff, []);
    assert.equal(lab.service().restartCount, 1);
  });
});

describe('dsc set that fails', () => {
  const lab = new ApplyLab('drift');
  after(() => lab.cleanup());

  test('a failing Set-WebConfigurationProperty: exit 1, an error line saying the rollback restored the configuration, file unchanged', () => {
    const before = readFileSync(lab.configFile);
    lab.setService({ failSetOnCall: 2 });
    const r = invoke('set', { ...want, configPath: lab.configFile }, lab.env());
    assert.equal(r.exitCode, 1);
    const errors = r.stderrLines.filter((l): l is { error: string } => typeof l === 'object' && l !== null && 'error' in l);
    assert.equal(errors.length, 1, JSON.stringify(r.stderrLines));
    assert.match(errors[0]!.error, /^apply failed.*the previous configuration is back/);
    assert.deepEqual(readFileSync(lab.configFile), before);
  });
});
