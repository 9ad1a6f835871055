/**
 * The fleet check (pure): every backend behind one VIP must advertise the
 * same address, forward the same passive range, and present the same
 * certificate and SSL policies, or clients fail depending on which backend
 * they land on. Groups the backends by value for each setting and names the
 * odd ones out (the minority against a strict majority).
 */
import type { BackendFacts, SiteFacts } from './backend-facts.js';

export interface FleetMember {
  host: string;
  exitCode: number;
  desired: { file: string; contentHash: string };
  facts: BackendFacts;
}

export type FleetSetting =
  | 'desiredState'
  | 'passivePortRange'
  | 'ftpSite'
  | 'externalIp4Address'
  | 'controlChannelPolicy'
  | 'dataChannelPolicy'
  | 'serverCertHash'
  | 'serverCertStoreName'
  | 'implicitFtps';

export interface ValueGroup {
  /** The value as text ("50000-50099", "203.0.113.10", "(none)", "present"/"missing"). */
  value: string;
  hosts: string[];
}

/** One setting that is not the same everywhere. */
export interface FleetDifference {
  setting: FleetSetting;
  /** The FTP site, verbatim; null for server-wide settings. */
  site: string | null;
  /** Largest group first; hosts in input order. */
  groups: ValueGroup[];
  /** The value most backends have, when one group is strictly larger than every other. */
  majority: string | null;
  /** Hosts outside the majority; every host when there is no majority. */
  oddOneOut: string[];
}

export interface FleetComparison {
  backends: Array<{ host: string; compliant: boolean; exitCode: number; desiredFile: string }>;
  differences: FleetDifference[];
  /** No differences. */
  consistent: boolean;
  /** Consistent and every backend compliant with its desired state: exit 0; else 2. */
  ok: boolean;
}

const SITE_SETTINGS: ReadonlyArray<Exclude<FleetSetting, 'desiredState' | 'passivePortRange' | 'ftpSite'>> = [
  'externalIp4Address',
  'controlChannelPolicy',
  'dataChannelPolicy',
  'serverCertHash',
  'serverCertStoreName',
  'implicitFtps',
];

export function compareFleet(members: readonly FleetMember[]): FleetComparison {
  const differences: FleetDifference[] = [];
  const add = (setting: FleetSetting, site: string | null, values: Array<[string, string]>) => {
    const d = difference(setting, site, values);
    if (d) differences.push(d);
  };
  add('desiredState', null, members.map((m) => [m.host, m.desired.contentHash]));
  add('passivePortRange', null, members.map((m) => [m.host, `${m.facts.passivePortRange.low}-${m.facts.passivePortRange.high}`]));
  for (const name of siteNames(members)) {
    const bySite = members.map((m) => [m, m.facts.sites.find((s) => s.name === name)] as const);
    add('ftpSite', name, bySite.map(([m, s]) => [m.host, s ? 'present' : 'missing']));
    const present = bySite.filter((x): x is readonly [FleetMember, SiteFacts] => x[1] !== undefined);
    for (const setting of SITE_SETTINGS) {
      add(setting, name, present.map(([m, s]) => [m.host, show(s[setting])]));
    }
  }
  const backends = members.map((m) => ({ host: m.host, compliant: m.exitCode === 0, exitCode: m.exitCode, desiredFile: m.desired.file }));
  const consistent = differences.length === 0;
  return { backends, differences, consistent, ok: consistent && backends.every((b) => b.compliant) };
}

function show(v: string | boolean | null): string {
  if (v === null || v === '') return '(none)';
  return String(v);
}

function siteNames(members: readonly FleetMember[]): string[] {
  const names: string[] = [];
  for (const m of members) for (const s of m.facts.sites) if (!names.includes(s.name)) names.push(s.name);
  return names;
}

function difference(setting: FleetSetting, site: string | null, values: Array<[string, string]>): FleetDifference | undefined {
  const groups: ValueGroup[] = [];
  for (const [host, value] of values) {
    const g = groups.find((x) => x.value === value);
    if (g) g.hosts.push(host);
    else groups.push({ value, hosts: [host] });
  }
  if (groups.length < 2) return undefined;
  // Stable: larger groups first, ties in order of first appearance.
  const ordered = groups.map((g, i) => ({ g, i })).sort((a, b) => b.g.hosts.length - a.g.hosts.length || a.i - b.i).map((x) => x.g);
  const top = ordered[0]!;
  const hasMajority = top.hosts.length > ordered[1]!.hosts.length;
  const oddOneOut = hasMajority ? ordered.slice(1).flatMap((g) => g.hosts) : values.map(([h]) => h);
  return { setting, site, groups: ordered, majority: hasMajority ? top.value : null, oddOneOut };
}
