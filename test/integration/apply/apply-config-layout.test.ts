import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApplyLab, desiredFile, parseConfig, report, siteNamed } from './harness.js';

describe('writes land in the file IIS reads', () => {
  test('shared configuration: the redirected applicationHost.config is changed, the local one is not', async () => {
    const lab = new ApplyLab('shared-config');
    try {
      const local = readFileSync(lab.configFile);
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const rep = report(r);
      assert.equal(rep.apply.status, 'applied');
      assert.equal(rep.config.configFile, lab.path('shared', 'applicationHost.config'));
      assert.deepEqual(readFileSync(lab.configFile), local);
      const tree = parseConfig(lab.path('shared', 'applicationHost.config'));
      assert.equal(tree.configuration['system.ftpServer'].firewallSupport['@_lowDataChannelPort'], '50000');
      assert.equal(siteNamed(tree, 'Partner FTP').ftpServer.firewallSupport['@_externalIp4Address'], '203.0.113.10');
    } finally {
      lab.cleanup();
    }
  });

  test('configSource: site writes go to sites.config, server-wide writes to applicationHost.config, CRLF kept', async () => {
    const lab = new ApplyLab('config-source');
    try {
      const r = await lab.apply(['--desired', desiredFile, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(report(r).apply.status, 'applied');
      const main = readFileSync(lab.configFile, 'utf8');
      const sites = readFileSync(lab.path('sites.config'), 'utf8');
      assert.match(main, /<firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" \/>/);
      assert.match(main, /<sites configSource="sites.config" \/>/);
      assert.doesNotMatch(main, /siteDefaults/);
      assert.match(sites, /<firewallSupport externalIp4Address="203.0.113.10" \/>/);
      assert.doesNotMatch(sites.replace(/\r\n/g, ''), /\n/, 'CRLF line endings kept');
      assert.doesNotMatch(main.replace(/\r\n/g, ''), /\n/, 'CRLF line endings kept');
    } finally {
      lab.cleanup();
    }
  });
});
