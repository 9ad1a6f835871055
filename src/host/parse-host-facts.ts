/**
 * Checks and normalises what Get-FtpsHostFacts returned. PowerShell (5.1 most
 * of all) turns one-element arrays into scalars on the slightest provocation,
 * so list fields are coerced back to arrays here; anything else out of shape
 * is a bug in the agent module, reported as such.
 */
import type { CertificateFact, DynamicPortRangeFact, FirewallFacts, FirewallRuleFact, HostFacts, ServiceFact, TlsProtocolFact } from './host-facts.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
const strings = (v: unknown): string[] => list(v).map((x) => String(x));
const str = (v: unknown, fallback = ''): string => (v === null || v === undefined ? fallback : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function parseHostFacts(raw: unknown): HostFacts {
  if (!isObj(raw) || !Array.isArray(raw.errors ?? [])) throw new Error('Get-FtpsHostFacts returned something that is not a host-facts object');
  return {
    collectedAt: str(raw.collectedAt),
    computerName: strOrNull(raw.computerName),
    os: isObj(raw.os) ? { caption: strOrNull(raw.os.caption), version: strOrNull(raw.os.version), buildNumber: numOrNull(raw.os.buildNumber), productType: numOrNull(raw.os.productType) } : null,
    certificates: list(raw.certificates).filter(isObj).map(certificate),
    firewall: isObj(raw.firewall) ? firewall(raw.firewall) : null,
    service: isObj(raw.service) ? service(raw.service) : null,
    tls: raw.tls === null || raw.tls === undefined ? null : list(raw.tls).filter(isObj).map(tls),
    errors: list(raw.errors).filter(isObj).map((e) => ({ fact: str(e.fact), message: str(e.message) })),
  };
}

function certificate(c: Obj): CertificateFact {
  return {
    storeName: str(c.storeName), thumbprint: str(c.thumbprint), found: c.found === true,
    ...(c.subject !== undefined ? { subject: str(c.subject) } : {}),
    ...(c.issuer !== undefined ? { issuer: str(c.issuer) } : {}),
    ...(c.notBefore ? { notBefore: str(c.notBefore) } : {}),
    ...(c.notAfter ? { notAfter: str(c.notAfter) } : {}),
    ...(typeof c.hasPrivateKey === 'boolean' ? { hasPrivateKey: c.hasPrivateKey } : {}),
    ...(c.dnsNameList !== undefined ? { dnsNameList: strings(c.dnsNameList) } : {}),
    ...(typeof c.rawDataBase64 === 'string' ? { rawDataBase64: c.rawDataBase64 } : {}),
  };
}

function firewall(f: Obj): FirewallFacts {
  return {
    rules: list(f.rules).filter(isObj).map(rule),
    profiles: list(f.profiles).filter(isObj).map((p) => ({ name: str(p.name), enabled: str(p.enabled), defaultInboundAction: str(p.defaultInboundAction) })),
    activeNetworkCategories: f.activeNetworkCategories === null || f.activeNetworkCategories === undefined ? null : strings(f.activeNetworkCategories),
    enableStatefulFtp: strOrNull(f.enableStatefulFtp),
    dynamicPortRange: isObj(f.dynamicPortRange) ? dynamicPortRange(f.dynamicPortRange) : null,
  };
}

function dynamicPortRange(d: Obj): DynamicPortRangeFact | null {
  const start = numOrNull(d.startPort);
  const count = numOrNull(d.numberOfPorts);
  if (start === null || count === null || start < 1 || count < 1 || start + count - 1 > 65535) return null;
  const excluded = list(d.excluded).filter(isObj).map((r) => ({ from: numOrNull(r.from) ?? 0, to: numOrNull(r.to) ?? -1 })).filter((r) => r.from >= 1 && r.from <= r.to && r.to <= 65535);
  return { startPort: start, numberOfPorts: count, source: str(d.source), excluded };
}

function rule(r: Obj): FirewallRuleFact {
  return {
    name: str(r.name), displayName: str(r.displayName), group: strOrNull(r.group), enabled: str(r.enabled), action: str(r.action),
    profile: str(r.profile, 'Any'), protocol: str(r.protocol, 'Any'), localPort: strings(r.localPort), program: str(r.program, 'Any'),
    service: str(r.service, 'Any'), remoteAddress: strings(r.remoteAddress), policyStoreSource: strOrNull(r.policyStoreSource),
  };
}

function service(s: Obj): ServiceFact {
  if (s.installed !== true) return { installed: false };
  return {
    installed: true, state: str(s.state), startMode: str(s.startMode),
    delayedAutoStart: typeof s.delayedAutoStart === 'boolean' ? s.delayedAutoStart : null,
    processId: numOrNull(s.processId), processStartTime: strOrNull(s.processStartTime),
  };
}

function tls(t: Obj): TlsProtocolFact {
  return { protocol: str(t.protocol), keyExists: t.keyExists === true, enabled: numOrNull(t.enabled), disabledByDefault: numOrNull(t.disabledByDefault) };
}
