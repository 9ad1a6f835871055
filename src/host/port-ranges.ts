/**
 * Sets of TCP ports as sorted, disjoint, inclusive ranges, and the parsing of
 * Windows Firewall's `LocalPort`: a string array whose items are numbers
 * ("990"), ranges ("50000-50099"), "Any", or keywords ("RPC", "RPCEPMap",
 * "IPHTTPSIn", "PlayToDiscovery", ...) that stand for ports chosen at run time.
 * Keywords never count as covering a fixed port.
 */

export interface PortRange {
  from: number;
  to: number;
}

export type PortSet = PortRange[];

export const ALL_PORTS: PortSet = [{ from: 1, to: 65535 }];

export interface ParsedLocalPort {
  ports: PortSet;
  /** Items that are keywords or not understood; reported, never counted. */
  ignored: string[];
}

/** Parses a rule's LocalPort array. Items may themselves hold comma lists (as netsh prints them). */
export function parseLocalPort(values: readonly string[]): ParsedLocalPort {
  const ranges: PortRange[] = [];
  const ignored: string[] = [];
  for (const item of values.flatMap((v) => String(v).split(','))) {
    const t = item.trim();
    if (t === '') continue;
    if (/^any$/i.test(t) || t === '*') {
      ranges.push(...ALL_PORTS);
      continue;
    }
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(t);
    const from = m ? Number(m[1]) : NaN;
    const to = m ? Number(m[2] ?? m[1]) : NaN;
    if (m && from >= 0 && to <= 65535 && from <= to) ranges.push({ from: Math.max(from, 1), to });
    else ignored.push(t);
  }
  return { ports: normalize(ranges), ignored };
}

/** Sorts and merges overlapping or adjacent ranges. */
export function normalize(ranges: readonly PortRange[]): PortSet {
  const sorted = ranges.filter((r) => r.from <= r.to).map((r) => ({ ...r })).sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push(r);
  }
  return out;
}

export function union(...sets: readonly PortSet[]): PortSet {
  return normalize(sets.flat());
}

/** The ports of `a` that are not in `b`. */
export function subtract(a: PortSet, b: PortSet): PortSet {
  let rest = normalize(a);
  for (const cut of normalize(b)) {
    const next: PortRange[] = [];
    for (const r of rest) {
      if (cut.to < r.from || cut.from > r.to) next.push(r);
      else {
        if (r.from < cut.from) next.push({ from: r.from, to: cut.from - 1 });
        if (r.to > cut.to) next.push({ from: cut.to + 1, to: r.to });
      }
    }
    rest = next;
  }
  return rest;
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  return subtract(a, subtract(a, b));
}

export function isEmpty(s: PortSet): boolean {
  return s.length === 0;
}

export function portCount(s: PortSet): number {
  return s.reduce((n, r) => n + r.to - r.from + 1, 0);
}

/** "990, 50000-50099": the way Windows Firewall writes LocalPort. */
export function formatPorts(s: PortSet): string {
  return s.length === 0 ? 'none' : s.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ');
}

/** LocalPort values for New-NetFirewallRule. */
export function toLocalPortValues(s: PortSet): string[] {
  return s.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`));
}
