// URL guard against server-side request forgery for merchant webhook URLs. A URL is
// accepted only when it is https (http too when private targets are allowed) and every
// address its host resolves to is public. Checked at registration AND on every new
// connection (guardedLookup), so a DNS change after registration cannot point deliveries
// at internal services; the connection goes to exactly the address that was checked.
// Every refusal about WHERE the host points (a literal non-public IP, a name resolving to
// one, a name that doesn't resolve) carries the same NOT_PUBLIC reason: naming the
// address or its range would let a caller map internal DNS and networks through us.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** The one reason given for every address-based refusal. Never includes an address. */
export const NOT_PUBLIC = 'the host must resolve only to public addresses';

export class UrlRefusedError extends Error {
  readonly code = 'URL_REFUSED';
  constructor(public readonly reason: string) {
    super(`URL refused: ${reason}`);
    this.name = 'UrlRefusedError';
  }
}

/** Non-public ranges. BlockList also matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 rules. */
const BLOCKED: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.88.99.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  ['64:ff9b:1::', 48, 'ipv6', 'NAT64'],
  ['100::', 64, 'ipv6', 'discard'],
  ['2001::', 23, 'ipv6', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['2002::', 16, 'ipv6', '6to4'],
  ['fc00::', 7, 'ipv6', 'private'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const lists = BLOCKED.map(([net, prefix, type, label]) => {
  const b = new BlockList();
  b.addSubnet(net, prefix, type);
  return { b, label };
});

/** Why this address is not public, or null when it is (for tests and debugging, never for callers). */
export function blockedReason(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { b, label } of lists) if (b.check(ip, type)) return `${ip} is a ${label} address`;
  return null;
}

export const isPublicAddress = (ip: string): boolean => blockedReason(ip) === null;

const stripBrackets = (h: string): string => (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);

/** Syntax checks that need no DNS: scheme, credentials, host form. Returns the parsed URL. */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UrlRefusedError('not a valid absolute URL');
  }
  if (u.protocol !== 'https:' && !(allowPrivate && u.protocol === 'http:')) {
    throw new UrlRefusedError(allowPrivate ? 'scheme must be http or https' : 'scheme must be https');
  }
  if (u.username || u.password) throw new UrlRefusedError('credentials in the URL are not allowed');
  if (!u.hostname) throw new UrlRefusedError('host is missing');
  const host = stripBrackets(u.hostname);
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) throw new UrlRefusedError(NOT_PUBLIC);
  return u;
}

type Resolver = (host: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))),
  );

/** Resolves the host (all addresses) and refuses it if any address is not public. */
export async function assertPublicUrl(
  raw: string,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<URL> {
  const u = parseWebhookUrl(raw, allowPrivate);
  if (allowPrivate) return u;
  const host = stripBrackets(u.hostname);
  if (isIP(host)) return u;
  // A name that doesn't resolve gets the same answer as one resolving to 10.x: telling them
  // apart would confirm which internal names exist.
  const addrs = await resolve(host).catch((): LookupAddress[] => []);
  if (addrs.length === 0 || !addrs.every((a) => isPublicAddress(a.address))) throw new UrlRefusedError(NOT_PUBLIC);
  return u;
}

/**
 * A `lookup` for http(s) agents: resolves all addresses, refuses the connection when any
 * is not public (unless allowed), and connects to the first checked address.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true, family: options.family }, (err, addrs) => {
      if (err) return callback(err, '', 0);
      if (addrs.length === 0 || (!allowPrivate && !addrs.every((a) => isPublicAddress(a.address))))
        return callback(new UrlRefusedError(NOT_PUBLIC), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addrs);
      callback(null, addrs[0]!.address, addrs[0]!.family);
    });
  };
}
