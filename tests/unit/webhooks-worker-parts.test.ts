// The delivery worker's building blocks: the per-endpoint gate, group commit, signing.
import { Webhook } from 'standardwebhooks';
import { EndpointGate } from '../../src/modules/webhooks/endpoint-gate';
import { MicroBatcher } from '../../src/modules/webhooks/micro-batch';
import { generateSecret, secretKey, sign } from '../../src/modules/webhooks/webhooks.signing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EndpointGate', () => {
  it('caps an unknown or slow endpoint at slowLimit and tells extra jobs to step aside', async () => {
    const gate = new EndpointGate({ slowLimit: 2, fastLimit: 10 });
    expect(await gate.acquire('slow')).toBe(true);
    expect(await gate.acquire('slow')).toBe(true);
    expect(await gate.acquire('slow')).toBe(false);
    expect(await gate.acquire('other')).toBe(true); // other endpoints are unaffected
    gate.release('slow');
    expect(await gate.acquire('slow')).toBe(true);
  });

  it('lets a fast endpoint use up to fastLimit and queues briefly instead of bouncing', async () => {
    const gate = new EndpointGate({ slowLimit: 1, fastLimit: 3, maxWaitMs: 200 });
    expect(await gate.acquire('fast')).toBe(true);
    gate.release('fast'); // finished at once: now known to be fast
    for (let i = 0; i < 3; i++) expect(await gate.acquire('fast')).toBe(true);
    const waiting = gate.acquire('fast');
    setTimeout(() => gate.release('fast'), 20);
    expect(await waiting).toBe(true); // got the freed slot
  });

  it('treats an endpoint with a long-running request as slow again', async () => {
    const gate = new EndpointGate({ slowLimit: 1, fastLimit: 3, slowMs: 30 });
    expect(await gate.acquire('e')).toBe(true);
    gate.release('e');
    expect(await gate.acquire('e')).toBe(true);
    await sleep(50); // the request in flight is now older than slowMs
    expect(await gate.acquire('e')).toBe(false);
  });
});

describe('MicroBatcher', () => {
  it('groups calls for the same key into one run and keeps keys apart', async () => {
    const runs: Array<[string, number[]]> = [];
    const b = new MicroBatcher<number, number>(async (key, items) => {
      runs.push([key, items]);
      return items.map((i) => i * 10);
    }, 5);
    const out = await Promise.all([b.add('a', 1), b.add('a', 2), b.add('b', 3)]);
    expect(out).toEqual([10, 20, 30]);
    expect(runs).toEqual([
      ['a', [1, 2]],
      ['b', [3]],
    ]);
  });

  it('rejects every caller of a failed run', async () => {
    const b = new MicroBatcher<number, number>(async () => {
      throw new Error('db down');
    });
    await expect(Promise.all([b.add('a', 1), b.add('a', 2)])).rejects.toThrow('db down');
  });
});

describe('signing', () => {
  it('produces secrets of 24 random bytes and signatures standardwebhooks verifies', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_/);
    expect(secretKey(secret)).toHaveLength(24);
    const body = JSON.stringify({ id: 'evt_1', type: 'order.paid' });
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(ts),
      'webhook-signature': sign(secretKey(secret), 'evt_1', ts, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ id: 'evt_1', type: 'order.paid' });
    expect(new Webhook(secret).sign('evt_1', new Date(ts * 1000), body)).toBe(headers['webhook-signature']);
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });
});
