// Promotions CRUD (issue 16 groundwork): the exact object, case-insensitive code uniqueness
// (also two concurrent creates), the value/window/limit/target rules, roles, audit rows and
// tenant isolation.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, registerCustomer } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
});
afterAll(async () => t.close());

const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const post = (tn: SignedUpTenant, body: Record<string, unknown>) =>
  request(t.app).post('/api/v1/promotions').set(key(tn)).send(body);
const patch = (tn: SignedUpTenant, id: string, body: Record<string, unknown>) =>
  request(t.app).patch(`/api/v1/promotions/${id}`).set(key(tn)).send(body);
const uniqueCode = () => `C${randomUUID().slice(0, 8)}`;

async function create(tn: SignedUpTenant, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await post(tn, { name: 'Promo', type: 'percentage', value: '10', ...body });
  if (res.status !== 201) throw new Error(`create promotion: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as Record<string, unknown>;
}

const issuePaths = (body: { error: { details?: { issues?: { path: string }[] } } }) =>
  (body.error.details?.issues ?? []).map((i) => i.path);

describe('promotions CRUD', () => {
  it('creates, reads, lists, patches and deletes with exact fields, each write audited', async () => {
    const tn = await signUpTenant(t.app);
    const product = await request(t.app)
      .post('/api/v1/products')
      .set(key(tn))
      .send({ name: 'Shirt', sku: `S-${randomUUID()}`, price: '20.00' });
    expect(product.status).toBe(201);
    const category = await request(t.app).post('/api/v1/categories').set(key(tn)).send({ name: 'Tops' });
    expect(category.status).toBe(201);
    const collection = await request(t.app).post('/api/v1/collections').set(key(tn)).send({ title: 'Summer' });
    expect(collection.status).toBe(201);

    const res = await post(tn, {
      name: 'Summer sale',
      code: 'Summer10',
      type: 'fixed_amount',
      value: 5.5,
      appliesTo: {
        productIds: [product.body.data.id],
        categoryIds: [category.body.data.id],
        collectionIds: [collection.body.data.id],
      },
      minSubtotal: '30',
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-02-01T00:00:00.000Z',
      usageLimit: 100,
      perCustomerLimit: 1,
      combinable: true,
      priority: 3,
    });
    expect(res.status).toBe(201);
    const p = res.body.data;
    expect(p).toEqual({
      id: expect.any(String),
      name: 'Summer sale',
      code: 'Summer10',
      automatic: false,
      type: 'fixed_amount',
      value: '5.50',
      appliesTo: {
        productIds: [product.body.data.id],
        categoryIds: [category.body.data.id],
        collectionIds: [collection.body.data.id],
      },
      minSubtotal: '30.00',
      startsAt: '2030-01-01T00:00:00.000Z',
      endsAt: '2030-02-01T00:00:00.000Z',
      usageLimit: 100,
      perCustomerLimit: 1,
      combinable: true,
      priority: 3,
      timesUsed: 0,
      status: 'active',
      createdAt: expect.any(String),
    });

    const auto = await create(tn, { name: 'Free ship', type: 'free_shipping', value: undefined });
    expect(auto).toMatchObject({
      code: null,
      automatic: true,
      value: null,
      appliesTo: { productIds: [], categoryIds: [], collectionIds: [] },
      minSubtotal: null,
      startsAt: null,
      endsAt: null,
      usageLimit: null,
      perCustomerLimit: null,
      combinable: false,
      priority: 0,
      timesUsed: 0,
      status: 'active',
    });

    const got = await request(t.app).get(`/api/v1/promotions/${p.id}`).set(key(tn));
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(p);

    const list = await request(t.app).get('/api/v1/promotions').set(key(tn));
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([auto.id, p.id]);
    expect(list.body.meta).toEqual({ page: 1, limit: 20, total: 2 });

    const q = await request(t.app).get('/api/v1/promotions?q=summer1').set(key(tn));
    expect(q.body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const qName = await request(t.app).get('/api/v1/promotions?q=FREE').set(key(tn));
    expect(qName.body.data.map((x: { id: string }) => x.id)).toEqual([auto.id]);

    const up = await patch(tn, p.id, {
      name: 'Summer sale 2',
      type: 'percentage',
      value: '12.5',
      status: 'disabled',
      appliesTo: {},
    });
    expect(up.status).toBe(200);
    expect(up.body.data).toEqual({
      ...p,
      name: 'Summer sale 2',
      type: 'percentage',
      value: '12.5',
      status: 'disabled',
      appliesTo: { productIds: [], categoryIds: [], collectionIds: [] },
    });
    const disabled = await request(t.app).get('/api/v1/promotions?status=disabled').set(key(tn));
    expect(disabled.body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(disabled.body.meta.total).toBe(1);

    // Clearing the code makes it automatic.
    const cleared = await patch(tn, p.id, { code: null });
    expect(cleared.body.data).toMatchObject({ code: null, automatic: true });

    // timesUsed is read-only.
    expect((await patch(tn, p.id, { timesUsed: 5 })).status).toBe(400);

    expect((await request(t.app).delete(`/api/v1/promotions/${p.id}`).set(key(tn))).status).toBe(204);
    expect((await request(t.app).get(`/api/v1/promotions/${p.id}`).set(key(tn))).status).toBe(404);
    expect((await request(t.app).delete(`/api/v1/promotions/${p.id}`).set(key(tn))).status).toBe(404);

    const audit = await ownerQuery<{ action: string; after: unknown }>(
      `SELECT action::text AS action, changes->'after' AS after FROM audit_logs
        WHERE tenant_id = $1 AND resource = 'promotion' AND resource_id = $2 ORDER BY "timestamp", id`,
      [tn.tenantId, p.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'DELETE']);
    expect(audit[0]!.after).toMatchObject({ code: 'Summer10', value: '5.50' });
  });

  it('prints JPY amounts without decimals and KWD with three', async () => {
    const jpy = await signUpTenant(t.app, { currency: 'JPY' });
    expect(await create(jpy, { type: 'fixed_amount', value: '500.00', minSubtotal: 3000 })).toMatchObject({
      value: '500',
      minSubtotal: '3000',
    });
    const kwd = await signUpTenant(t.app, { currency: 'KWD' });
    expect(await create(kwd, { type: 'fixed_amount', value: '1.25' })).toMatchObject({ value: '1.250' });
  });
});

describe('code uniqueness', () => {
  it('is case-insensitive per tenant: 409 CODE_CONFLICT on create and on patch; another tenant may reuse it', async () => {
    const code = uniqueCode();
    const first = await create(A, { code });
    const dup = await post(A, { name: 'X', type: 'free_shipping', code: code.toLowerCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('CODE_CONFLICT');

    const other = await create(A, { code: uniqueCode() });
    const clash = await patch(A, other.id as string, { code: code.toUpperCase() });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('CODE_CONFLICT');
    // Its own code in another case is no conflict.
    const self = await patch(A, first.id as string, { code: code.toLowerCase() });
    expect(self.status).toBe(200);
    expect(self.body.data.code).toBe(code.toLowerCase());

    expect((await post(B, { name: 'B', type: 'free_shipping', code })).status).toBe(201);
  });

  it('concurrent creates of one code: one 201, the others 409 (the unique index, not only the pre-check)', async () => {
    const tn = await signUpTenant(t.app);
    const code = uniqueCode();
    const results = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        post(tn, { name: `N${i}`, type: 'free_shipping', code: i % 2 ? code.toLowerCase() : code }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('CODE_CONFLICT');
    const rows = await ownerQuery<{ n: number }>(`SELECT count(*)::int AS n FROM promotions WHERE tenant_id = $1`, [
      tn.tenantId,
    ]);
    expect(rows[0]!.n).toBe(1);
  });
});

describe('validation', () => {
  const bad = async (tn: SignedUpTenant, body: Record<string, unknown>, path: string) => {
    const res = await post(tn, { name: 'Bad', ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(issuePaths(res.body)).toContain(path);
  };

  it('value is required for percentage and fixed_amount and forbidden for free_shipping', async () => {
    await bad(A, { type: 'percentage' }, 'value');
    await bad(A, { type: 'fixed_amount', value: null }, 'value');
    await bad(A, { type: 'free_shipping', value: '5' }, 'value');
    await bad(A, { type: 'fixed_amount', value: '0' }, 'value');
  });

  it('percent is 0.01..100 with at most two decimals', async () => {
    await bad(A, { type: 'percentage', value: '0' }, 'value');
    await bad(A, { type: 'percentage', value: '100.01' }, 'value');
    await bad(A, { type: 'percentage', value: '10.125' }, 'value');
    await bad(A, { type: 'percentage', value: -5 }, 'value');
    expect(await create(A, { type: 'percentage', value: '0.01' })).toMatchObject({ value: '0.01' });
    expect(await create(A, { type: 'percentage', value: 100 })).toMatchObject({ value: '100' });
  });

  it('amounts follow the tenant currency: JPY refuses decimals', async () => {
    const jpy = await signUpTenant(t.app, { currency: 'JPY' });
    await bad(jpy, { type: 'fixed_amount', value: '12.5' }, 'value');
    await bad(jpy, { type: 'free_shipping', minSubtotal: '99.9' }, 'minSubtotal');
  });

  it('endsAt after startsAt; positive limits; unknown fields refused', async () => {
    const w = { type: 'free_shipping' };
    await bad(A, { ...w, startsAt: '2030-02-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 'endsAt');
    await bad(A, { ...w, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 'endsAt');
    await bad(A, { ...w, usageLimit: 0 }, 'usageLimit');
    await bad(A, { ...w, perCustomerLimit: 1.5 }, 'perCustomerLimit');
    await bad(A, { ...w, timesUsed: 3 }, '');
    await bad(A, { ...w, startsAt: 'tomorrow' }, 'startsAt');
  });

  it('a PATCH is checked as the whole promotion it makes', async () => {
    const p = await create(A, { startsAt: '2030-01-01T00:00:00Z' });
    const res = await patch(A, p.id as string, { endsAt: '2029-12-31T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(['endsAt']);
    // percentage → fixed_amount without a value: the percent is no amount.
    expect(issuePaths((await patch(A, p.id as string, { type: 'fixed_amount' })).body)).toEqual(['value']);
    const free = await patch(A, p.id as string, { type: 'free_shipping' });
    expect(free.status).toBe(200);
    expect(free.body.data.value).toBeNull();
    expect((await request(t.app).get(`/api/v1/promotions/${p.id}`).set(key(A))).body.data.type).toBe('free_shipping');
  });

  it('unknown product, category or collection ids → 400 naming them, nothing written', async () => {
    const tn = await signUpTenant(t.app);
    const ghost = randomUUID();
    const res = await post(tn, { name: 'X', type: 'free_shipping', appliesTo: { productIds: [ghost] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      { path: 'appliesTo.productIds', message: `unknown id(s): ${ghost}`, code: 'custom' },
    ]);
    const res2 = await post(tn, {
      name: 'X',
      type: 'free_shipping',
      appliesTo: { categoryIds: [ghost], collectionIds: [ghost] },
    });
    expect(issuePaths(res2.body)).toEqual(['appliesTo.categoryIds', 'appliesTo.collectionIds']);
    // A product of another tenant does not exist here either.
    const foreign = await request(t.app)
      .post('/api/v1/products')
      .set(key(A))
      .send({ name: 'A only', sku: `S-${randomUUID()}`, price: '1.00' });
    const res3 = await post(tn, {
      name: 'X',
      type: 'free_shipping',
      appliesTo: { productIds: [foreign.body.data.id] },
    });
    expect(res3.status).toBe(400);
    const rows = await ownerQuery<{ n: number }>(`SELECT count(*)::int AS n FROM promotions WHERE tenant_id = $1`, [
      tn.tenantId,
    ]);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('roles', () => {
  it('MERCHANT and ADMIN read and write; a customer gets 403; anonymous 401', async () => {
    const tn = await signUpTenant(t.app);
    const merchant = await createStaff(t.app, tn, 'MERCHANT');
    const admin = await adminToken(t.app, tn);
    const customer = await registerCustomer(t.app, tn);
    const body = { name: 'R', type: 'free_shipping' };

    const m = await request(t.app).post('/api/v1/promotions').set(bearer(merchant.accessToken)).send(body);
    expect(m.status).toBe(201);
    const ad = await request(t.app).post('/api/v1/promotions').set(bearer(admin)).send(body);
    expect(ad.status).toBe(201);
    expect((await request(t.app).get('/api/v1/promotions').set(bearer(admin))).status).toBe(200);

    const c = bearer(customer.accessToken);
    const id = m.body.data.id as string;
    expect((await request(t.app).get('/api/v1/promotions').set(c)).status).toBe(403);
    expect((await request(t.app).get(`/api/v1/promotions/${id}`).set(c)).status).toBe(403);
    expect((await request(t.app).post('/api/v1/promotions').set(c).send(body)).status).toBe(403);
    expect((await request(t.app).patch(`/api/v1/promotions/${id}`).set(c).send({ name: 'Z' })).status).toBe(403);
    expect((await request(t.app).delete(`/api/v1/promotions/${id}`).set(c)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/promotions').set('X-Tenant', tn.subdomain)).status).toBe(401);
    expect((await request(t.app).post('/api/v1/promotions').set('X-Tenant', tn.subdomain).send(body)).status).toBe(401);
  });
});

describe('tenant isolation', () => {
  it("tenant B cannot see, change or delete A's promotions", async () => {
    const p = await create(A, { code: uniqueCode() });
    const list = await request(t.app).get('/api/v1/promotions?limit=100').set(key(B));
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expect((await request(t.app).get(`/api/v1/promotions/${p.id}`).set(key(B))).status).toBe(404);
    expect((await patch(B, p.id as string, { name: 'Stolen' })).status).toBe(404);
    expect((await request(t.app).delete(`/api/v1/promotions/${p.id}`).set(key(B))).status).toBe(404);
    const still = await request(t.app).get(`/api/v1/promotions/${p.id}`).set(key(A));
    expect(still.body.data.name).toBe('Promo');
  });
});
