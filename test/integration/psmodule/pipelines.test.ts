/**
 * The copy-paste pipeline examples: valid YAML (the `yaml` parser, duplicate
 * keys are errors), the steps the docs promise (Windows runner, remoting,
 * JUnit publishing, the plan as PR comment and summary, the 0/2/1 contract),
 * and every inline PowerShell script parsed by the REAL PowerShell parser
 * (pipeline expressions replaced by placeholders first).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';

function load(name: string): any {
  const doc = parseDocument(readFileSync(join(repoRoot, 'examples', name), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  assert.deepEqual(doc.errors.map(String), [], `${name} has YAML errors`);
  assert.deepEqual(doc.warnings.map(String), [], `${name} has YAML warnings`);
  return doc.toJS();
}

/** Parses scripts with PowerShell's own parser; returns the error messages per script. */
function parsePowerShell(scripts: string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-ps-'));
  const files = scripts.map((s, i) => {
    const f = join(dir, `step${i}.ps1`);
    writeFileSync(f, s);
    return f;
  });
  const code = `$out = foreach ($f in $args) { $t = $null; $e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile($f, [ref]$t, [ref]$e); ,@($e | ForEach-Object { "$($_.Extent.StartLineNumber): $($_.Message)" }) }; ConvertTo-Json -InputObject @($out) -Depth 3 -Compress`;
  const parser = join(dir, 'parse.ps1');
  writeFileSync(parser, code);
  const r = spawnSync(findPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', parser, ...files], { encoding: 'utf8', env: pwshEnv() });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as Array<string[] | string | null>).map((x) => (x === null ? [] : Array.isArray(x) ? x : [x]));
}

describe('examples/github-actions.yml', () => {
  const wf = load('github-actions.yml');
  const steps = [...wf.jobs.audit.steps, ...wf.jobs.apply.steps];

  test('Windows runner, PR audit and main apply', () => {
    assert.deepEqual(Object.keys(wf.jobs), ['audit', 'apply']);
    assert.ok(wf.jobs.audit['runs-on'].includes('windows'));
    assert.ok(wf.on.pull_request && wf.on.push);
  });

  test('runs ftps-enforcer on the backends through remoting, publishes JUnit, comments the plan and writes the job summary', () => {
    const audit = wf.jobs.audit.steps.find((s: any) => s.id === 'audit').run as string;
    assert.match(audit, /Invoke-Command -ComputerName .* -ThrottleLimit/);
    assert.match(audit, /ftps-enforcer audit --desired \$file --format markdown/);
    assert.match(audit, /--format junit/);
    assert.match(audit, /GITHUB_STEP_SUMMARY/);
    assert.ok(steps.some((s: any) => s.uses === 'dorny/test-reporter@v1' && s.with.reporter === 'java-junit'));
    assert.ok(steps.some((s: any) => /gh pr comment .* --body-file reports\/plan\.md/.test(s.run ?? '')));
  });

  test('exit codes: 1 fails, 2 (drift) does not fail the PR audit; apply fails on any non-zero', () => {
    const audit = wf.jobs.audit.steps.find((s: any) => s.id === 'audit').run as string;
    assert.match(audit, /\$codes -contains 1\) \{ Write-Error/);
    assert.match(audit, /exit 0\s*$/);
    assert.match(wf.jobs.apply.steps[1].run, /Where-Object \{ \$_\.exitCode -ne 0 \}/);
  });

  test('every inline pwsh script parses', () => {
    const scripts = steps.filter((s: any) => s.shell === 'pwsh').map((s: any) => (s.run as string).replace(/\$\{\{[^}]*\}\}/g, '0'));
    assert.ok(scripts.length >= 4);
    assert.deepEqual(parsePowerShell(scripts), scripts.map(() => []));
  });
});

describe('examples/azure-pipelines.yml', () => {
  const p = load('azure-pipelines.yml');
  const auditSteps = p.stages[0].jobs[0].steps;
  const applySteps = p.stages[1].jobs[0].strategy.runOnce.deploy.steps;

  test('audit on PRs, apply on main through a deployment (approvals)', () => {
    assert.deepEqual(p.stages.map((s: any) => s.stage), ['audit', 'apply']);
    assert.match(p.stages[0].condition, /PullRequest/);
    assert.equal(p.stages[1].jobs[0].deployment, 'apply');
  });

  test('remoting, JUnit as test results, the plan as build summary and PR thread', () => {
    const script = auditSteps[0].inputs.script as string;
    assert.equal(auditSteps[0].inputs.pwsh, true);
    assert.match(script, /Invoke-Command -ComputerName \$backends .* -ThrottleLimit 8/);
    assert.match(script, /##vso\[task\.uploadsummary\]/);
    assert.match(script, /pullRequests\/\$\(System\.PullRequest\.PullRequestId\)\/threads/);
    const publish = auditSteps.find((s: any) => s.task === 'PublishTestResults@2');
    assert.equal(publish.inputs.testResultsFormat, 'JUnit');
    assert.equal(publish.condition, 'always()');
  });

  test('every inline script parses (macros replaced)', () => {
    const scripts = [...auditSteps, ...applySteps].filter((s: any) => s.task === 'PowerShell@2').map((s: any) => (s.inputs.script as string).replace(/\$\(([A-Za-z_][A-Za-z0-9_.]*)\)/g, 'MACRO'));
    assert.equal(scripts.length, 3);
    assert.deepEqual(parsePowerShell(scripts), scripts.map(() => []));
  });

  test('a broken script is caught by the parse check', () => {
    assert.notDeepEqual(parsePowerShell(['if ($x { "unclosed" }']), [[]]);
  });
});
