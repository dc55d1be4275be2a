// Products: validation, SKU uniqueness per tenant, tenant isolation, roles, visibility.
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
let skuSeq = 0;
const sku = () => `SKU-${process.pid}-${++skuSeq}`;
const create = (tn: SignedUpTenant, body: Record<string, unknown>) =>
  request(t.app)
    .post('/api/v1/products')
    .set(key(tn))
    .send({ name: 'Widget', sku: sku(), price: '9.99', ...body });

describe('POST /products', () => {
  it('creates a product with inventory, tenant currency and defaults', async () => {
    const s = sku();
    const res = await create(A, {
      sku: s,
      name: 'Blue Mug',
      price: '129.90',
      description: 'Ceramic',
      category: 'kitchen',
      imageUrls: ['https://cdn.example.com/mug.png'],
      initialQuantity: 25,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      error: null,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Blue Mug',
        sku: s,
        description: 'Ceramic',
        price: '129.90',
        currency: 'USD',
        category: 'kitchen',
        imageUrls: ['https://cdn.example.com/mug.png'],
        isActive: true,
        inventory: { quantity: 25, threshold: 10, lowStock: false },
        // Part 2: the product the part-1 way has one "Default" variant with its SKU, price, stock.
        handle: 'blue-mug',
        status: 'active',
        options: [],
        variants: [
          {
            id: expect.any(String),
            productId: res.body.data.id,
            sku: s,
            title: 'Default',
            optionValues: {},
            price: '129.90',
            compareAtPrice: null,
            weightGrams: null,
            position: 0,
            status: 'active',
            inventory: { onHand: 25, reserved: 0, available: 25, threshold: 10, lowStock: false },
            metadata: {},
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
          },
        ],
        priceRange: { min: '129.90', max: '129.90' },
        categoryIds: [],
        collectionIds: [],
        metadata: {},
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    const rows = await ownerQuery<{ price: string; tenant_id: string }>(
      'SELECT price::text AS price, tenant_id FROM products WHERE id = $1',
      [res.body.data.id],
    );
    expect(rows).toEqual([{ price: '129.900', tenant_id: A.tenantId }]); // DECIMAL(15,3)
  });

  it.each([
    ['number with two decimals', 12.34, '12.34'],
    ['integer number', 5, '5.00'],
    ['string with one decimal', '7.5', '7.50'],
    ['zero', '0', '0.00'],
    ['maximum', '99999999.99', '99999999.99'],
    ['max as number', 99999999.99, '99999999.99'],
  ])('accepts price as %s', async (_l, price, expected) => {
    const res = await create(A, { price });
    expect(res.status).toBe(201);
    expect(res.body.data.price).toBe(expected);
  });

  it.each([
    ['negative string', '-1.00'],
    ['negative number', -0.01],
    ['three decimals', '1.234'],
    ['three-decimal number', 1.005],
    ['float noise', 0.1 + 0.2],
    ['NaN string', 'NaN'],
    ['Infinity string', 'Infinity'],
    ['exponent', '1e3'],
    ['over the maximum', '100000000.00'],
    ['over the maximum as number', 100000000],
    ['empty string', ''],
    ['boolean', true],
    ['null', null],
    ['comma decimal', '1,50'],
  ])('400 for price %s', async (_l, price) => {
    const res = await create(A, { price });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('price');
  });

  it.each([
    ['http URL', ['http://cdn.example.com/a.png']],
    ['javascript URL', ['javascript:alert(1)']],
    ['data URL', ['data:image/png;base64,AAAA']],
    ['relative path', ['/img/a.png']],
    ['over 2048 chars', [`https://cdn.example.com/${'a'.repeat(2030)}`]],
    ['11 URLs', Array.from({ length: 11 }, (_, i) => `https://cdn.example.com/${i}.png`)],
    ['not an array', 'https://cdn.example.com/a.png'],
  ])('400 for imageUrls: %s', async (_l, imageUrls) => {
    const res = await create(A, { imageUrls });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.some((i: { path: string }) => i.path.startsWith('imageUrls'))).toBe(true);
  });

  it('accepts 10 https URLs of up to 2048 chars', async () => {
    const long = `https://cdn.example.com/${'a'.repeat(2048 - 'https://cdn.example.com/'.length)}`;
    expect(long).toHaveLength(2048);
    const urls = [long, ...Array.from({ length: 9 }, (_, i) => `https://cdn.example.com/${i}.png`)];
    const res = await create(A, { imageUrls: urls });
    expect(res.status).toBe(201);
    expect(res.body.data.imageUrls).toEqual(urls);
  });

  it('400 for unknown fields, missing name, negative stock and threshold', async () => {
    const res = await request(t.app)
      .post('/api/v1/products')
      .set(key(A))
      .send({ sku: sku(), price: '1.00', initialQuantity: -1, lowStockThreshold: -2, color: 'red' });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'initialQuantity', 'lowStockThreshold', '']));
  });

  it('a JPY tenant stores whole yen and refuses fractional prices', async () => {
    const J = await signUpTenant(t.app, { currency: 'JPY' });
    const okRes = await create(J, { price: 1200 });
    expect(okRes.status).toBe(201);
    expect(okRes.body.data).toMatchObject({ price: '1200', currency: 'JPY' });
    const bad = await create(J, { price: '12.50' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('price');
  });

  it('409 SKU_CONFLICT for a duplicate SKU in the same tenant, but the same SKU is fine in another tenant', async () => {
    const s = sku();
    expect((await create(A, { sku: s })).status).toBe(201);
    const dup = await create(A, { sku: s, name: 'Other' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('SKU_CONFLICT');
    const other = await create(B, { sku: s });
    expect(other.status).toBe(201);
    // PATCH onto a taken SKU is a conflict too.
    const third = await create(A, {});
    const patch = await request(t.app).patch(`/api/v1/products/${third.body.data.id}`).set(key(A)).send({ sku: s });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('SKU_CONFLICT');
  });
});

describe('tenant isolation', () => {
  it("another tenant's product is 404 for get, patch and delete, and is not changed", async () => {
    const p = (await create(A, { name: 'Private' })).body.data;
    const bAdmin = await adminToken(t.app, B);
    const get = await request(t.app).get(`/api/v1/products/${p.id}`).set(key(B));
    expect(get.status).toBe(404);
    expect(get.body.error.code).toBe('NOT_FOUND');
    const pub = await request(t.app).get(`/api/v1/products/${p.id}`).set('X-Tenant', B.subdomain);
    expect(pub.status).toBe(404);
    const patch = await request(t.app).patch(`/api/v1/products/${p.id}`).set(key(B)).send({ name: 'Hacked' });
    expect(patch.status).toBe(404);
    const del = await request(t.app).delete(`/api/v1/products/${p.id}`).set('Authorization', `Bearer ${bAdmin}`);
    expect(del.status).toBe(404);
    const inv = await request(t.app).patch(`/api/v1/inventory/${p.id}`).set(key(B)).send({ delta: 5 });
    expect(inv.status).toBe(404);
    const rows = await ownerQuery<{ name: string; is_active: boolean; quantity: number }>(
      'SELECT p.name, p.is_active, i.available AS quantity FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.id = $1',
      [p.id],
    );
    expect(rows).toEqual([{ name: 'Private', is_active: true, quantity: 0 }]);
    const list = await request(t.app).get('/api/v1/products?limit=100').set(key(B));
    expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(p.id);
  });
});

describe('roles', () => {
  it('public (X-Tenant) cannot write: 401; customers cannot write: 403', async () => {
    const p = (await create(A, {})).body.data;
    const pub = await request(t.app)
      .post('/api/v1/products')
      .set('X-Tenant', A.subdomain)
      .send({ name: 'x', sku: sku(), price: '1.00' });
    expect(pub.status).toBe(401);
    expect((await request(t.app).patch(`/api/v1/products/${p.id}`).set('X-Tenant', A.subdomain).send({})).status).toBe(
      401,
    );
    expect((await request(t.app).delete(`/api/v1/products/${p.id}`).set('X-Tenant', A.subdomain)).status).toBe(401);
    const c = await registerCustomer(t.app, A);
    const auth = { Authorization: `Bearer ${c.accessToken}` };
    const post = await request(t.app).post('/api/v1/products').set(auth).send({ name: 'x', sku: sku(), price: '1.00' });
    expect(post.status).toBe(403);
    expect(post.body.error.code).toBe('FORBIDDEN');
    expect((await request(t.app).patch(`/api/v1/products/${p.id}`).set(auth).send({ name: 'y' })).status).toBe(403);
    expect((await request(t.app).delete(`/api/v1/products/${p.id}`).set(auth)).status).toBe(403);
    expect((await request(t.app).patch(`/api/v1/inventory/${p.id}`).set(auth).send({ delta: 1 })).status).toBe(403);
    expect((await request(t.app).get('/api/v1/inventory').set(auth)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/inventory').set('X-Tenant', A.subdomain)).status).toBe(401);
  });

  it('merchant writes but cannot delete (403); admin without MFA gets MFA_REQUIRED; admin with MFA deletes (204); then public gets 404', async () => {
    const merchant = await createStaff(t.app, A, 'MERCHANT');
    const m = { Authorization: `Bearer ${merchant.accessToken}` };
    const created = await request(t.app).post('/api/v1/products').set(m).send({ name: 'Lamp', sku: sku(), price: 20 });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const patched = await request(t.app).patch(`/api/v1/products/${id}`).set(m).send({ price: '21.00' });
    expect(patched.status).toBe(200);
    expect(patched.body.data.price).toBe('21.00');

    const mDel = await request(t.app).delete(`/api/v1/products/${id}`).set(m);
    expect(mDel.status).toBe(403);
    expect(mDel.body.error.code).toBe('FORBIDDEN');
    expect((await request(t.app).delete(`/api/v1/products/${id}`).set(key(A))).status).toBe(403);

    const noMfa = await adminToken(t.app, A, { mfa: false });
    const nDel = await request(t.app).delete(`/api/v1/products/${id}`).set('Authorization', `Bearer ${noMfa}`);
    expect(nDel.status).toBe(403);
    expect(nDel.body.error.code).toBe('MFA_REQUIRED');
    // ...but read-only calls work without MFA.
    expect((await request(t.app).get(`/api/v1/products/${id}`).set('Authorization', `Bearer ${noMfa}`)).status).toBe(
      200,
    );

    expect((await request(t.app).get(`/api/v1/products/${id}`).set('X-Tenant', A.subdomain)).status).toBe(200);
    const admin = await adminToken(t.app, A);
    const del = await request(t.app).delete(`/api/v1/products/${id}`).set('Authorization', `Bearer ${admin}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');

    const pub = await request(t.app).get(`/api/v1/products/${id}`).set('X-Tenant', A.subdomain);
    expect(pub.status).toBe(404);
    const customer = await registerCustomer(t.app, A);
    expect(
      (await request(t.app).get(`/api/v1/products/${id}`).set('Authorization', `Bearer ${customer.accessToken}`))
        .status,
    ).toBe(404);
    const staff = await request(t.app).get(`/api/v1/products/${id}`).set(m);
    expect(staff.status).toBe(200);
    expect(staff.body.data.isActive).toBe(false);
    const row = await ownerQuery<{ is_active: boolean }>('SELECT is_active FROM products WHERE id = $1', [id]);
    expect(row).toEqual([{ is_active: false }]);
    // Deleting again is a no-op 204; a random id is 404.
    expect((await request(t.app).delete(`/api/v1/products/${id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(
      204,
    );
    const missing = await request(t.app)
      .delete('/api/v1/products/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${admin}`);
    expect(missing.status).toBe(404);
  });

  it('public and customers list only active products, even when asking for isActive=false', async () => {
    const T = await signUpTenant(t.app);
    const a = (await create(T, { name: 'Active one' })).body.data;
    const d = (await create(T, { name: 'Deleted one' })).body.data;
    const admin = await adminToken(t.app, T);
    expect(
      (await request(t.app).delete(`/api/v1/products/${d.id}`).set('Authorization', `Bearer ${admin}`)).status,
    ).toBe(204);
    const pub = await request(t.app).get('/api/v1/products?isActive=false').set('X-Tenant', T.subdomain);
    expect(pub.status).toBe(200);
    expect(pub.body.data.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect(pub.body.meta).toEqual({ page: 1, limit: 20, total: 1 });
    const c = await registerCustomer(t.app, T);
    const cust = await request(t.app).get('/api/v1/products').set('Authorization', `Bearer ${c.accessToken}`);
    expect(cust.body.data.map((p: { id: string }) => p.id)).toEqual([a.id]);
    const staffAll = await request(t.app).get('/api/v1/products').set(key(T));
    expect(staffAll.body.data.map((p: { id: string }) => p.id).sort()).toEqual([a.id, d.id].sort());
    const staffInactive = await request(t.app).get('/api/v1/products?isActive=false').set(key(T));
    expect(staffInactive.body.data.map((p: { id: string }) => p.id)).toEqual([d.id]);
    // Re-activation through PATCH makes it public again.
    const re = await request(t.app).patch(`/api/v1/products/${d.id}`).set(key(T)).send({ isActive: true });
    expect(re.body.data.isActive).toBe(true);
    const pub2 = await request(t.app).get('/api/v1/products').set('X-Tenant', T.subdomain);
    expect(pub2.body.meta.total).toBe(2);
  });

  it('a public list without any tenant is 400', async () => {
    const res = await request(t.app).get('/api/v1/products');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('PATCH /products/:id', () => {
  it('updates given fields only, clears nullable ones, and refuses stock fields', async () => {
    const p = (await create(A, { description: 'd', category: 'c', initialQuantity: 3 })).body.data;
    const res = await request(t.app)
      .patch(`/api/v1/products/${p.id}`)
      .set(key(A))
      .send({ name: 'Renamed', description: null, lowStockThreshold: 2 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: p.id,
      name: 'Renamed',
      sku: p.sku,
      description: null,
      category: 'c',
      price: '9.99',
      inventory: { quantity: 3, threshold: 2, lowStock: false },
    });
    expect(new Date(res.body.data.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(p.updatedAt).getTime());
    const stock = await request(t.app).patch(`/api/v1/products/${p.id}`).set(key(A)).send({ initialQuantity: 9 });
    expect(stock.status).toBe(400);
    const empty = await request(t.app).patch(`/api/v1/products/${p.id}`).set(key(A)).send({});
    expect(empty.status).toBe(400);
    const badId = await request(t.app).patch('/api/v1/products/not-a-uuid').set(key(A)).send({ name: 'x' });
    expect(badId.status).toBe(400);
  });
});
