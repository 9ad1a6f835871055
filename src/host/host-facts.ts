/**
 * What `Get-FtpsHostFacts` (scripts/FtpsEnforcer.Agent/functions/HostFacts.ps1) returns:
 * plain facts, one JSON object, no decisions. Every judgement (name coverage,
 * port coverage, expiry, pending restart, TLS defaults) is made in TypeScript
 * from these. Enum values arrive as their Windows names (`[string]` of the enum),
 * times as ISO 8601 UTC strings. A fact the host could not answer is null and
 * its reason is in `errors`.
 */

/** What the query asks for: which certificates, and which fact groups. */
export interface HostFactsRequest {
  certificates: { storeName: string; thumbprint: string }[];
  firewall: boolean;
  service: boolean;
  tls: boolean;
}

export interface OsFact {
  caption: string | null;
  /** e.g. "10.0.20348" */
  version: string | null;
  buildNumber: number | null;
  /** Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server. */
  productType: number | null;
}

/** One `Get-Item Cert:\LocalMachine\<store>\<thumbprint>`. */
export interface CertificateFact {
  storeName: string;
  thumbprint: string;
  found: boolean;
  subject?: string;
  issuer?: string;
  notBefore?: string;
  notAfter?: string;
  hasPrivateKey?: boolean;
  /** The Cert: provider's DnsNameList (Unicode form). */
  dnsNameList?: string[];
  /** The DER certificate, base64 (public data): SANs incl. IP addresses are read from it in TypeScript. */
  rawDataBase64?: string;
}

/** One inbound firewall rule from the active store, joined with its filters. */
export interface FirewallRuleFact {
  /** Name (= InstanceID): unique; the key for rules this tool owns. */
  name: string;
  displayName: string;
  group: string | null;
  /** "True" | "False" */
  enabled: string;
  /** "Allow" | "Block" | "NotConfigured" */
  action: string;
  /** "Any" or a comma list of Domain, Private, Public. */
  profile: string;
  /** "TCP", "UDP", "Any" or an IANA number as text. */
  protocol: string;
  localPort: string[];
  program: string;
  service: string;
  remoteAddress: string[];
  /** Where the rule comes from (PolicyStoreSource: PersistentStore = local, a GPO name otherwise). */
  policyStoreSource: string | null;
}

export interface FirewallProfileFact {
  /** "Domain" | "Private" | "Public" */
  name: string;
  /** GpoBoolean: "True" | "False" | "NotConfigured" */
  enabled: string;
  /** "Allow" | "Block" | "NotConfigured" */
  defaultInboundAction: string;
}

export interface FirewallFacts {
  rules: FirewallRuleFact[];
  profiles: FirewallProfileFact[];
  /** The categories of the connected networks (Get-NetConnectionProfile): "Public", "Private", "DomainAuthenticated"; null when unknown. */
  activeNetworkCategories: string[] | null;
  /** Get-NetFirewallSetting -PolicyStore ActiveStore: EnableStatefulFtp, "True" | "False" | "NotConfigured". */
  enableStatefulFtp: string | null;
  /** The TCP dynamic port range (IIS's passive range when it is 0-0); null when the host could not say. */
  dynamicPortRange?: DynamicPortRangeFact | null;
}

/** Get-NetTCPSetting's DynamicPortRangeStartPort/NumberOfPorts (or netsh's), and `netsh ... show excludedportrange`. */
export interface DynamicPortRangeFact {
  startPort: number;
  numberOfPorts: number;
  /** "Get-NetTCPSetting" | "netsh" */
  source: string;
  /** Ranges reserved with `netsh int ipv4 add excludedportrange`: never handed out as dynamic ports. */
  excluded: { from: number; to: number }[];
}

export interface ServiceFact {
  installed: boolean;
  /** Win32_Service.State: "Running", "Stopped", "Start Pending", ... */
  state?: string;
  /** Win32_Service.StartMode: "Auto", "Manual", "Disabled", "Boot", "System". */
  startMode?: string;
  delayedAutoStart?: boolean | null;
  processId?: number | null;
  /** When the service's process was created (ftpsvc runs in its own svchost), ISO UTC. */
  processStartTime?: string | null;
}

/** One SCHANNEL protocol's server-side registry values; null = value (or key) absent. */
export interface TlsProtocolFact {
  /** "TLS 1.0" | "TLS 1.1" | "TLS 1.2" | "TLS 1.3" */
  protocol: string;
  keyExists: boolean;
  enabled: number | null;
  disabledByDefault: number | null;
}

export interface HostFacts {
  collectedAt: string;
  computerName: string | null;
  os: OsFact | null;
  certificates: CertificateFact[];
  firewall: FirewallFacts | null;
  service: ServiceFact | null;
  tls: TlsProtocolFact[] | null;
  /** Facts the host could not answer: which, and the PowerShell error message. */
  errors: { fact: string; message: string }[];
}
