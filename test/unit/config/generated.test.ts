import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateConfig, generateSites, VIP } from '../../../bench/generate-config.js';
import { readIisConfig } from '../../../src/config/read-config.js';

describe('a generated 10,000-site applicationHost.config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iisgen-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  test('the generator is deterministic for a seed and differs across seeds', () => {
    assert.equal(generateConfig({ sites: 200, seed: 7 }), generateConfig({ sites: 200, seed: 7 }));
    assert.notEqual(generateConfig({ sites: 200, seed: 7 }), generateConfig({ sites: 200, seed: 8 }));
  });

  test('is read completely: every site, every FTP site, the backend overrides, the range', () => {
    const { facts, sites } = generateSites({ sites: 10_000, seed: 3 });
    const file = join(dir, 'applicationHost.config');
    writeFileSync(file, generateConfig({ sites: 10_000, seed: 3 }));
    const s = readIisConfig(file);
    assert.equal(s.allSiteNames.length, 10_000);
    assert.deepEqual(s.allSiteNames, sites.map((x) => x.name));
    assert.equal(s.ftpSites.length, facts.ftpSites);
    assert.equal(s.ftpSites.length, 1_000);
    assert.equal(s.ftpSites.filter((x) => x.externalIp4Address?.value !== VIP).length, facts.ftpSitesWithBackendAddress);
    assert.ok(s.ftpSites.every((x) => x.ssl.serverCertHash?.value.length === 40 && ['SslRequire', 'SslAllow'].includes(x.ssl.controlChannelPolicy!.value)));
    assert.equal(s.firewallSupport.lowDataChannelPort?.value, 50000);
    assert.equal(s.siteDefaults.externalIp4Address?.value, VIP);
    // Locations stay exact deep into the file.
    const last = s.ftpSites[s.ftpSites.length - 1]!;
    const lines = generateConfig({ sites: 10_000, seed: 3 }).split('\n');
    assert.ok(lines[last.at.line - 1]!.includes(`<site name="${last.name}"`));
  });
});
