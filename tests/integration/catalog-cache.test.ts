// The per-tenant versioned Redis cache: hits, read-after-write (one and two API replicas
// sharing one Redis), tenant scoping, and the degraded path when Redis is down.
import request from 'supertest';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { productView } from '../../src/modules/catalog/catalog.schemas';
import { CATALOG_CACHE_FORMAT, catalogCache, VersionedCache } from '../../src/platform/cache';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let t2: TestApp;
let A: SignedUpTenant;
beforeAll(async () => {
  [t, t2] = await Promise.all([makeTestApp(), makeTestApp()]);
  A = await signUpTenant(t.app);
});
afterAll(async () => Promise.all([t.close(), t2.close()]));

let seq = 0;
const sku = () => `C-${process.pid}-${++seq}`;
const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
const pub = (tn: SignedUpTenant) => ({ 'X-Tenant': tn.subdomain });

async function metric(app: TestApp, name: string, labels = ''): Promise<number> {
  const text = await app.ctx.metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function newProduct(app: TestApp, tn: SignedUpTenant, body: Record<string, unknown> = {}) {
  const res = await request(app.app)
    .post('/api/v1/products')
    .set(key(tn))
    .send({ name: 'Cached thing', sku: sku(), price: '1.00', initialQuantity: 50, ...body });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; sku: string };
}

describe('catalog cache', () => {
  it('serves a repeated read from Redis (hit counted) and the entry lives under the tenant version key', async () => {
    const p = await newProduct(t, A);
    const hits0 = await metric(t, 'catalog_cache_hits_total', 'kind="product"');
    const misses0 = await metric(t, 'catalog_cache_misses_total', 'kind="product"');
    const first = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(A));
    expect(first.status).toBe(200);
    // The entry is written asynchronously after a miss.
    await new Promise((r) => setTimeout(r, 50));
    const second = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(A));
    expect(second.body).toEqual(first.body);
    expect(await metric(t, 'catalog_cache_misses_total', 'kind="product"')).toBe(misses0 + 1);
    expect(await metric(t, 'catalog_cache_hits_total', 'kind="product"')).toBe(hits0 + 1);
    const prefix = `${t.config.REDIS_PREFIX}:catalog:{${A.tenantId}}:`;
    const version = await t.ctx.redis.get(`${prefix}v`);
    expect(version).toMatch(/^\d+$/);
    expect(await t.ctx.redis.ttl(`${prefix}${version}:f${CATALOG_CACHE_FORMAT}:p:${p.id}:p`)).toBeGreaterThan(0);
    expect(await t.ctx.redis.ttl(`${prefix}${version}:f${CATALOG_CACHE_FORMAT}:p:${p.id}:p`)).toBeLessThanOrEqual(
      t.config.CACHE_TTL,
    );
    // A read served from the cache does not touch PostgreSQL: change the row behind the
    // API's back and the cached value is still served (proves it is a real cache)...
    await ownerQuery('UPDATE products SET name = $2 WHERE id = $1', [p.id, 'Changed behind the API']);
    const third = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(A));
    expect(third.body.data.name).toBe('Cached thing');
    // ...until any write of the tenant bumps the version.
    await newProduct(t, A);
    const fourth = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(A));
    expect(fourth.body.data.name).toBe('Changed behind the API');
  });

  it('a cache hit costs exactly one Redis round trip (one script reading version and entry)', async () => {
    const p = await newProduct(t, A);
    await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(A));
    await new Promise((r) => setTimeout(r, 50));
    const redis = t.ctx.redis as unknown as { sendCommand: (cmd: { name: string; args: unknown[] }) => unknown };
    const original = redis.sendCommand;
    const seen: string[] = [];
    redis.sendCommand = function (this: unknown, cmd: { name: string; args: unknown[] }) {
      if (cmd.args.some((a) => String(a).includes(':catalog:'))) seen.push(cmd.name);
      return original.call(this, cmd);
    };
    try {
      const res = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(A));
      expect(res.status).toBe(200);
    } finally {
      redis.sendCommand = original;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^evalsha$|^eval$/);
  });

  it('read-after-write: alternating PATCH and GET (single and list) never sees a stale value', async () => {
    const T = await signUpTenant(t.app);
    const p = await newProduct(t, T, { name: 'rw-0' });
    for (let i = 1; i <= 30; i++) {
      const price = `${i}.${String(i % 100).padStart(2, '0')}`;
      const patch = await request(t.app)
        .patch(`/api/v1/products/${p.id}`)
        .set(key(T))
        .send({ name: `rw-${i}`, price });
      expect(patch.status).toBe(200);
      const [one, list, pubOne, pubList] = await Promise.all([
        request(t.app).get(`/api/v1/products/${p.id}`).set(key(T)),
        request(t.app).get('/api/v1/products?sort=name').set(key(T)),
        request(t.app).get(`/api/v1/products/${p.id}`).set(pub(T)),
        request(t.app).get('/api/v1/products').set(pub(T)),
      ]);
      expect(one.body.data).toMatchObject({ name: `rw-${i}`, price });
      expect(pubOne.body.data).toMatchObject({ name: `rw-${i}`, price });
      expect(list.body.data.find((x: { id: string }) => x.id === p.id)).toMatchObject({ name: `rw-${i}`, price });
      expect(pubList.body.data.find((x: { id: string }) => x.id === p.id)).toMatchObject({ name: `rw-${i}` });
      // Inventory writes invalidate product reads too.
      const inv = await request(t.app).patch(`/api/v1/inventory/${p.id}`).set(key(T)).send({ delta: -1 });
      expect(inv.status).toBe(200);
      const after = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(T));
      expect(after.body.data.inventory.quantity).toBe(50 - i);
    }
    expect(await metric(t, 'catalog_cache_hits_total', 'kind="product"')).toBeGreaterThan(0);
  });

  it('read-after-write across two API instances sharing one Redis: write on one, read on the other', async () => {
    const T = await signUpTenant(t.app);
    const p = await newProduct(t, T, { name: 'x-0' });
    for (let i = 1; i <= 25; i++) {
      const [writer, reader] = i % 2 ? [t, t2] : [t2, t];
      // Warm the reader's view of the old value first, so a stale entry would exist.
      await request(reader.app).get(`/api/v1/products/${p.id}`).set(pub(T));
      await request(reader.app).get('/api/v1/products').set(pub(T));
      await new Promise((r) => setTimeout(r, 5));
      const w = await request(writer.app)
        .patch(`/api/v1/products/${p.id}`)
        .set(key(T))
        .send({ name: `x-${i}` });
      expect(w.status).toBe(200);
      const one = await request(reader.app).get(`/api/v1/products/${p.id}`).set(pub(T));
      expect(one.body.data.name).toBe(`x-${i}`);
      const list = await request(reader.app).get('/api/v1/products').set(pub(T));
      expect(list.body.data[0]).toMatchObject({ id: p.id, name: `x-${i}` });
    }
    // Delete on one instance: the other stops serving it publicly at once.
    await request(t2.app).get(`/api/v1/products/${p.id}`).set(pub(T));
    const admin = await adminToken(t.app, T);
    expect(
      (await request(t.app).delete(`/api/v1/products/${p.id}`).set('Authorization', `Bearer ${admin}`)).status,
    ).toBe(204);
    expect((await request(t2.app).get(`/api/v1/products/${p.id}`).set(pub(T))).status).toBe(404);
    expect((await request(t2.app).get('/api/v1/products').set(pub(T))).body.meta.total).toBe(0);
  });

  it('a write in one tenant does not invalidate another tenant', async () => {
    const [X, Y] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
    const px = await newProduct(t, X);
    await newProduct(t, Y);
    const vKey = (tn: SignedUpTenant) => `${t.config.REDIS_PREFIX}:catalog:{${tn.tenantId}}:v`;
    await request(t.app).get(`/api/v1/products/${px.id}`).set(pub(X));
    const vx = await t.ctx.redis.get(vKey(X));
    await newProduct(t, Y);
    expect(await t.ctx.redis.get(vKey(X))).toBe(vx);
    const vy = await t.ctx.redis.get(vKey(Y));
    await newProduct(t, Y);
    expect(BigInt((await t.ctx.redis.get(vKey(Y)))!)).toBeGreaterThan(BigInt(vy!));
  });

  it('a lost version key is re-created from Redis TIME, never reusing an old version', async () => {
    const T = await signUpTenant(t.app);
    const p = await newProduct(t, T);
    const vKey = `${t.config.REDIS_PREFIX}:catalog:{${T.tenantId}}:v`;
    await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(T));
    const v1 = BigInt((await t.ctx.redis.get(vKey))!);
    await t.ctx.redis.del(vKey); // e.g. evicted
    await ownerQuery('UPDATE products SET name = $2 WHERE id = $1', [p.id, 'after eviction']);
    const res = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(T));
    expect(res.body.data.name).toBe('after eviction');
    expect(BigInt((await t.ctx.redis.get(vKey))!)).toBeGreaterThan(v1);
  });
});

/**
 * The product view's JSON schema, per cache format. A change of the view's shape must bump
 * CATALOG_CACHE_FORMAT (src/platform/cache.ts) and add its fingerprint here.
 */
const VIEW_FINGERPRINTS: Record<number, string> = {
  2: '8fb5447abd20eefa',
  // Same JSON schema (amounts are strings either way), new meaning: ISO-digit amounts.
  3: '8fb5447abd20eefa',
};

describe('invalidation of one scope by many writes at once', () => {
  it('shares bumps (at most one in flight per scope) and resolves each write only after a bump sent after it', async () => {
    const T = await signUpTenant(t.app);
    const cache = new VersionedCache({
      redis: t.ctx.redis,
      prefix: t.config.REDIS_PREFIX,
      namespace: 'catalog',
      format: CATALOG_CACHE_FORMAT,
      ttlSeconds: 60,
      logger: t.ctx.logger,
      metrics: t.ctx.metrics,
    });
    // The cache's one Redis command of an invalidation, observed: when each bump is sent and answered.
    const internals = cache as unknown as { bump: (scope: string) => Promise<string> };
    const original = internals.bump.bind(cache);
    const events: string[] = [];
    const spy = jest.spyOn(internals, 'bump').mockImplementation(async (scope: string) => {
      const n = events.filter((e) => e.startsWith('sent')).length + 1;
      events.push(`sent ${n}`);
      const v = await original(scope);
      events.push(`done ${n}`);
      return v;
    });
    try {
      const versionKey = `${t.config.REDIS_PREFIX}:catalog:{${T.tenantId}}:v`;
      await cache.invalidate(T.tenantId);
      const v0 = Number(await t.ctx.redis.get(versionKey));
      events.length = 0;
      // The first write's bump goes at once; 49 writes that commit while it is in flight
      // share ONE next bump, sent after the first one's answer.
      const first = cache.invalidate(T.tenantId).then((ok) => events.push('write 0 answered') && ok);
      const rest = Array.from({ length: 49 }, (_, i) =>
        cache.invalidate(T.tenantId).then((ok) => events.push(`write ${i + 1} answered`) && ok),
      );
      expect(await Promise.all([first, ...rest])).toEqual(Array(50).fill(true));
      expect(events.filter((e) => e.startsWith('sent'))).toEqual(['sent 1', 'sent 2']);
      expect(events.indexOf('sent 2')).toBeGreaterThan(events.indexOf('done 1'));
      expect(events.indexOf('write 0 answered')).toBeGreaterThan(events.indexOf('done 1'));
      // No write that asked during bump 1 answers before bump 2 is applied.
      const answered = events.flatMap((e, i) => (e.startsWith('write') && e !== 'write 0 answered' ? [i] : []));
      expect(Math.min(...answered)).toBeGreaterThan(events.indexOf('done 2'));
      expect(Number(await t.ctx.redis.get(versionKey))).toBe(v0 + 2);
      // Nothing in flight any more: the next write bumps at once again.
      events.length = 0;
      await cache.invalidate(T.tenantId);
      expect(events).toEqual(['sent 1', 'done 1']);
    } finally {
      spy.mockRestore();
      await cache.close();
    }
  });
});

describe('cached JSON format version', () => {
  it('the product view shape matches the fingerprint recorded for CATALOG_CACHE_FORMAT', () => {
    const json = JSON.stringify(z.toJSONSchema(productView, { io: 'output', unrepresentable: 'any' }));
    const fingerprint = createHash('sha256').update(json).digest('hex').slice(0, 16);
    // If this fails: the cached view changed shape. Bump CATALOG_CACHE_FORMAT and record the new fingerprint.
    expect({ format: CATALOG_CACHE_FORMAT, fingerprint }).toEqual({
      format: CATALOG_CACHE_FORMAT,
      fingerprint: VIEW_FINGERPRINTS[CATALOG_CACHE_FORMAT],
    });
  });

  it('an entry stored by a release with another format is never served; a write invalidates both', async () => {
    const T = await signUpTenant(t.app);
    const p = await newProduct(t, T);
    // The previous release's cache: same Redis, namespace and scope versions, older format.
    const old = new VersionedCache({
      redis: t.ctx.redis,
      prefix: t.config.REDIS_PREFIX,
      namespace: 'catalog',
      format: CATALOG_CACHE_FORMAT - 1,
      ttlSeconds: 60,
      logger: t.ctx.logger,
      metrics: t.ctx.metrics,
    });
    const oldShape = { id: p.id, name: 'old shape', sku: p.sku };
    expect(await old.wrapJson(T.tenantId, `p:${p.id}:p`, 'product', async () => oldShape)).toBe(
      JSON.stringify(oldShape),
    );
    await new Promise((r) => setTimeout(r, 50));
    // The old release still reads its own entry...
    expect(await old.wrapJson(T.tenantId, `p:${p.id}:p`, 'product', async () => null)).toBe(JSON.stringify(oldShape));
    // ...the new one never does: it loads and stores the new shape under its own format.
    const res = await request(t.app).get(`/api/v1/products/${p.id}`).set(pub(T));
    expect(res.body.data).toMatchObject({
      id: p.id,
      name: 'Cached thing',
      handle: expect.any(String),
      variants: [expect.any(Object)],
    });
    // A write (by either release) bumps the shared scope version: the old entry is gone too.
    await newProduct(t, T);
    expect(await old.wrapJson(T.tenantId, `p:${p.id}:p`, 'product', async () => null)).toBeNull();
    await old.close();
  });
});

describe('list pages from cached product entries', () => {
  it('a list miss takes the products from the entries product reads cached, on any instance; a write is seen at once', async () => {
    const T = await signUpTenant(t.app);
    const a = await newProduct(t, T, { name: 'Fragment A', price: '5.00' });
    const b = await newProduct(t, T, { name: 'Fragment B', price: '6.00' });
    // Instance 2 caches A's public view by id.
    expect((await request(t2.app).get(`/api/v1/products/${a.id}`).set(pub(T))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const hits0 = await metric(t, 'catalog_cache_hits_total', 'kind="fragment"');
    const misses0 = await metric(t, 'catalog_cache_misses_total', 'kind="fragment"');
    const list = (q: string) => request(t.app).get(`/api/v1/products?sort=price&${q}`).set(pub(T));
    const first = await list('limit=10');
    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual([a.id, b.id]);
    // A came from the entry instance 2 stored; B was loaded (and stored).
    expect(await metric(t, 'catalog_cache_hits_total', 'kind="fragment"')).toBe(hits0 + 1);
    expect(await metric(t, 'catalog_cache_misses_total', 'kind="fragment"')).toBe(misses0 + 1);
    // The page is exactly what GET /products/:id serves for each product.
    const one = await request(t.app).get(`/api/v1/products/${b.id}`).set(pub(T));
    expect(first.body.data[1]).toEqual(one.body.data);
    await new Promise((r) => setTimeout(r, 50));
    // Another list (another key) now finds both entries.
    await list('limit=11');
    expect(await metric(t, 'catalog_cache_hits_total', 'kind="fragment"')).toBe(hits0 + 3);
    // A write bumps the tenant version: the next list (another key again) shows it, on any instance.
    expect(
      (await request(t2.app).patch(`/api/v1/products/${a.id}`).set(key(T)).send({ name: 'Renamed A' })).status,
    ).toBe(200);
    expect((await list('limit=12')).body.data[0]).toMatchObject({ id: a.id, name: 'Renamed A' });
  });
});

describe('by-handle reads', () => {
  it('are cached and follow a handle change at once, on every instance', async () => {
    const T = await signUpTenant(t.app);
    const a = await newProduct(t, T, { handle: 'first-handle' });
    const b = await newProduct(t, T, { handle: 'second-handle' });
    const byHandle = (app: TestApp, h: string) => request(app.app).get(`/api/v1/products/by-handle/${h}`).set(pub(T));
    expect((await byHandle(t2, 'first-handle')).body.data.id).toBe(a.id);
    await new Promise((r) => setTimeout(r, 50));
    const hits0 = await metric(t2, 'catalog_cache_hits_total', 'kind="product"');
    expect((await byHandle(t2, 'first-handle')).body.data.id).toBe(a.id);
    expect(await metric(t2, 'catalog_cache_hits_total', 'kind="product"')).toBe(hits0 + 1);
    // Rename a's handle on one instance: the other no longer resolves the old one...
    const r1 = await request(t.app).patch(`/api/v1/products/${a.id}`).set(key(T)).send({ handle: 'renamed-handle' });
    expect(r1.status).toBe(200);
    expect((await byHandle(t2, 'first-handle')).status).toBe(404);
    expect((await byHandle(t2, 'renamed-handle')).body.data.id).toBe(a.id);
    // ...and when another product takes the freed handle, it resolves to that one.
    await byHandle(t2, 'second-handle');
    const r2 = await request(t2.app).patch(`/api/v1/products/${b.id}`).set(key(T)).send({ handle: 'first-handle' });
    expect(r2.status).toBe(200);
    expect((await byHandle(t, 'first-handle')).body.data.id).toBe(b.id);
    expect((await byHandle(t, 'second-handle')).status).toBe(404);
  });

  it('a variant write is seen at once through by-handle and by id', async () => {
    const T = await signUpTenant(t.app);
    const p = await newProduct(t, T, { handle: 'variant-write' });
    const full = (await request(t.app).get(`/api/v1/products/${p.id}`).set(key(T))).body.data;
    await request(t2.app).get('/api/v1/products/by-handle/variant-write').set(pub(T));
    const res = await request(t.app)
      .patch(`/api/v1/products/${p.id}/variants/${full.variants[0].id}`)
      .set(key(T))
      .send({ price: '3.21' });
    expect(res.status).toBe(200);
    const after = await request(t2.app).get('/api/v1/products/by-handle/variant-write').set(pub(T));
    expect(after.body.data).toMatchObject({ price: '3.21', variants: [{ price: '3.21' }] });
  });
});

describe('Redis down', () => {
  it('reads fall back to PostgreSQL with 200, a warning log and a metric; writes commit and remember their invalidation', async () => {
    const p = await newProduct(t, A, { name: 'Still readable' });
    const down = await makeTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, { allowRedisDown: true });
    try {
      const one = await request(down.app).get(`/api/v1/products/${p.id}`).set(pub(A));
      expect(one.status).toBe(200);
      expect(one.body.data.name).toBe('Still readable');
      const list = await request(down.app).get('/api/v1/products?limit=100').set(pub(A));
      expect(list.status).toBe(200);
      expect(list.body.data.map((x: { id: string }) => x.id)).toContain(p.id);
      const staff = await request(down.app).get(`/api/v1/products/${p.id}`).set(key(A));
      expect(staff.status).toBe(200);
      expect(await metric(down, 'catalog_cache_errors_total', 'op="read"')).toBeGreaterThanOrEqual(3);
      expect(await metric(down, 'catalog_cache_misses_total', 'kind="product"')).toBe(2);
      const warn = down.logs
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === 'cache unavailable; serving from PostgreSQL');
      expect(warn).toMatchObject({ level: 'warn', cache: 'catalog' });

      // One policy for catalog, inventory and order writes: the write commits; its cache
      // invalidation is remembered and applied when Redis answers (redis-outage.test.ts).
      const write = await request(down.app).patch(`/api/v1/products/${p.id}`).set(key(A)).send({ name: 'Renamed' });
      expect(write.status).toBe(200);
      const inv = await request(down.app).patch(`/api/v1/inventory/${p.id}`).set(key(A)).send({ delta: 1 });
      expect(inv.status).toBe(200);
      const rows = await ownerQuery<{ name: string; quantity: number }>(
        'SELECT p.name, i.available AS quantity FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.id = $1',
        [p.id],
      );
      expect(rows).toEqual([{ name: 'Renamed', quantity: 51 }]);
      expect(await metric(down, 'catalog_cache_errors_total', 'op="invalidate"')).toBeGreaterThanOrEqual(1);
      expect(catalogCache(down.ctx).pendingInvalidations()).toBe(1);
      const after = await request(down.app).get(`/api/v1/products/${p.id}`).set(pub(A));
      expect(after.body.data).toMatchObject({ name: 'Renamed', inventory: { quantity: 51 } });
    } finally {
      await down.close();
      down.ctx.redis.disconnect();
    }
  });
});
