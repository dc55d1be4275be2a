// Per-IP limit keys: IPv4 (and IPv4-mapped IPv6) by address, IPv6 by /64, whatever the spelling.
import { BlockList } from 'node:net';
import { ipKey, ipv6Groups } from '../../src/platform/ip-key';

describe('ipKey', () => {
  it('keys IPv4 and IPv4-mapped IPv6 by the IPv4 address', () => {
    expect(ipKey('203.0.113.7')).toBe('203.0.113.7');
    for (const mapped of ['::ffff:203.0.113.7', '::FFFF:203.0.113.7', '0:0:0:0:0:ffff:203.0.113.7', '::ffff:cb00:7107'])
      expect(ipKey(mapped)).toBe('203.0.113.7');
  });

  it('keys every spelling of addresses in one /64 the same, and other /64s differently', () => {
    const same = [
      '2001:db8:0:1::1',
      '2001:0db8:0000:0001:0000:0000:0000:0001',
      '2001:DB8:0:1:0:0:0:1',
      '2001:db8::1:ffff:ffff:ffff:ffff',
      '2001:db8:0:1:1234:5678:9abc:def0',
      '2001:db8:0:1:a::',
      '2001:db8:0:1::1%eth0',
      '2001:db8:0:1:0:0:1.2.3.4',
    ];
    for (const a of same) expect(ipKey(a)).toBe('2001:db8:0:1::/64');
    expect(ipKey('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(ipKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipKey('::1')).toBe('0:0:0:0::/64');
    expect(ipKey('fe80::1')).toBe('fe80:0:0:0::/64');
  });

  it('agrees with node:net BlockList on /64 membership', () => {
    const addrs = ['2001:db8:0:1::1', '2001:db8::1:0:0:1', '2001:db8:0:1:ffff::', '2001:db8:1::1', '::2', 'ff02::1:2'];
    for (const a of addrs) {
      const prefix = ipKey(a).replace('/64', '');
      const bl = new BlockList();
      bl.addSubnet(prefix, 64, 'ipv6');
      for (const b of addrs) expect(bl.check(b, 'ipv6')).toBe(ipKey(b) === ipKey(a));
    }
  });

  it('expands compressed forms to eight groups', () => {
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1:2:3:4:5:6:7::')).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
    expect(ipv6Groups('::1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0x102, 0x304]);
    expect(ipv6Groups('not an address')).toBeNull();
  });

  it('has a stable key for no address and leaves unparseable text as it is', () => {
    expect(ipKey(undefined)).toBe('unknown');
    expect(ipKey('')).toBe('unknown');
    expect(ipKey('garbage')).toBe('garbage');
  });
});
