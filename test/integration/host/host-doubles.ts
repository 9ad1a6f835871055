/**
 * Runs the real agent module's host functions in real pwsh, with the test doubles for what Linux lacks
 * (test/doubles/PKI: the Cert: drive; NetSecurity; HostFacts: CIM, SCHANNEL registry, connection profiles).
 * Each scenario lives in its own temporary folder; the call line is fixed and the payload travels in the
 * environment, as base64 JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../../support/paths.js';
import { findPwsh, pwshEnv } from '../../support/pwsh.js';
import { TEST_NOW } from '../../support/clock.js';

export const doublesDir = resolve(repoRoot, 'test', 'doubles');
export const agentManifest = resolve(repoRoot, 'scripts', 'FtpsEnforcer.Agent', 'FtpsEnforcer.Agent.psd1');

export interface Scenario {
  dir: string;
  certs: string;
  netSecurity: string;
  hostFacts: string;
}

export interface NetSecurityScenario {
  rules: Record<string, unknown>[];
  profiles?: { Name: string; Enabled: string; DefaultInboundAction: string }[];
  setting?: { EnableStatefulFtp: string };
  calls?: { cmdlet: string; name: string }[];
}

export interface HostFactsScenario {
  os?: { Caption: string; Version: string; BuildNumber: string; ProductType: number };
  service?: { State: string; StartMode: string; ProcessId: number; DelayedAutoStart?: boolean; StartedAt?: string; FromWebAdministrationDouble?: boolean } | null;
  registry?: Record<string, Record<string, number> | null>;
  networkCategories?: string[];
  dynamicPorts?: { StartPort?: number; NumberOfPorts?: number; Excluded?: [number, number][] };
  dynamicPortsFrom?: 'Get-NetTCPSetting' | 'netsh';
}

export function newScenario(net: NetSecurityScenario, host: HostFactsScenario): Scenario {
  const dir = mkdtempSync(join(tmpdir(), 'ftps-host-'));
  const s = { dir, certs: join(dir, 'certs'), netSecurity: join(dir, 'netsecurity.json'), hostFacts: join(dir, 'hostfacts.json') };
  mkdirSync(s.certs);
  writeFileSync(s.netSecurity, JSON.stringify(net));
  writeFileSync(s.hostFacts, JSON.stringify(host));
  return s;
}

export function readNetSecurity(s: Scenario): NetSecurityScenario {
  return JSON.parse(readFileSync(s.netSecurity, 'utf8').replace(/^\uFEFF/, '')) as NetSecurityScenario;
}

/**
 * Makes a certificate in the PKI double's store; returns its thumbprint. Its validity counts from `now`: the
 * clock that will judge it (TEST_NOW for in-process decisions; the wall clock only where a CLI process, which
 * reads the wall clock itself, judges it).
 */
export function makeCertificate(s: Scenario, opts: { store?: string; subject?: string; dns?: string[]; ips?: string[]; notBeforeDays?: number; notAfterDays?: number; noPrivateKey?: boolean; now?: Date }): string {
  const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', resolve(doublesDir, 'PKI', 'New-DoubleCertificate.ps1'), '-StoreRoot', s.certs,
    '-StoreName', opts.store ?? 'MY', '-Subject', opts.subject ?? 'CN=ftp.example.com',
    ...(opts.dns?.length ? ['-DnsName', opts.dns.join(',')] : []), ...(opts.ips?.length ? ['-IpAddress', opts.ips.join(',')] : []),
    '-NotBeforeDays', String(opts.notBeforeDays ?? -1), '-NotAfterDays', String(opts.notAfterDays ?? 365), ...(opts.noPrivateKey ? ['-NoPrivateKey'] : []), '-Now', (opts.now ?? TEST_NOW).toISOString()];
  return execFileSync(findPwsh(), args, { env: pwshEnv(), encoding: 'utf8' }).trim();
}

/** Imports the doubles (NetSecurity only when `withNetSecurity`), then the agent module, then calls `fn`. */
export function callAgent(s: Scenario, fn: 'Get-FtpsHostFacts' | 'Invoke-FtpsHostActions', payload: unknown, withNetSecurity = true, withWebAdministration = false): unknown {
  const script = [
    "$ErrorActionPreference = 'Stop'",
    'Import-Module (Join-Path $env:FTPS_TEST_DOUBLES "PKI/PKI.psm1") -Global',
    'Import-Module (Join-Path $env:FTPS_TEST_DOUBLES "HostFacts/HostFacts.psm1") -Global',
    'if ($env:FTPS_TEST_NETSECURITY -eq "1") { Import-Module (Join-Path $env:FTPS_TEST_DOUBLES "NetSecurity/NetSecurity.psd1") -Global }',
    // The apply helper's double supplies Get-Service / Restart-Service for ftpsvc.
    'if ($env:FTPS_TEST_WEBADMIN -eq "1") { Import-Module (Join-Path $env:FTPS_TEST_DOUBLES "WebAdministration/WebAdministration.psd1") -Global }',
    'Import-Module $env:FTPS_TEST_AGENT',
    `${fn} -PayloadBase64 $env:FTPS_TEST_PAYLOAD`,
  ].join('; ');
  const out = execFileSync(findPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], {
    cwd: s.dir,
    encoding: 'utf8',
    env: pwshEnv({
      FTPS_TEST_DOUBLES: doublesDir, FTPS_TEST_AGENT: agentManifest, FTPS_TEST_NETSECURITY: withNetSecurity ? '1' : '0', FTPS_TEST_WEBADMIN: withWebAdministration ? '1' : '0',
      FTPS_DOUBLE_STATE_DIR: join(s.dir, 'webadmin-state'),
      FTPS_TEST_PAYLOAD: Buffer.from(JSON.stringify(payload), 'utf8').toString('base64'),
      FTPS_CERT_STORE_DOUBLE: s.certs, FTPS_NETSECURITY_DOUBLE: s.netSecurity, FTPS_HOSTFACTS_DOUBLE: s.hostFacts,
    }),
  });
  const line = out.split(/\r?\n/).filter((l) => l.trim().startsWith('{')).pop();
  if (!line) throw new Error(`${fn} printed no JSON: ${out}`);
  return JSON.parse(line);
}
