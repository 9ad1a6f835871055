import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { renderPowerShellScript, psLiteral, psValue, UTF8_BOM } from '../../../src/render/powershell-script.js';
import type { Plan } from '../../../src/core/plan.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';
import { repoRoot } from '../../support/paths.js';
import { change, plan, HOSTILE_NAMES, hostilePlan, compliantPlan, driftPlan } from './sample-plans.js';

interface HarnessResult {
  parseErrors: string[];
  parsed: Record<string, { ast: string; quote: string; value: string | number }>[];
  dynamic: number;
  commands: string[];
  recorded: { PSPath: string; Filter: string; Name: string; Value: string | number; ValueType: string }[];
  restarted: string | null;
  runError: string | null;
}

let pwsh: string;
const work = mkdtempSync(join(tmpdir(), 'ps-script-'));
const harness = join(repoRoot, 'test', 'unit', 'render', 'ps-harness.ps1');

/** Parses and runs (against stubs) a script with real pwsh; `text` is written as is (BOM included when present). */
function inPwsh(text: string, name = 'script.ps1'): HarnessResult {
  const path = join(work, name);
  const out = join(work, `${name}.json`);
  writeFileSync(path, text, 'utf8');
  execFileSync(pwsh, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', harness, '-Path', path, '-Out', out], { env: pwshEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const r = JSON.parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, '')) as HarnessResult;
  // ConvertTo-Json writes a one-element array as the element itself in some versions.
  for (const k of ['parseErrors', 'parsed', 'commands', 'recorded'] as const) if (!Array.isArray(r[k])) (r as any)[k] = r[k] == null ? [] : [r[k]];
  return r;
}

// Windows-1252 bytes 0x80-0x9F (elsewhere it is Latin-1). Node 20's TextDecoder decodes this label as Latin-1.
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const decodeWindows1252 = (bytes: Uint8Array) => Array.from(bytes, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b))).join('');

/** What every Set call in the plan must receive. */
const expectedCalls = (p: Plan) => p.changes.map((c) => ({ PSPath: c.pspath, Filter: c.filter, Name: c.name, Value: c.value }));

describe('the review script, read by real PowerShell', () => {
  before(() => {
    pwsh = findPwsh();
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('structure: header says it is a review artifact; backup, commit delay, one Set per change, commit, restart per policy', () => {
    const s = renderPowerShellScript(driftPlan);
    assert.ok(s.startsWith(UTF8_BOM));
    assert.match(s, /^\uFEFF# Review artifact: the PowerShell that `ftps-enforcer apply` would run/);
    assert.match(s, /ftps-enforcer never runs generated code: apply sends the plan as JSON to its static module/);
    const order = ['Import-Module WebAdministration', 'Backup-WebConfiguration -Name $backupName', 'Start-WebCommitDelay', 'Set-WebConfigurationProperty', 'Stop-WebCommitDelay -Commit $true', "Restart-Service -Name 'ftpsvc'"];
    let at = -1;
    for (const step of order) {
      const i = s.indexOf(step, at + 1);
      assert.ok(i > at, `${step} after the previous step`);
      at = i;
    }
    assert.equal(s.match(/^\s*Set-WebConfigurationProperty /gm)?.length, driftPlan.changes.length);
  });

  test('restart per policy (src/core/restart-decision.ts): never → no restart; on-change with changes → restart; on-change without a change needing it → none; always → restart even with nothing to change', () => {
    assert.doesNotMatch(renderPowerShellScript({ ...driftPlan, restart: 'never' }), /^Restart-Service/m);
    assert.match(renderPowerShellScript(driftPlan), /^Restart-Service -Name 'ftpsvc'$/m);
    const noneNeeding = { ...driftPlan, changes: driftPlan.changes.map((c) => ({ ...c, requiresRestart: false })) };
    assert.doesNotMatch(renderPowerShellScript(noneNeeding), /^Restart-Service/m);
    const nothing = renderPowerShellScript({ ...compliantPlan, restart: 'always' });
    assert.match(nothing, /# Nothing to change/);
    assert.doesNotMatch(nothing, /Set-WebConfigurationProperty|Backup-WebConfiguration/);
    assert.match(nothing, /^Restart-Service -Name 'ftpsvc'$/m);
  });

  test('the drift plan parses cleanly and passes exactly the planned values (numbers as numbers)', () => {
    const r = inPwsh(renderPowerShellScript(driftPlan));
    assert.deepEqual(r.parseErrors, []);
    assert.equal(r.runError, null);
    assert.deepEqual(r.recorded.map(({ ValueType: _t, ...call }) => call), expectedCalls(driftPlan));
    assert.deepEqual(r.recorded.map((c) => c.ValueType), driftPlan.changes.map((c) => (typeof c.value === 'number' ? 'Int32' : 'String')));
    assert.equal(r.restarted, 'ftpsvc');
    assert.equal(r.dynamic, 0);
  });

  test("hostile site names ('  $()  backticks  ;  \"  Unicode quotes  newlines) come back exactly, as single-quoted constants, and nothing runs", () => {
    const canary = '/tmp/pwned-by-site-name';
    rmSync(canary, { force: true });
    const names = [...HOSTILE_NAMES, `x\u2019; New-Item -Path ${canary}; \u2018`, `‛$(New-Item -Path ${canary})‚`, 'tab\there', '#> <# comment', '`$canary` "$env:PATH"'];
    const p = plan({
      checks: [],
      changes: names.map((name, i) => change({ id: `site:${name}/externalIp4Address`, filter: `system.applicationHost/sites/site[@id='${i + 1}']/ftpServer/firewallSupport`, name: 'externalIp4Address', value: name, site: name, scope: 'site' })),
    });
    const r = inPwsh(renderPowerShellScript(p), 'hostile.ps1');
    assert.deepEqual(r.parseErrors, []);
    assert.equal(r.runError, null);
    assert.equal(r.dynamic, 0, 'no expandable string or $( ) anywhere in the script');
    assert.deepEqual(r.parsed.map((a) => a.Value!.value), names);
    for (const a of r.parsed) for (const arg of Object.values(a)) if (arg.ast === 'StringConstantExpressionAst') assert.equal(arg.quote, 'SingleQuoted');
    assert.deepEqual(r.recorded.map((c) => c.Value), names);
    assert.ok(!existsSync(canary), 'a site name ran New-Item');
    assert.deepEqual(r.commands, ['Backup-WebConfiguration', 'Import-Module', 'Restart-Service', 'Restore-WebConfiguration', 'Set-WebConfigurationProperty', 'Start-WebCommitDelay', 'Stop-WebCommitDelay']);
  });

  test('the sample hostile plan (filters with quoted names too) round-trips', () => {
    const r = inPwsh(renderPowerShellScript(hostilePlan), 'sample.ps1');
    assert.deepEqual(r.parseErrors, []);
    assert.deepEqual(r.recorded.map(({ ValueType: _t, ...call }) => call), expectedCalls(hostilePlan));
  });

  test('random strings full of quote characters round-trip through psLiteral (property, 300 cases, one pwsh run)', () => {
    const tricky = fc.constantFrom("'", '\u2018', '\u2019', '\u201A', '\u201B', '"', '\u201C', '\u201D', '\u201E', '$', '(', ')', '{', '}', '`', '\n', '\r', ';', '#', '<#', '#>', '@', '|', '&', '\u2011', '\u001b', ' ', 'a', 'Z', '9', 'é', '😀');
    const value = fc.oneof(fc.array(tricky, { maxLength: 12 }).map((a) => a.join('')), fc.string({ maxLength: 12 }));
    const values = fc.sample(value, { numRuns: 300, seed: 20261125 });
    const p = plan({ checks: [], changes: values.map((v, i) => change({ id: `c${i}`, filter: v, name: v, value: v })) });
    const r = inPwsh(renderPowerShellScript(p), 'random.ps1');
    assert.deepEqual(r.parseErrors, []);
    assert.equal(r.dynamic, 0);
    assert.deepEqual(r.recorded.map((c) => [c.Filter, c.Name, c.Value]), values.map((v) => [v, v, v]));
  });

  test('why the BOM: read as Windows-1252 (what Windows PowerShell 5.1 does without one), U+2011 turns into a quote and ends the literal', () => {
    const name = 'a\u2011b';
    const script = renderPowerShellScript(plan({ checks: [], changes: [change({ id: 'x', filter: 'f', name: 'externalIp4Address', value: name })] }));
    const asAnsi = decodeWindows1252(Buffer.from(script.replace(UTF8_BOM, ''), 'utf8'));
    assert.ok(asAnsi.includes('\u2018'), 'byte 0x91 decodes to U+2018, a PowerShell quote');
    const broken = inPwsh(asAnsi, 'ansi.ps1');
    assert.ok(broken.parseErrors.some((e) => /missing the terminator/.test(e)), 'the literal ended early');
    assert.notDeepEqual(broken.recorded.map((c) => c.Value), [name], 'the value no longer survives');
    const right = inPwsh(script, 'bom.ps1');
    assert.deepEqual(right.recorded.map((c) => c.Value), [name]);
    assert.deepEqual([...readFileSync(join(work, 'bom.ps1')).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  });
});

describe('psLiteral / psValue', () => {
  test('doubles every single-quote character PowerShell knows, and nothing else', () => {
    assert.equal(psLiteral("O'Brien"), "'O''Brien'");
    assert.equal(psLiteral('\u2018\u2019\u201A\u201B'), "'\u2018\u2018\u2019\u2019\u201A\u201A\u201B\u201B'");
    assert.equal(psLiteral('$(x) "y" `z`'), "'$(x) \"y\" `z`'");
  });
  test('numbers bare, strings quoted', () => {
    assert.equal(psValue(50000), '50000');
    assert.equal(psValue('50000'), "'50000'");
  });
});
