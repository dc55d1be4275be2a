// Collections: flat, manual groups per tenant. CRUD, handle generation and conflicts, roles,
// public reads, tenant isolation, deletion dropping memberships, and 400s that change nothing.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, registerCustomer } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
});
afterAll(async () => t.close());

interface Collection {
  id: string;
  title: string;
  handle: string;
  description: string | null;
}

/** An API key is a MERCHANT: it may create and update, not delete. */
const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
const pub = (tn: SignedUpTenant) => ({ 'X-Tenant': tn.subdomain });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let seq = 0;
const uniqueTitle = (label = 'Coll') => `${label} ${process.pid} ${++seq}`;

async function create(tn: SignedUpTenant, body: Record<string, unknown> = {}): Promise<Collection> {
  const res = await request(t.app)
    .post('/api/v1/collections')
    .set(key(tn))
    .send({ title: uniqueTitle(), ...body });
  if (res.status !== 201) throw new Error(`create collection: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as Collection;
}

const patch = (tn: SignedUpTenant, id: string, body: Record<string, unknown>) =>
  request(t.app).patch(`/api/v1/collections/${id}`).set(key(tn)).send(body);

const get = (tn: SignedUpTenant, id: string) => request(t.app).get(`/api/v1/collections/${id}`).set(pub(tn));

const collectionCount = async (tn: SignedUpTenant): Promise<number> =>
  (
    await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM collections WHERE tenant_id = $1', [tn.tenantId])
  )[0]!.n;

const auditOf = (tn: SignedUpTenant, id: string) =>
  ownerQuery<{ action: string }>(
    `SELECT action::text AS action FROM audit_logs WHERE tenant_id = $1 AND resource = 'collection' AND resource_id = $2
     ORDER BY "timestamp", id`,
    [tn.tenantId, id],
  );

describe('POST /collections', () => {
  it('creates a collection with a handle from its title and an audit row', async () => {
    const tn = await signUpTenant(t.app);
    const res = await request(t.app)
      .post('/api/v1/collections')
      .set(key(tn))
      .send({ title: ' Summer Sale 2026 ', description: 'Hot' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      error: null,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: 'Summer Sale 2026',
        handle: 'summer-sale-2026',
        description: 'Hot',
      },
    });
    expect(await auditOf(tn, res.body.data.id)).toEqual([{ action: 'CREATE' }]);
    // Collections and categories have handles of their own: the same handle in both is fine.
    const cat = await request(t.app).post('/api/v1/categories').set(key(tn)).send({ name: 'Summer Sale 2026' });
    expect(cat.body.data.handle).toBe('summer-sale-2026');
  });

  it('suffixes a generated handle on a clash, also for concurrent creates', async () => {
    const tn = await signUpTenant(t.app);
    expect((await create(tn, { title: 'New in' })).handle).toBe('new-in');
    const res = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(t.app).post('/api/v1/collections').set(key(tn)).send({ title: 'New in' }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(Array(5).fill(201));
    expect(res.map((r) => r.body.data.handle).sort()).toEqual([
      'new-in-2',
      'new-in-3',
      'new-in-4',
      'new-in-5',
      'new-in-6',
    ]);
  });

  it('takes an explicit handle; 409 HANDLE_CONFLICT for a taken one in the same store only', async () => {
    const handle = `featured-${process.pid}-${++seq}`;
    expect((await create(A, { handle })).handle).toBe(handle);
    const before = await collectionCount(A);
    const dup = await request(t.app).post('/api/v1/collections').set(key(A)).send({ title: 'Other', handle });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'HANDLE_CONFLICT', details: { field: 'handle' } });
    expect(await collectionCount(A)).toBe(before);
    expect((await create(B, { handle })).handle).toBe(handle);
  });

  const titled = (body: Record<string, unknown>) => ({ title: 'Valid title', ...body });
  it.each([
    ['no title', {}],
    ['a name instead of a title', { name: 'x' }],
    ['an empty title', { title: ' ' }],
    ['a title over 200 characters', { title: 't'.repeat(201) }],
    ['a bad handle', titled({ handle: 'Big_Sale' })],
    ['a null handle', titled({ handle: null })],
    ['a description over 5000 characters', titled({ description: 'd'.repeat(5001) })],
    ['a parentId (collections are flat)', titled({ parentId: null })],
  ])('400 for %s, and nothing is created', async (_l, body) => {
    const before = await collectionCount(A);
    const res = await request(t.app).post('/api/v1/collections').set(key(A)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(await collectionCount(A)).toBe(before);
  });
});

describe('GET /collections', () => {
  let tn: SignedUpTenant;
  let all: Collection[];
  beforeAll(async () => {
    tn = await signUpTenant(t.app);
    all = [];
    for (const title of ['Winter', 'Autumn', 'Best sellers', 'Clearance']) all.push(await create(tn, { title }));
  });
  const titles = (res: request.Response) => (res.body.data as Collection[]).map((c) => c.title);

  it('lists by title (then id) with page meta, publicly', async () => {
    const res = await request(t.app).get('/api/v1/collections').set(pub(tn));
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ page: 1, limit: 20, total: 4 });
    expect(titles(res)).toEqual(['Autumn', 'Best sellers', 'Clearance', 'Winter']);
    const p1 = await request(t.app).get('/api/v1/collections?limit=2').set(pub(tn));
    const p2 = await request(t.app).get('/api/v1/collections?limit=2&page=2').set(pub(tn));
    expect([...titles(p1), ...titles(p2)]).toEqual(titles(res));
    expect(p2.body.meta).toEqual({ page: 2, limit: 2, total: 4 });
  });

  it('?handle finds one collection', async () => {
    const res = await request(t.app).get('/api/v1/collections?handle=best-sellers').set(pub(tn));
    expect(res.body.data).toEqual([all[2]]);
    expect(res.body.meta.total).toBe(1);
  });

  it('every role reads: customer token, API key, admin', async () => {
    const customer = await registerCustomer(t.app, tn);
    for (const h of [bearer(customer.accessToken), key(tn), bearer(await adminToken(t.app, tn))]) {
      expect(titles(await request(t.app).get('/api/v1/collections').set(h))).toHaveLength(4);
      const one = await request(t.app).get(`/api/v1/collections/${all[0]!.id}`).set(h);
      expect(one.status).toBe(200);
      expect(one.body.data).toEqual(all[0]);
    }
  });

  it.each(['limit=0', 'page=-1', 'handle=UPPER', 'parentId=null'])('400 for ?%s', async (qs) => {
    const res = await request(t.app).get(`/api/v1/collections?${qs}`).set(pub(tn));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('400 for a malformed id, 404 for an unknown one', async () => {
    expect((await get(tn, 'x')).status).toBe(400);
    const res = await get(tn, '00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('PATCH /collections/:id', () => {
  it('changes title (the handle stays), handle and description', async () => {
    const c = await create(A, { title: 'Gifts' });
    const res = await patch(A, c.id, { title: 'Gift ideas', description: 'For everyone' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ...c, title: 'Gift ideas', description: 'For everyone' });
    const handle = `gift-ideas-${process.pid}-${++seq}`;
    expect((await patch(A, c.id, { handle, description: null })).body.data).toEqual({
      ...c,
      title: 'Gift ideas',
      handle,
      description: null,
    });
    expect((await patch(A, c.id, { handle })).status).toBe(200); // its own handle
    expect((await get(A, c.id)).body.data).toEqual({ ...c, title: 'Gift ideas', handle, description: null });
    expect((await auditOf(A, c.id)).map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE']);
  });

  it('409 HANDLE_CONFLICT for a handle another collection has; nothing changes', async () => {
    const a = await create(A);
    const b = await create(A);
    const res = await patch(A, b.id, { handle: a.handle, title: 'Renamed too' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('HANDLE_CONFLICT');
    expect((await get(A, b.id)).body.data).toEqual(b);
  });

  it.each([
    ['an empty body', {}],
    ['a null title', { title: null }],
    ['a bad handle', { handle: 'a--b' }],
    ['an unknown field', { name: 'x' }],
  ])('400 for %s, nothing changed', async (_l, body) => {
    const c = await create(A);
    const res = await patch(A, c.id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect((await get(A, c.id)).body.data).toEqual(c);
  });

  it('404 for an unknown collection', async () => {
    expect((await patch(A, '00000000-0000-4000-8000-000000000000', { title: 'x' })).status).toBe(404);
  });
});

describe('DELETE /collections/:id', () => {
  const del = async (tn: SignedUpTenant, id: string) =>
    request(t.app)
      .delete(`/api/v1/collections/${id}`)
      .set(bearer(await adminToken(t.app, tn)));

  it('deletes the collection and its product memberships; the products stay', async () => {
    const c = await create(A);
    const keep = await create(A);
    const product = await request(t.app)
      .post('/api/v1/products')
      .set(key(A))
      .send({ name: 'Member', sku: `COLL-DEL-${process.pid}-${++seq}`, price: '2.00', collectionIds: [c.id, keep.id] });
    expect(product.status).toBe(201);
    const productId = product.body.data.id as string;
    const collectionIdsOf = async () =>
      (
        (await request(t.app).get(`/api/v1/products/${productId}`).set(pub(A))).body.data.collectionIds as string[]
      ).sort();
    // Read (and cache) the product view before the delete.
    expect(await collectionIdsOf()).toEqual([c.id, keep.id].sort());
    expect((await del(A, c.id)).status).toBe(204);
    expect((await get(A, c.id)).status).toBe(404);
    expect(
      await ownerQuery('SELECT collection_id FROM product_collections WHERE product_id = $1', [productId]),
    ).toEqual([{ collection_id: keep.id }]);
    // The product stays, and its (cached) view no longer lists the deleted collection.
    expect(await collectionIdsOf()).toEqual([keep.id]);
    expect((await auditOf(A, c.id)).map((a) => a.action)).toEqual(['CREATE', 'DELETE']);
    expect((await del(A, c.id)).status).toBe(404);
  });

  it('is ADMIN only: the API key (MERCHANT) and a customer get 403, no credentials 401', async () => {
    const c = await create(A);
    const customer = await registerCustomer(t.app, A);
    expect((await request(t.app).delete(`/api/v1/collections/${c.id}`).set(key(A))).status).toBe(403);
    expect((await request(t.app).delete(`/api/v1/collections/${c.id}`).set(bearer(customer.accessToken))).status).toBe(
      403,
    );
    expect((await request(t.app).delete(`/api/v1/collections/${c.id}`).set(pub(A))).status).toBe(401);
    expect((await get(A, c.id)).body.data).toEqual(c);
  });
});

describe('roles and tenant isolation', () => {
  it('a customer and a public caller cannot write; nothing changes', async () => {
    const customer = await registerCustomer(t.app, A);
    const c = await create(A);
    const before = await collectionCount(A);
    const h = bearer(customer.accessToken);
    expect((await request(t.app).post('/api/v1/collections').set(h).send({ title: 'x' })).status).toBe(403);
    expect((await request(t.app).patch(`/api/v1/collections/${c.id}`).set(h).send({ title: 'x' })).status).toBe(403);
    expect((await request(t.app).post('/api/v1/collections').set(pub(A)).send({ title: 'x' })).status).toBe(401);
    expect(await collectionCount(A)).toBe(before);
    expect((await get(A, c.id)).body.data).toEqual(c);
  });

  it("tenant B's credentials see nothing of tenant A's collections", async () => {
    const fresh = await signUpTenant(t.app);
    const mine = await create(A);
    for (const h of [key(fresh), pub(fresh), bearer(await adminToken(t.app, fresh))]) {
      const list = await request(t.app).get('/api/v1/collections').set(h);
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([]);
      expect(list.body.meta.total).toBe(0);
      expect((await request(t.app).get(`/api/v1/collections?handle=${mine.handle}`).set(h)).body.data).toEqual([]);
      expect((await request(t.app).get(`/api/v1/collections/${mine.id}`).set(h)).status).toBe(404);
    }
    expect((await patch(fresh, mine.id, { title: 'Hijacked' })).status).toBe(404);
    const adminB = bearer(await adminToken(t.app, fresh));
    expect((await request(t.app).delete(`/api/v1/collections/${mine.id}`).set(adminB)).status).toBe(404);
    expect((await get(A, mine.id)).body.data).toEqual(mine);
  });
});

describe('cache', () => {
  it('every collection write bumps the tenant catalog cache version (product views show collectionIds)', async () => {
    const versionKey = `${t.config.REDIS_PREFIX}:catalog:{${A.tenantId}}:v`;
    const version = () => t.ctx.redis.get(versionKey);
    let v = await version();
    const c = await create(A);
    expect(await version()).not.toBe(v);
    v = await version();
    await patch(A, c.id, { title: 'Bumped' });
    expect(await version()).not.toBe(v);
    v = await version();
    await request(t.app)
      .delete(`/api/v1/collections/${c.id}`)
      .set(bearer(await adminToken(t.app, A)));
    expect(await version()).not.toBe(v);
  });
});
