/**
 * Hostile applicationHost.config files through the real `ftps-enforcer audit`
 * process: each gets one clear line and exit 1, or the correct answer; never a
 * stack trace, a hang or a runaway process. Memory is the child's max RSS.
 */
import { describe, test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { fixture } from '../support/paths.js';
import { runMeasured, type MeasuredRun } from '../support/hardening/measured-run.js';
import * as hostile from '../support/hardening/hostile-configs.js';
import { readIisConfig } from '../../src/config/read-config.js';
import { ConfigFileError, type ConfigErrorCode } from '../../src/config/config-error.js';

/** Generous: a normal audit peaks near 70 MB; a runaway parser would pass 1 GB quickly. */
const MAX_RSS_MB = 1024;
const desired = fixture('desired.json');

/** Puts the run's cost in the test output (RELIABILITY.md quotes these numbers). */
function note(t: TestContext, r: MeasuredRun): MeasuredRun {
  t.diagnostic(`exit ${r.code}, ${r.ms} ms, max RSS ${r.maxRssMb.toFixed(0)} MB`);
  return r;
}

/**
 * One line on stderr, starting `error: `, naming the file; no stack frames. Which refusal it is, is
 * asserted by the reader's code (read in process from the same file) and by the CLI printing exactly
 * that error, never by the sentence's wording.
 */
function assertOneClearLine(r: MeasuredRun, file: string, code: ConfigErrorCode): void {
  let refusal: ConfigFileError | undefined;
  try {
    readIisConfig(file);
  } catch (err) {
    assert.ok(err instanceof ConfigFileError, `the reader threw something else: ${String(err)}`);
    refusal = err;
  }
  assert.ok(refusal, `the reader accepted ${file}`);
  assert.equal(refusal.code, code, refusal.message);
  assert.equal(r.timedOut, false, 'the run hung and was killed by the watchdog');
  assert.equal(r.code, 1, `exit 1 expected, got ${r.code}\nstderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^error: /);
  assert.ok(lines[0]!.includes(file), `the message names the file: ${lines[0]}`);
  assert.equal(lines[0], `error: ${refusal.message}`, 'the CLI reports the reader\'s refusal');
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
  assert.ok(r.maxRssMb < MAX_RSS_MB, `max RSS ${r.maxRssMb} MB`);
}

const audit = (config: string, extra: string[] = []) => runMeasured(['audit', '--config', config, '--desired', desired, ...extra], { timeoutMs: 60_000 });
/** What a finding says, without where it was found (the files differ). */
const findings = (r: MeasuredRun) => JSON.parse(r.stdout).findings.map((f: any) => [f.site, f.setting, f.current, f.desired]);

describe('XML attacks through `ftps-enforcer audit`', { concurrency: 2 }, () => {
  let dir: string;
  let baseline: MeasuredRun;
  const file = (name: string) => join(dir, name, 'applicationHost.config');
  const put = (name: string, content: string | Buffer) => {
    cpSync(fixture('broken-backend'), join(dir, name), { recursive: true });
    writeFileSync(file(name), content);
    return file(name);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ftps-xml-attacks-'));
    baseline = await audit(put('baseline', hostile.baseConfig()), ['--format', 'json']);
    assert.equal(baseline.code, 2, baseline.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a DOCTYPE is refused', async (t) => {
    const f = put('doctype', hostile.withDoctype('<!DOCTYPE configuration>'));
    assertOneClearLine(note(t, await audit(f)), f, 'XML_DOCTYPE');
  });

  test('billion laughs: refused before any entity is expanded', async (t) => {
    const f = put('laughs', hostile.billionLaughs());
    const r = note(t, await audit(f));
    assertOneClearLine(r, f, 'XML_DOCTYPE');
    assert.doesNotMatch(r.stdout + r.stderr, /lollol/);
  });

  test('external entity (file://): refused, the named file is never read into the output', async (t) => {
    const f = put('xxe-file', hostile.externalEntity('file:///etc/passwd'));
    const r = note(t, await audit(f));
    assertOneClearLine(r, f, 'XML_DOCTYPE');
    assert.doesNotMatch(r.stdout + r.stderr, /root:x:0:0/);
  });

  test('external entity (http://): refused, and no request is made', async (t) => {
    let requests = 0;
    const server: Server = createServer((_q, s) => { requests++; s.end('203.0.113.10'); });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    try {
      const f = put('xxe-http', hostile.externalEntity(`http://127.0.0.1:${port}/evil`));
      assertOneClearLine(note(t, await audit(f)), f, 'XML_DOCTYPE');
      assert.equal(requests, 0, 'the reader fetched the external entity');
    } finally {
      server.close();
    }
  });

  test('100,000-deep nesting: refused with the place, no stack overflow', async (t) => {
    cpSync(fixture('broken-backend'), join(dir, 'deep'), { recursive: true });
    hostile.writeDeepNesting(file('deep'), 100_000);
    assertOneClearLine(note(t, await audit(file('deep'))), file('deep'), 'XML_TOO_DEEP');
  });

  test('a 100 MB attribute: the correct answer, in bounded memory', async (t) => {
    cpSync(fixture('broken-backend'), join(dir, 'huge'), { recursive: true });
    hostile.writeHugeAttribute(file('huge'), 100);
    const r = note(t, await audit(file('huge'), ['--format', 'json']));
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(findings(r), findings(baseline), 'the same drift as the file without the attribute');
    assert.ok(r.maxRssMb < MAX_RSS_MB, `max RSS ${r.maxRssMb} MB`);
    rmSync(file('huge'));
  });

  test('invalid UTF-8: refused, naming the byte and the place', async (t) => {
    const f = put('bad-utf8', hostile.invalidUtf8());
    assertOneClearLine(note(t, await audit(f)), f, 'ENCODING_INVALID');
  });

  test('UTF-16LE with a BOM: the correct answer (same findings as UTF-8)', async (t) => {
    const r = note(t, await audit(put('utf16', hostile.utf16le()), ['--format', 'json']));
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(findings(r), findings(baseline));
  });

  // Issue 19 item 11: refusing it surfaced as a "\u0000" the user could not see. The NULs of its first ASCII
  // characters say it is UTF-16 and which byte order (XML 1.0 Appendix F), so it is read, not guessed at.
  test('UTF-16LE without a BOM: detected from its NUL pattern, the correct answer (same findings as UTF-8)', async (t) => {
    const r = note(t, await audit(put('utf16-nobom', hostile.utf16leNoBom()), ['--format', 'json']));
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(findings(r), findings(baseline));
  });

  test('a truncated file (cut at 10%, 60%, 99%): refused, naming where it ends', async (t) => {
    for (const fraction of [0.1, 0.6, 0.99]) {
      const f = put(`truncated-${fraction}`, hostile.truncated(fraction));
      assertOneClearLine(note(t, await audit(f)), f, 'XML_MALFORMED');
    }
  });
});

describe('a configuration that changes while it is being read', () => {
  test('audits racing an in-place rewriter: each run gives one of the two right answers or one clear line', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ftps-xml-race-'));
    try {
      cpSync(fixture('broken-backend'), dir, { recursive: true });
      const f = join(dir, 'applicationHost.config');
      const broken = readFileSync(fixture('broken-backend', 'applicationHost.config'));
      const fixed = readFileSync(fixture('fixed-backend', 'applicationHost.config'));
      // A writer that rewrites the file in place (truncate, then write in small pieces), as an editor without atomic save does.
      const writer = spawn(process.execPath, ['-e', `
        const fs = require('fs');
        const a = Buffer.from(process.argv[2], 'base64'), b = Buffer.from(process.argv[3], 'base64');
        let i = 0;
        for (;;) {
          const buf = i++ % 2 ? a : b;
          const fd = fs.openSync(process.argv[1], 'w');
          for (let o = 0; o < buf.length; o += 512) fs.writeSync(fd, buf, o, Math.min(512, buf.length - o));
          fs.closeSync(fd);
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        }`, f, broken.toString('base64'), fixed.toString('base64')], { stdio: 'ignore' });
      try {
        const outcomes: Record<string, number> = {};
        for (let i = 0; i < 6; i++) {
          const r = note(t, await audit(f, ['--format', 'json']));
          assert.equal(r.timedOut, false);
          assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, r.stderr);
          if (r.code === 1) {
            assert.match(r.stderr.trimEnd(), /^error: [^\n]*applicationHost\.config[^\n]*$/);
            outcomes.error = (outcomes.error ?? 0) + 1;
          } else {
            const rep = JSON.parse(r.stdout);
            assert.equal(rep.compliant, r.code === 0, 'exit code and report agree');
            outcomes[String(r.code)] = (outcomes[String(r.code)] ?? 0) + 1;
          }
        }
        assert.equal(Object.values(outcomes).reduce((a, b) => a + b, 0), 6);
        t.diagnostic(`outcomes: ${JSON.stringify(outcomes)}`);
      } finally {
        writer.kill('SIGKILL');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a configSource file changed between `audit --out` and `apply --plan`: refused as stale before PowerShell starts', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ftps-xml-stale-'));
    try {
      cpSync(fixture('configsource-split'), join(dir, 'cfg'), { recursive: true });
      const main = join(dir, 'cfg', 'applicationHost.config');
      const plan = join(dir, 'plan.json');
      const saved = await runMeasured(['audit', '--config', main, '--desired', desired, '--out', plan]);
      assert.ok(saved.code === 0 || saved.code === 2, saved.stderr);
      const split = join(dir, 'cfg', 'sites.config');
      writeFileSync(split, readFileSync(split, 'utf8').replace('</sites>', '<!-- edited by hand --></sites>'));
      const r = await runMeasured(['apply', '--plan', plan, '--powershell', join(dir, 'no-such-pwsh')], { env: { FTPS_ENFORCER_STATE_DIR: join(dir, 'state') } });
      assert.equal(r.code, 1);
      assert.match(r.stderr.trimEnd(), /^error: The plan .* was made from a configuration that has changed since .*sites\.config.*; run `ftps-enforcer audit --out .*` again/);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
