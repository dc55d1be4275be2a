// The client-address part of per-IP limit keys. An IPv6 client usually owns a whole /64 (one
// subnet per home or instance; privacy extensions rotate the low 64 bits at will), so keying
// by the full address would give one client 2^64 buckets. IPv4 and IPv4-mapped IPv6
// (::ffff:1.2.3.4, what a dual-stack socket reports for an IPv4 peer) are keyed by the IPv4
// address, IPv6 by its /64 prefix in one canonical spelling, however the address was written.
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of a valid IPv6 address (zone id stripped), or null. */
export function ipv6Groups(address: string): number[] | null {
  const addr = address.split('%')[0]!;
  if (!isIPv6(addr)) return null;
  let text = addr.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes its two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]!);
  if (halves.length === 1) return head;
  const tail = parse(halves[1]!);
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/**
 * `1.2.3.4` for IPv4 and IPv4-mapped IPv6, `2001:db8:0:1::/64` for any other IPv6 address,
 * `unknown` when there is none; anything else unparseable is returned as it came.
 */
export function ipKey(address: string | undefined): string {
  if (!address) return 'unknown';
  if (isIPv4(address)) return address;
  // Fast path for what a dual-stack socket reports for an IPv4 peer.
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) return address.slice(7);
  const g = ipv6Groups(address);
  if (!g) return address;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff)
    return `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}
