/** The backend list of `lb-config --backend NAME=IP[,NAME=IP...]`, parsed and checked (pure). */
import { UserError } from '../core/errors.js';

/** One IIS backend behind the VIP. */
export interface LbBackend {
  /** Server name in the generated configuration: letters, digits, `.`, `_`, `-`. */
  name: string;
  /** The backend's own IPv4 address (where the load balancer connects). */
  address: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Dotted-quad IPv4, no leading zeros (which some parsers read as octal). */
export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** Accepts repeated flags and comma-separated lists alike: `--backend a=1.2.3.4,b=1.2.3.5 --backend c=1.2.3.6`. */
export function parseBackendList(values: readonly string[]): LbBackend[] {
  const items = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) {
    throw new UserError('No backend given; name every IIS server behind the VIP, e.g. --backend web1=10.0.1.11,web2=10.0.1.12.');
  }
  const backends = items.map(parseOne);
  const seen = new Map<string, string>();
  for (const b of backends) {
    const key = b.name.toLowerCase();
    if (seen.has(key)) throw new UserError(`Backend name "${b.name}" is given twice; give every --backend a different name.`);
    seen.set(key, b.address);
  }
  const addresses = new Set<string>();
  for (const b of backends) {
    if (addresses.has(b.address)) throw new UserError(`Backend address ${b.address} is given twice; list each IIS server once.`);
    addresses.add(b.address);
  }
  return backends;
}

function parseOne(item: string): LbBackend {
  const eq = item.indexOf('=');
  if (eq < 0) throw new UserError(`--backend "${item}" has no name; write NAME=IP, e.g. --backend web1=10.0.1.11.`);
  const name = item.slice(0, eq).trim();
  const address = item.slice(eq + 1).trim();
  if (!NAME.test(name)) {
    throw new UserError(`--backend name "${name}" is not usable in a load balancer configuration; use letters, digits, ".", "_" or "-" (up to 63), e.g. web1.`);
  }
  if (!isIpv4(address)) {
    throw new UserError(`--backend ${name}="${address}" is not an IPv4 address; give the backend's own address, e.g. ${name}=10.0.1.11 (no port: 990 and the passive range are added).`);
  }
  return { name, address };
}

/** One HAProxy peer (the other load balancers of a pair), from `--peer NAME=IP[:PORT]`. */
export interface LbPeer {
  /** Must be the peer's host name (or its `haproxy -L` name): HAProxy finds its own entry by it. */
  name: string;
  address: string;
  port: number;
}

/** The default port of the peers protocol in the generated configuration. */
export const DEFAULT_PEER_PORT = 10000;

export function parsePeerList(values: readonly string[]): LbPeer[] {
  const items = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const peers = items.map((item): LbPeer => {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    const [address = '', portText] = item.slice(eq + 1).trim().split(':');
    const port = portText === undefined ? DEFAULT_PEER_PORT : Number(portText);
    if (!NAME.test(name) || !isIpv4(address) || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new UserError(`--peer "${item}" is not NAME=IP[:PORT]; give each HAProxy of the pair by its host name and address, e.g. --peer lb1=10.0.0.2 --peer lb2=10.0.0.3:${DEFAULT_PEER_PORT}.`);
    }
    return { name, address, port };
  });
  const names = new Set(peers.map((p) => p.name.toLowerCase()));
  if (names.size !== peers.length) throw new UserError('A --peer name is given twice; give each HAProxy of the pair once.');
  if (peers.length === 1) throw new UserError(`Only one --peer (${peers[0]!.name}) given; list every HAProxy of the pair, this one included, e.g. --peer lb1=10.0.0.2 --peer lb2=10.0.0.3.`);
  return peers;
}
