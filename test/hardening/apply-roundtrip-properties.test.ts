/**
 * Property-based, through real pwsh and the WebAdministration double (a few
 * runs: each starts PowerShell): for a generated configuration and desired
 * state, audit never writes; apply then audit is compliant; every site name
 * comes back from PowerShell byte for byte, and the right site got its value.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseStringPromise } from 'xml2js';
import { makePlan } from '../../src/app/make-plan.js';
import { readIisConfig } from '../../src/config/read-config.js';
import { silentLogger } from '../support/hardening/silent-logger.js';
import { ApplyLab, report } from '../integration/apply/harness.js';
import { genConfig, genDesired, renderConfig } from '../support/hardening/config-gen.js';

const scenario = genConfig.chain((config) => genDesired(config).map((desired) => ({ config, desired })));

/** Site names as an independent XML parser (xml2js) sees them in the file. */
async function namesInFile(file: string): Promise<string[]> {
  const tree = await parseStringPromise(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  return tree.configuration['system.applicationHost'][0].sites[0].site.map((s: any) => s.$.name);
}

describe('apply round trip through PowerShell over generated configurations', () => {
  test('audit never writes; apply then audit is compliant; names survive byte for byte; the right site got the value', async () => {
    await fc.assert(fc.asyncProperty(scenario, async ({ config, desired }) => {
      const lab = new ApplyLab('drift');
      try {
        writeFileSync(lab.configFile, renderConfig(config));
        const desiredFile = join(lab.dir, 'desired.json');
        writeFileSync(desiredFile, JSON.stringify(desired, null, 2));
        const names = config.sites.map((s) => s.name);

        const bytes = readFileSync(lab.configFile);
        const mtime = statSync(lab.configFile).mtimeMs;
        const before = await lab.cli(['audit', '--config', lab.configFile, '--desired', desiredFile, '--format', 'json']);
        assert.ok(before.code === 0 || before.code === 2, before.stderr);
        assert.deepEqual(readFileSync(lab.configFile), bytes, 'audit changed the file');
        assert.equal(statSync(lab.configFile).mtimeMs, mtime, 'audit touched the file');
        assert.equal(lab.pwshStarts(), 0, 'audit started PowerShell');

        const applied = await lab.apply(['--desired', desiredFile, '--format', 'json']);
        assert.equal(applied.code, 0, `${applied.stderr}\n${applied.stdout}`);
        assert.ok(['applied', 'nothing-to-do'].includes(report(applied).apply.status));
        assert.ok(lab.service().restartCount <= 1);

        // Audit again, in process (the same read and plan the CLI runs; a process each time costs seconds).
        const { plan: after } = makePlan({ configPath: lab.configFile, desiredPath: desiredFile, mode: 'audit', logger: silentLogger });
        assert.equal(after.compliant, true, JSON.stringify(after.checks.filter((c) => c.status !== 'ok')));

        assert.deepEqual(await namesInFile(lab.configFile), names, 'a site name changed on its way through PowerShell');
        const state = readIisConfig(lab.configFile);
        assert.deepEqual(state.allSiteNames, names);
        for (const site of state.ftpSites) {
          const effective = site.externalIp4Address?.value ?? state.siteDefaults.externalIp4Address?.value;
          assert.equal(effective, desired.sites[site.name]?.externalIp4Address ?? desired.externalIp4Address, `site ${JSON.stringify(site.name)}`);
        }
      } finally {
        lab.cleanup();
      }
    }), { numRuns: Number(process.env.FTPS_ROUNDTRIP_RUNS ?? 5), endOnFailure: true });
  });
});
