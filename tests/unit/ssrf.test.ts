// The webhook URL guard: address classification and resolution of every address.
import type { LookupAddress } from 'node:dns';
import {
  assertPublicUrl,
  blockedReason,
  guardedLookup,
  NOT_PUBLIC,
  parseWebhookUrl,
  UrlRefusedError,
} from '../../src/platform/ssrf';

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.1.1.1', 'private'],
  ])('%s is %s', (ip, label) => {
    expect(blockedReason(ip)).toBe(`${ip} is a ${label} address`);
  });

  it.each(['93.184.215.14', '8.8.8.8', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (ip) => expect(blockedReason(ip)).toBeNull(),
  );
});

describe('assertPublicUrl', () => {
  const resolver = (addrs: string[]) => async (): Promise<LookupAddress[]> =>
    addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a host when ANY of its addresses is private (no first-address-only check)', async () => {
    await expect(
      assertPublicUrl('https://mixed.example/hook', false, resolver(['93.184.215.14', '10.0.0.5'])),
    ).rejects.toMatchObject({ reason: NOT_PUBLIC });
  });

  it('accepts a host whose addresses are all public', async () => {
    const u = await assertPublicUrl('https://pub.example/hook', false, resolver(['93.184.215.14', '2606:4700::1']));
    expect(u.hostname).toBe('pub.example');
  });

  it('refuses hosts that do not resolve', async () => {
    const fail = async (): Promise<LookupAddress[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(assertPublicUrl('https://nope.invalid/', false, fail)).rejects.toBeInstanceOf(UrlRefusedError);
    await expect(assertPublicUrl('https://nope.invalid/', false, fail)).rejects.toMatchObject({ reason: NOT_PUBLIC });
  });

  it('allows http and private targets only when WEBHOOK_ALLOW_PRIVATE_URLS is on', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:9/x', true)).resolves.toBeInstanceOf(URL);
    expect(() => parseWebhookUrl('http://127.0.0.1:9/x', false)).toThrow(/scheme must be https/);
    expect(() => parseWebhookUrl('ftp://example.com/x', true)).toThrow(/scheme must be http or https/);
    expect(() => parseWebhookUrl('https://0x7f.1/x', false)).toThrow(`URL refused: ${NOT_PUBLIC}`);
  });
});

describe('refusals never name an address', () => {
  const resolver = (addrs: string[]) => async (): Promise<LookupAddress[]> =>
    addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const refusal = async (p: Promise<unknown>): Promise<UrlRefusedError> => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UrlRefusedError);
    return e as UrlRefusedError;
  };
  const IP_LIKE = /\d+\.\d+\.\d+\.\d+|::|[0-9a-f]{1,4}:[0-9a-f]{1,4}|loopback|private|link-local|resolves to/i;

  it('every private target, literal or resolved, gets the identical generic message', async () => {
    const cases: Array<Promise<unknown>> = [
      assertPublicUrl('https://127.0.0.1/hook', false),
      assertPublicUrl('https://10.1.2.3/hook', false),
      assertPublicUrl('https://169.254.169.254/latest/meta-data/', false),
      assertPublicUrl('https://[::1]/hook', false),
      assertPublicUrl('https://[::ffff:10.0.0.1]/hook', false),
      assertPublicUrl('https://2130706433/hook', false),
      assertPublicUrl('https://internal.corp/hook', false, resolver(['10.0.3.7'])),
      assertPublicUrl('https://meta.corp/hook', false, resolver(['169.254.169.254'])),
      assertPublicUrl('https://mixed.corp/hook', false, resolver(['93.184.215.14', 'fd00::17'])),
      assertPublicUrl('https://empty.corp/hook', false, resolver([])),
      assertPublicUrl('https://localhost:8443/hook', false), // the system resolver (/etc/hosts)
    ];
    const messages = new Set<string>();
    for (const c of cases) {
      const e = await refusal(c);
      expect(e.reason).toBe(NOT_PUBLIC);
      expect(e.message).not.toMatch(IP_LIKE);
      messages.add(e.message);
    }
    expect([...messages]).toEqual([`URL refused: ${NOT_PUBLIC}`]);
  });

  it('the connection-time lookup refuses a name resolving to loopback with the same message', async () => {
    const lookup = guardedLookup(false);
    const err = await new Promise<unknown>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
    expect(err).toBeInstanceOf(UrlRefusedError);
    expect((err as Error).message).toBe(`URL refused: ${NOT_PUBLIC}`);
    // With private targets allowed the same name resolves normally.
    const ok = await new Promise<string>((resolve, reject) =>
      guardedLookup(true)('localhost', {}, (e, address) => (e ? reject(e) : resolve(String(address)))),
    );
    expect(ok).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
