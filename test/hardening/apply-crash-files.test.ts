/**
 * SIGKILL between the two files of one commit (issue 14 item 7): with the
 * sites section in a configSource file, a commit replaces applicationHost.config
 * and sites.config one after the other. Killed between them, the configuration
 * is part new, part old (each file whole). The journal recorded both files'
 * hashes before the write, so the next run says exactly which file was written,
 * finishes the mix (plans again from the files as they are and applies the
 * rest), restarts ftpsvc once, and ends compliant.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { makePlan } from '../../src/app/make-plan.js';
import { desiredFile, report } from '../integration/apply/harness.js';
import { silentLogger } from '../support/hardening/silent-logger.js';
import { CrashLab } from '../support/hardening/crash-lab.js';

const args = ['--desired', desiredFile, '--format', 'json'];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('SIGKILL between the two files of a configSource commit', () => {
  test('the mix is recorded, named and finished by the next run; ftpsvc restarts once', async () => {
    const lab = new CrashLab('config-source');
    try {
      const files = [lab.configFile, lab.path('sites.config')];
      const old = files.map((f) => readFileSync(f));
      const paused = await lab.applyUntil('between-commit-files', args);
      lab.killGroup(paused.child);
      assert.equal((await paused.result).signal, 'SIGKILL');

      // One file replaced (whole), the other not yet.
      const now = files.map((f) => readFileSync(f));
      const changed = files.filter((_, i) => !now[i]!.equals(old[i]!));
      assert.equal(changed.length, 1, 'killed between the two replaces: exactly one file is new');
      for (const b of now) assert.equal(XMLValidator.validate(b.toString('utf8').replace(/^\uFEFF/, '')), true, 'each file is whole');
      const unchanged = files.find((f) => !changed.includes(f))!;

      // The journal recorded every file's hash from before the write, and the agent's copies exist.
      const journalDir = join(lab.lockDir, 'journal');
      const [entryFile] = readdirSync(journalDir).filter((f) => f.endsWith('.json'));
      const entry = JSON.parse(readFileSync(join(journalDir, entryFile!), 'utf8'));
      assert.deepEqual(entry.files.map((f: { path: string; sha256: string }) => [f.path, f.sha256]), files.map((f, i) => [f, sha(old[i]!)]));
      assert.deepEqual(readdirSync(entry.backupFolder).sort(), ['0-applicationHost.config', '1-sites.config', 'files.json']);
      assert.deepEqual(readFileSync(join(entry.backupFolder, '1-sites.config')), old[1], 'the copy is the file from before');

      const next = await lab.applyAgain([...args, '--lock-timeout', '5']);
      assert.equal(next.code, 0, next.stderr);
      const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      assert.match(next.stderr, new RegExp(`an earlier apply run did not finish .*; it had written ${esc(changed[0]!)}; not ${esc(unchanged)} \\(as before\\), so the configuration is part old, part new and this run finishes it; its own copies of them from before it are in ${esc(entry.backupFolder)}; this run checks the configuration again and restarts ftpsvc`));
      const rep = report(next);
      assert.equal(rep.apply.status, 'applied');
      assert.ok(rep.changes.length > 0, 'what the killed run had not written yet is applied now');
      const wrote = new Set(rep.changes.map((c: { site: string | null; scope: string }) => (c.scope === 'server' ? 'applicationHost.config' : 'sites.config')));
      assert.deepEqual([...wrote], [basename(unchanged)], 'only the settings of the file left old are changed');
      assert.equal(rep.apply.restart.performed, true);

      const { plan } = makePlan({ configPath: lab.configFile, desiredPath: desiredFile, mode: 'audit', logger: silentLogger });
      assert.equal(plan.compliant, true, JSON.stringify(plan.checks.filter((c) => c.status !== 'ok')));
      assert.equal(lab.service().restartCount, 1, 'ftpsvc restarted exactly once, by the finishing run');
      assert.deepEqual(existsSync(journalDir) ? readdirSync(journalDir) : [], [], 'the journal is gone');
    } finally {
      lab.cleanup();
    }
  });
});
