/**
 * SCHANNEL server-side protocol state, from
 * HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\<TLS x.y>\Server:
 * `Enabled` = 0 turns the protocol off for every application; any other value
 * (1, or 0xFFFFFFFF read as -1) turns it on; `DisabledByDefault` = 1 keeps it
 * out of the default set, so an application that asks for "the system
 * default" (as ftpsvc does) does not get it. An absent key or value means the
 * OS default, which depends on the Windows version (see OS_TLS_DEFAULTS).
 * Schannel reads these at boot: a change needs a reboot.
 */
import type { Check } from '../core/plan.js';
import type { OsFact, TlsProtocolFact } from './host-facts.js';
import { hostCheck } from './host-check.js';

export type TlsProtocol = 'TLS 1.0' | 'TLS 1.1' | 'TLS 1.2' | 'TLS 1.3';
export const TLS_PROTOCOLS: readonly TlsProtocol[] = ['TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'];

/** Windows build numbers of the server releases the defaults change at. */
export const BUILD = { server2008R2: 7601, server2012: 9200, server2012R2: 9600, server2016: 14393, server2019: 17763, server2022: 20348, server2025: 26100 } as const;

export type OsDefault = { supported: false } | { supported: true; enabledByDefault: boolean };

/**
 * What the OS does when the registry says nothing (docs/host-checks.md cites the sources):
 * - TLS 1.0: on by default through Server 2022; off from Server 2025 / Windows 11 24H2 (build 26100),
 *   the "future releases" of Microsoft's 2023 TLS 1.0/1.1 deprecation notice.
 * - TLS 1.1 and 1.2: supported but off by default on Server 2008 R2; on by default from Server 2012
 *   (TLS 1.1 off again from build 26100, as 1.0).
 * - TLS 1.3: Server 2022 (build 20348) and later only, on by default there.
 */
export function osTlsDefault(protocol: TlsProtocol, build: number): OsDefault {
  switch (protocol) {
    case 'TLS 1.0': return { supported: true, enabledByDefault: build < BUILD.server2025 };
    case 'TLS 1.1': return build < BUILD.server2008R2 ? { supported: false } : { supported: true, enabledByDefault: build >= BUILD.server2012 && build < BUILD.server2025 };
    case 'TLS 1.2': return build < BUILD.server2008R2 ? { supported: false } : { supported: true, enabledByDefault: build >= BUILD.server2012 };
    case 'TLS 1.3': return build < BUILD.server2022 ? { supported: false } : { supported: true, enabledByDefault: true };
  }
}

export type TlsState = 'enabled' | 'disabled' | 'disabled-by-default' | 'not-supported' | 'unknown';

export interface TlsEvaluation {
  protocol: TlsProtocol;
  state: TlsState;
  /** registry: an explicit value decided it; os-default: nothing set, the OS default applies. */
  source: 'registry' | 'os-default';
}

export function evaluateTls(fact: TlsProtocolFact | undefined, protocol: TlsProtocol, build: number | null): TlsEvaluation {
  const def = build === null ? undefined : osTlsDefault(protocol, build);
  // A protocol the OS lacks stays off whatever the registry says.
  if (def && !def.supported) return { protocol, state: 'not-supported', source: 'os-default' };
  const enabled = fact?.enabled ?? null;
  const dbd = fact?.disabledByDefault ?? null;
  if (enabled === 0) return { protocol, state: 'disabled', source: 'registry' };
  if (dbd !== null) return { protocol, state: dbd !== 0 ? 'disabled-by-default' : 'enabled', source: 'registry' };
  // DisabledByDefault not set: the OS default decides whether it is offered.
  if (!def) return enabled !== null ? { protocol, state: 'enabled', source: 'registry' } : { protocol, state: 'unknown', source: 'os-default' };
  return { protocol, state: def.enabledByDefault ? 'enabled' : 'disabled-by-default', source: enabled !== null && def.enabledByDefault ? 'registry' : 'os-default' };
}

const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';

function describe(e: TlsEvaluation): string {
  const how = e.source === 'registry' ? 'set in the registry' : 'the OS default';
  switch (e.state) {
    case 'enabled': return `enabled (${how})`;
    case 'disabled': return `disabled (${how})`;
    case 'disabled-by-default': return `disabled by default (${how})`;
    case 'not-supported': return 'not available on this Windows version';
    case 'unknown': return 'unknown (Windows version not read)';
  }
}

export function checkTls(facts: readonly TlsProtocolFact[], os: OsFact | null): Check[] {
  const build = os?.buildNumber ?? null;
  const osName = os?.caption ? `${os.caption} (build ${build})` : build !== null ? `build ${build}` : 'this Windows version';
  return TLS_PROTOCOLS.map((protocol) => {
    const e = evaluateTls(facts.find((f) => f.protocol === protocol), protocol, build);
    const current = describe(e);
    const base = { hostCheck: 'TLS_PROTOCOL' as const, setting: protocol, current };
    const on = e.state === 'enabled';
    if (protocol === 'TLS 1.2') {
      return hostCheck({ ...base, desired: 'enabled', status: on ? 'ok' : e.state === 'unknown' ? 'warning' : 'error',
        message: on ? `TLS 1.2 is ${current} for servers on ${osName}.` : `TLS 1.2 is ${current} for servers on ${osName}; clients that require TLS 1.2 (most do) fail the handshake.`,
        fix: `set Enabled=1 and DisabledByDefault=0 under ${KEY}\\TLS 1.2\\Server (or remove both to use the OS default) and reboot.` });
    }
    if (protocol === 'TLS 1.3') {
      const status = on || e.state === 'not-supported' ? 'ok' : 'warning';
      return hostCheck({ ...base, desired: 'enabled where available', status,
        message: e.state === 'not-supported' ? `TLS 1.3 is not available on ${osName} (Windows Server 2022 and later have it); TLS 1.2 carries FTPS.` : `TLS 1.3 is ${current} for servers on ${osName}.`,
        fix: `remove the Enabled=0 / DisabledByDefault=1 values under ${KEY}\\TLS 1.3\\Server and reboot.` });
    }
    // TLS 1.0 / 1.1: reported; enabled is worth a look (RFC 8996 deprecates them) but breaks nothing.
    return hostCheck({ ...base, desired: 'disabled', status: on ? 'warning' : 'ok',
      message: on ? `${protocol} is ${current} for servers on ${osName}; it is deprecated (RFC 8996).` : `${protocol} is ${current} for servers on ${osName}.`,
      fix: `once every client speaks TLS 1.2, set Enabled=0 under ${KEY}\\${protocol}\\Server and reboot.` });
  });
}
