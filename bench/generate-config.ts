/**
 * A large, realistic applicationHost.config for benchmarks and fuzz tests:
 * full configSections, app pools (one per ten sites), HTTP/HTTPS sites with
 * applications and virtual directories, and one FTP site in ten (ftp binding
 * on 990 or 21, SSL settings, its own firewallSupport). Deterministic for a
 * seed.
 *
 *   node dist/bench/generate-config.js --sites 10000 [--seed 1] --out /tmp/x.config
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applicationHostConfig, type SiteSpec } from './iis-template.js';

export interface GenerateOptions {
  sites: number;
  seed?: number;
  /** One FTP site in this many (default 10, a hosting farm; 1 makes every site an FTP site, for the planner's scaling rows). */
  ftpEvery?: number;
}

/** What the generated file contains, so tests can check the reader's counts. */
export interface GeneratedFacts {
  ftpSites: number;
  /** FTP sites whose own externalIp4Address is a backend address (the drift a planner must find); the rest carry the VIP. */
  ftpSitesWithBackendAddress: number;
}

/** mulberry32: small, fast, and the same sequence on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const VIP = '203.0.113.10';
const WORDS = ['contoso', 'fabrikam', 'northwind', 'adventure-works', 'tailspin', 'wingtip', 'litware', 'proseware', 'fourth-coffee', 'margie'];
const KINDS = ['www', 'api', 'portal', 'shop', 'intranet', 'cdn', 'files', 'partner'];

export function generateSites(opts: GenerateOptions): { sites: SiteSpec[]; appPools: string[]; facts: GeneratedFacts } {
  const rnd = prng(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const appPools = ['DefaultAppPool'];
  const sites: SiteSpec[] = [];
  const facts: GeneratedFacts = { ftpSites: 0, ftpSitesWithBackendAddress: 0 };
  const every = opts.ftpEvery ?? 10;
  for (let i = 0; i < opts.sites; i++) {
    const id = i + 1;
    const host = `${pick(KINDS)}${id}.${pick(WORDS)}.example`;
    if (i % 10 === 0) appPools.push(`Pool ${appPools.length}`);
    const pool = appPools[appPools.length - 1]!;
    if (i % every === Math.floor(every / 2)) {
      facts.ftpSites++;
      const backend = rnd() < 0.3;
      if (backend) facts.ftpSitesWithBackendAddress++;
      const hash = Array.from({ length: 40 }, () => '0123456789ABCDEF'[Math.floor(rnd() * 16)]).join('');
      sites.push({
        name: `FTP ${host}`, id, physicalPath: `D:\\ftp\\${host}`, applicationPool: pool,
        bindings: [{ protocol: 'ftp', bindingInformation: rnd() < 0.8 ? `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}:990:` : `*:21:${host}` }],
        ftp: { ssl: { serverCertHash: hash, serverCertStoreName: pick(['My', 'WebHosting']), controlChannelPolicy: pick(['SslRequire', '1', 'SslAllow']), dataChannelPolicy: pick(['SslRequire', '1', 'SslAllow']) }, externalIp4Address: backend ? `10.0.${(id >> 8) & 255}.${id & 255}` : VIP },
        logDirectory: `E:\\logs\\${host}`,
      });
      continue;
    }
    const bindings = [{ protocol: 'http', bindingInformation: `*:80:${host}` }];
    if (rnd() < 0.6) bindings.push({ protocol: 'https', bindingInformation: `*:443:${host}` });
    if (rnd() < 0.2) bindings.push({ protocol: 'http', bindingInformation: `*:80:www.${host}` });
    sites.push({ name: host, id, physicalPath: `D:\\web\\${host}\\wwwroot`, applicationPool: pool, bindings, logDirectory: rnd() < 0.5 ? `E:\\logs\\${host}` : undefined });
  }
  return { sites, appPools, facts };
}

export function generateConfig(opts: GenerateOptions): string {
  const { sites, appPools } = generateSites(opts);
  return applicationHostConfig({
    appPools,
    sites,
    siteDefaultsFtp: { ssl: { controlChannelPolicy: 'SslRequire', dataChannelPolicy: 'SslRequire' }, externalIp4Address: VIP },
    serverFirewallXml: '        <firewallSupport lowDataChannelPort="50000" highDataChannelPort="50099" />',
    ftpAuthorizationFor: sites.filter((s) => s.ftp).slice(0, 50).map((s) => s.name),
  });
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const sites = Number(arg(argv, 'sites') ?? NaN);
  const out = arg(argv, 'out');
  if (!Number.isInteger(sites) || sites < 0 || !out) {
    console.error('usage: generate-config --sites N [--seed S] --out FILE');
    process.exit(1);
  }
  const text = generateConfig({ sites, seed: Number(arg(argv, 'seed') ?? 1) });
  writeFileSync(out, text);
  console.log(`${out}: ${sites} sites, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB`);
}
