// Redis outages, against a redis-server this test starts, pauses, kills and restarts itself:
// every Redis call on a request path is bounded (REDIS_COMMAND_TIMEOUT_MS, 503 past it; the
// catalog read falls back to PostgreSQL), and a cache invalidation missed while Redis was
// away is applied when it is back, so no replica serves an entry older than a committed write.
import { Redis } from 'ioredis';
import request from 'supertest';
import { catalogCache } from '../../src/platform/cache';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { OwnRedis } from '../helpers/redis-server';
import { createProduct, orderBody, postOrder, stockOf } from './orders.fixtures';

let redis: OwnRedis;
let w: TestApp; // the writer
let r: TestApp; // another API replica, reading
let T: SignedUpTenant;
let customer: TestUser;

const prefix = `${process.env.TEST_REDIS_PREFIX ?? 'test:local'}:outage`;

beforeAll(async () => {
  redis = await OwnRedis.start();
  const env = { REDIS_URL: redis.url, REDIS_PREFIX: prefix, REDIS_COMMAND_TIMEOUT_MS: '500' };
  [w, r] = await Promise.all([makeTestApp(env), makeTestApp(env)]);
  T = await signUpTenant(w.app);
  customer = await registerCustomer(w.app, T);
});

afterAll(async () => {
  await redis.signal('SIGCONT').catch(() => undefined);
  await Promise.all([w?.close(), r?.close()]);
  await redis.stop();
});

const pub = () => ({ 'X-Tenant': T.subdomain });
const quantityOn = async (app: TestApp, id: string): Promise<number> => {
  const res = await request(app.app).get(`/api/v1/products/${id}`).set(pub());
  expect(res.status).toBe(200);
  return res.body.data.inventory.quantity as number;
};
const timed = async <R>(fn: () => PromiseLike<R>): Promise<{ res: R; ms: number }> => {
  const t0 = Date.now();
  const res = await fn();
  return { res, ms: Date.now() - t0 };
};
const until = async (cond: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
};

/** Stored entries: read the product twice on an app, so the second read is a hit. */
async function warm(app: TestApp, id: string): Promise<void> {
  await quantityOn(app, id);
  await new Promise((res) => setTimeout(res, 50));
  const hits = async () =>
    (await app.ctx.metrics.registry.metrics()).split('\n').find((l) => l.startsWith('catalog_cache_hits_total'));
  const before = await hits();
  await quantityOn(app, id);
  expect(await hits()).not.toBe(before);
}

describe('Redis paused (CLIENT PAUSE: connected, not answering)', () => {
  it('a customer request answers 503 within the command timeout; public reads and API-key orders go on', async () => {
    const p = await createProduct(w.app, T, { price: '2.00', quantity: 100 });
    // Warm this client's rate-limit window and token, so only the deny-list needs Redis.
    expect(
      (await request(w.app).get('/api/v1/orders').set('Authorization', `Bearer ${customer.accessToken}`)).status,
    ).toBe(200);
    const admin = new Redis(redis.url);
    try {
      await admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
      const pausedAt = Date.now();
      const customerReq = await timed(() =>
        request(w.app).get('/api/v1/orders').set('Authorization', `Bearer ${customer.accessToken}`),
      );
      expect(customerReq.res.status).toBe(503);
      expect(customerReq.res.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(customerReq.ms).toBeLessThan(1200);

      const read = await timed(() => request(w.app).get(`/api/v1/products/${p.id}`).set(pub()));
      expect(read.res.status).toBe(200); // from PostgreSQL, past the cache's 250 ms bound
      expect(read.ms).toBeLessThan(1200);

      const order = await timed(() =>
        postOrder(w.app, { apiKey: T.apiKey }, orderBody([{ productId: p.id, quantity: 1 }], customer.id)),
      );
      expect(order.res.status).toBe(201);
      expect(order.ms).toBeLessThan(1500);
      expect(Date.now() - pausedAt).toBeLessThan(3000); // all of it while Redis was still paused
    } finally {
      admin.disconnect();
    }
    await new Promise((res) => setTimeout(res, 3000));
    expect(
      (await request(w.app).get('/api/v1/orders').set('Authorization', `Bearer ${customer.accessToken}`)).status,
    ).toBe(200);
  });
});

describe('missed invalidations', () => {
  it('orders committed while Redis was down are not hidden by the cache once it is back (two replicas)', async () => {
    const p = await createProduct(w.app, T, { price: '3.00', quantity: 1000 });
    await warm(w, p.id);
    await warm(r, p.id);

    await redis.signal('SIGKILL'); // crash; the append-only file keeps the cached entries
    for (let i = 0; i < 12; i++) {
      const res = await postOrder(
        w.app,
        { apiKey: T.apiKey },
        orderBody([{ productId: p.id, quantity: 1 }], customer.id),
      );
      expect(res.status).toBe(201); // API-key orders don't need Redis
    }
    expect(await stockOf(p.id)).toBe(988);
    expect(catalogCache(w.ctx).pendingInvalidations()).toBe(1);
    expect(await quantityOn(r, p.id)).toBe(988); // meanwhile, reads come from PostgreSQL

    await redis.signal('SIGTERM').catch(() => undefined);
    await redis.spawn(); // same port, same data
    const back = Date.now();
    await until(() => catalogCache(w.ctx).pendingInvalidations() === 0, 5000);
    expect(catalogCache(w.ctx).pendingInvalidations()).toBe(0);
    expect(Date.now() - back).toBeLessThan(2000); // the writer's reconnect delay, not the TTL
    await until(() => r.ctx.redis.status === 'ready', 5000);
    expect(r.ctx.redis.status).toBe('ready');
    // The old entries are still in Redis, unreachable: both replicas show the database's stock.
    expect(await quantityOn(r, p.id)).toBe(988);
    expect(await quantityOn(w, p.id)).toBe(988);
    const listed = await request(r.app).get('/api/v1/products?limit=100').set(pub());
    expect(listed.body.data.find((x: { id: string }) => x.id === p.id).inventory.quantity).toBe(988);
  });

  it('a frozen Redis (SIGSTOP): the writer reads from PostgreSQL until the remembered bump lands after SIGCONT', async () => {
    const p = await createProduct(w.app, T, { price: '4.00', quantity: 50 });
    await warm(w, p.id);
    await warm(r, p.id);
    await redis.signal('SIGSTOP');
    try {
      const order = await postOrder(
        w.app,
        { apiKey: T.apiKey },
        orderBody([{ productId: p.id, quantity: 2 }], customer.id),
      );
      expect(order.status).toBe(201);
      expect(catalogCache(w.ctx).pendingInvalidations()).toBe(1);
      expect(await quantityOn(w, p.id)).toBe(48);
    } finally {
      await redis.signal('SIGCONT');
    }
    await until(() => catalogCache(w.ctx).pendingInvalidations() === 0, 3000);
    expect(catalogCache(w.ctx).pendingInvalidations()).toBe(0);
    expect(await quantityOn(r, p.id)).toBe(48);
  });
});
