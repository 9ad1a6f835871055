/** src/app/run-files.ts: an output never lands on an input (issue 14, item 1). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunFiles, realPath, samePath } from '../../../src/app/run-files.js';
import { OutputOverInputError } from '../../../src/core/errors.js';

describe('samePath: how resolved paths compare', () => {
  test('Windows ignores case; other systems do not', () => {
    assert.equal(samePath('C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config', 'c:\\WINDOWS\\system32\\INETSRV\\config\\APPLICATIONHOST.CONFIG', 'win32'), true);
    assert.equal(samePath('/srv/iis/applicationHost.config', '/srv/iis/applicationhost.config', 'linux'), false);
    assert.equal(samePath('/srv/iis/applicationHost.config', '/srv/iis/applicationHost.config', 'linux'), true);
    assert.equal(samePath('C:\\a\\b.json', 'C:\\a\\c.json', 'win32'), false);
  });
});

describe('realPath', () => {
  test('follows a symlink; a file that does not exist yet resolves through its folder', () => {
    const dir = realPath(mkdtempSync(join(tmpdir(), 'ftps-real-')));
    writeFileSync(join(dir, 'target.config'), 'x');
    symlinkSync(join(dir, 'target.config'), join(dir, 'link.config'));
    symlinkSync(dir, join(dir, 'dirlink'));
    assert.equal(realPath(join(dir, 'link.config')), join(dir, 'target.config'));
    assert.equal(realPath(join(dir, 'dirlink', 'new', 'deeper.txt')), join(dir, 'new', 'deeper.txt'));
  });
});

describe('RunFiles', () => {
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftps-runfiles-'));
    const config = join(dir, 'applicationHost.config');
    const desired = join(dir, 'desired.json');
    const plan = join(dir, 'plan.json');
    const sites = join(dir, 'sites.config');
    for (const f of [config, desired, plan, sites]) writeFileSync(f, 'original');
    return { dir, config, desired, plan, sites };
  };
  const io = (cwd: string) => ({ cwd, platform: process.platform });
  const kinds = (f: ReturnType<typeof setup>) => [
    ['configuration', f.config],
    ['desired-state file', f.desired],
    ['saved plan', f.plan],
    ['configSource file', f.sites],
  ] as const;

  for (const option of ['output', 'out', 'emitScript', 'logFile'] as const) {
    test(`--${option} over each kind of input is refused with one sentence, and the input keeps its bytes`, () => {
      const f = setup();
      for (const [role, path] of kinds(f)) {
        const files = new RunFiles({ [option]: path }, io(f.dir)).addInput(role, path);
        assert.throws(() => files.refuseOutputsOverInputs(), (err: unknown) => {
          assert.ok(err instanceof OutputOverInputError, String(err));
          assert.match(err.message, new RegExp(`is the ${role} .* this run reads, so writing it would destroy an input; nothing was written`));
          assert.ok(!err.message.includes('\n') && err.message.endsWith('.'));
          return true;
        });
        if (option !== 'logFile') assert.throws(() => files.write(option, 'report', 'report'), OutputOverInputError);
        assert.equal(readFileSync(path, 'utf8'), 'original', `${role} untouched`);
      }
    });
  }

  test('through a symlink, a relative path and the plan\'s own file list (redirection target, configSource)', () => {
    const f = setup();
    symlinkSync(f.config, join(f.dir, 'alias.config'));
    const viaLink = new RunFiles({ output: 'alias.config' }, io(f.dir)).addInput('configuration', f.config);
    assert.throws(() => viaLink.refuseOutputsOverInputs(), OutputOverInputError);
    const shared = join(f.dir, 'shared', 'applicationHost.config');
    mkdirSync(join(f.dir, 'shared'));
    writeFileSync(shared, 'shared');
    const plan = { config: { requestedFile: f.config, configFile: shared, redirection: { redirectionConfig: join(f.dir, 'redirection.config'), path: 'shared' }, filesRead: [join(f.dir, 'redirection.config'), shared, f.sites], contentHash: 'x' }, desired: { file: f.desired, contentHash: 'y' } };
    for (const target of [shared, f.sites, join(f.dir, 'redirection.config'), f.desired]) {
      const files = new RunFiles({ out: target }, io(f.dir)).addPlanInputs(plan);
      assert.throws(() => files.refuseOutputsOverInputs(), OutputOverInputError, target);
    }
  });

  test('a case variant through the real file system: refused exactly when the file system says it is the same file', () => {
    const f = setup();
    const variant = join(f.dir, 'APPLICATIONHOST.CONFIG');
    const oneFile = existsSync(variant); // case-insensitive file systems (NTFS, APFS by default) find it
    const files = new RunFiles({ output: variant }, io(f.dir)).addInput('configuration', f.config);
    if (oneFile) {
      assert.throws(() => files.refuseOutputsOverInputs(), OutputOverInputError);
    } else {
      files.write('output', 'report', 'report');
      assert.equal(readFileSync(variant, 'utf8'), 'report');
    }
    assert.equal(readFileSync(f.config, 'utf8'), 'original');
  });

  test('the same check with Windows\' comparison refuses the case variant', () => {
    const f = setup();
    const files = new RunFiles({ output: join(f.dir, 'APPLICATIONHOST.CONFIG') }, { cwd: f.dir, platform: 'win32' }).addInput('configuration', f.config);
    assert.throws(() => files.refuseOutputsOverInputs(), OutputOverInputError);
  });

  test('two outputs naming one file are refused; distinct outputs are written atomically (no temporary file left)', () => {
    const f = setup();
    assert.throws(() => new RunFiles({ output: 'r.txt', out: './r.txt' }, io(f.dir)).refuseOutputsOverInputs(), /--output and --out both name/);
    const files = new RunFiles({ output: 'r.txt', out: 'p.json' }, io(f.dir)).addInput('configuration', f.config);
    files.write('output', 'report', 'report');
    files.write('out', '{}', 'plan');
    assert.equal(readFileSync(join(f.dir, 'r.txt'), 'utf8'), 'report');
    assert.deepEqual(readdirSync(f.dir).sort(), ['applicationHost.config', 'desired.json', 'p.json', 'plan.json', 'r.txt', 'sites.config']);
  });
});
