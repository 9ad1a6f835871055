/**
 * scripts/Invoke-FtpsEnforcerFleet.ps1 with real pwsh. Remoting is the one
 * part replaced: the -Invoker seam runs the script's real remote block
 * locally, once per "backend", each with its own applicationHost.config, the
 * way Invoke-Command would run it on each computer. Everything else (the
 * built ftps-enforcer on both sides, the reports, the comparison) is real.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, fixture, repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';

const DRIVER = `
param([string]$Script, [string]$MapJson, [string]$AgentJson, [string]$ComputersCsv, [string]$Mode, [string]$Format, [string]$Out, [string]$Desired)
$ErrorActionPreference = 'Stop'
$map = ConvertFrom-Json $MapJson
$agent = @(ConvertFrom-Json $AgentJson)
$Computers = $ComputersCsv -split ','
$invoker = {
    param([string[]]$ComputerName, [scriptblock]$ScriptBlock, [object[]]$ArgumentList, [int]$ThrottleLimit, $Credential, [switch]$UseSSL)
    [Console]::Error.WriteLine("invoker: ThrottleLimit=$ThrottleLimit computers=$($ComputerName -join ',')")
    foreach ($c in $ComputerName) {
        $config = $map.$c
        if (-not $config) { continue }  # unreachable, as Invoke-Command leaves it out of its output
        $a = @($ArgumentList[0], $ArgumentList[1], $ArgumentList[2], $config)
        & $ScriptBlock @a | Add-Member -NotePropertyName PSComputerName -NotePropertyValue $c -PassThru
    }
}.GetNewClosure()
& $Script -ComputerName $Computers -DesiredPath $Desired -Mode $Mode -ThrottleLimit 3 -AgentCommand $agent -LocalAgentCommand $agent -Format $Format -OutputDirectory $Out -Invoker $invoker
exit $LASTEXITCODE
`;

function runFleet(map: Record<string, string>, computers: string[], format = 'text') {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-ps-'));
  const driver = join(dir, 'driver.ps1');
  writeFileSync(driver, DRIVER);
  const out = join(dir, 'reports');
  const r = spawnSync(findPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', driver,
    '-Script', join(repoRoot, 'scripts', 'Invoke-FtpsEnforcerFleet.ps1'),
    '-MapJson', JSON.stringify(map),
    '-AgentJson', JSON.stringify([process.execPath, cliPath]),
    '-ComputersCsv', computers.join(','),
    '-Mode', 'audit', '-Format', format, '-Out', out,
    '-Desired', fixture('desired.json')], { encoding: 'utf8', env: pwshEnv(), timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

const broken = fixture('broken-backend', 'applicationHost.config');
const fixed = fixture('fixed-backend', 'applicationHost.config');

describe('Invoke-FtpsEnforcerFleet.ps1 (real pwsh, remoting replaced by the -Invoker seam)', () => {
  test('three backends, one broken: it is named the odd one out, exit 2, reports kept per backend', () => {
    const r = runFleet({ web1: fixed, web2: broken, web3: fixed }, ['web1', 'web2', 'web3']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /invoker: ThrottleLimit=3 computers=web1,web2,web3/);
    assert.match(r.stdout, /Odd one out: web2/);
    assert.match(r.stdout, /203\.0\.113\.10\s+web1, web3/);
    assert.deepEqual(readdirSync(r.out).sort(), ['web1.json', 'web2.json', 'web3.json']);
    const doc = JSON.parse(readFileSync(join(r.out, 'web2.json'), 'utf8'));
    assert.equal(doc.host, 'web2', 'labelled with the name the operator gave');
    assert.equal(doc.exitCode, 2);
  });

  test('all fixed: exit 0, markdown for a job summary', () => {
    const r = runFleet({ a: fixed, b: fixed }, ['a', 'b'], 'markdown');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /### FTPS fleet: ✅ consistent/);
  });

  test('an unreachable backend: named on stderr, the rest still compared, exit 1', () => {
    const r = runFleet({ web1: fixed, web2: fixed }, ['web1', 'web2', 'web9']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: web9: not reached/);
    assert.match(r.stdout, /2 backends, consistent, all compliant/);
  });

  test('a backend whose agent fails (missing configuration): its error is reported, exit 1', () => {
    const r = runFleet({ web1: fixed, web2: '/nonexistent/applicationHost.config' }, ['web1', 'web2']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: web2: fleet --collect failed: .*does not exist/);
  });
});
