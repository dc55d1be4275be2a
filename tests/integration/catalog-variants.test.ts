// Products part 2: options and variants, handles, status, metadata, memberships, variant
// routes (archive-not-delete, last variant), by-handle, isolation, audit and events.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
let adminA: string;
let adminB: string;
let customerA: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
  [adminA, adminB, customerA] = await Promise.all([
    adminToken(t.app, A),
    adminToken(t.app, B),
    registerCustomer(t.app, A),
  ]);
});
afterAll(async () => t.close());

const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
let seq = 0;
const sku = (p = 'V') => `${p}-${process.pid}-${++seq}`;
const api = '/api/v1/products';

const shirtBody = (over: Record<string, unknown> = {}) => ({
  name: `Shirt ${++seq}`,
  options: [
    { name: 'Size', values: ['S', 'M', 'L'] },
    { name: 'Color', values: ['Black', 'White'] },
  ],
  variants: [
    { sku: sku(), price: '20.00', optionValues: { Size: 'M', Color: 'Black' }, initialQuantity: 5 },
    { sku: sku(), price: '18.50', optionValues: { Color: 'White', Size: 'S' }, initialQuantity: 0 },
    {
      sku: sku(),
      price: '22.00',
      optionValues: { Size: 'L', Color: 'Black' },
      compareAtPrice: '25.00',
      weightGrams: 300,
    },
  ],
  ...over,
});
const createShirt = (over: Record<string, unknown> = {}, tn = A) =>
  request(t.app).post(api).set(key(tn)).send(shirtBody(over));
const createSimple = (over: Record<string, unknown> = {}, tn = A) =>
  request(t.app)
    .post(api)
    .set(key(tn))
    .send({ name: `Mug ${++seq}`, sku: sku('M'), price: '9.99', initialQuantity: 3, ...over });

/** A customer orders one of the variant (POST /orders with variantId). */
async function orderVariant(variantId: string): Promise<void> {
  const res = await request(t.app)
    .post('/api/v1/orders')
    .set('Authorization', `Bearer ${customerA.accessToken}`)
    .send({
      items: [{ variantId, quantity: 1 }],
      shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
    });
  expect(res.status).toBe(201);
}

describe('options and variants on create', () => {
  it('creates variants with titles in option order; top-level fields describe the first variant', async () => {
    const res = await createShirt();
    expect(res.status).toBe(201);
    const p = res.body.data;
    expect(p.variants.map((v: { title: string }) => v.title)).toEqual(['M / Black', 'S / White', 'L / Black']);
    expect(p.variants.map((v: { position: number }) => v.position)).toEqual([0, 1, 2]);
    expect(p).toMatchObject({
      sku: p.variants[0].sku,
      price: '20.00',
      inventory: { quantity: 5, threshold: 10, lowStock: true },
      priceRange: { min: '18.50', max: '22.00' },
      status: 'active',
      isActive: true,
    });
    expect(p.variants[2]).toMatchObject({
      compareAtPrice: '25.00',
      weightGrams: 300,
      optionValues: { Size: 'L', Color: 'Black' },
    });
    const [row] = await ownerQuery('SELECT sku, price::text AS price FROM products WHERE id = $1', [p.id]);
    expect(row).toEqual({ sku: p.variants[0].sku, price: '20.000' }); // DECIMAL(15,3)
  });

  it('409 VARIANT_CONFLICT for a repeated combination, and nothing is written', async () => {
    const body = shirtBody();
    (body.variants[1] as { optionValues: Record<string, string> }).optionValues = { Color: 'Black', Size: 'M' };
    const res = await request(t.app).post(api).set(key(A)).send(body);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('VARIANT_CONFLICT');
    expect(await ownerQuery('SELECT 1 FROM product_variants WHERE sku = $1', [body.variants[0]!.sku])).toEqual([]);
  });

  it('400 for an undeclared value, a missing option, an unknown option, and part-1 fields mixed with variants', async () => {
    const cases: Record<string, string>[] = [
      { Size: 'XL', Color: 'Black' },
      { Size: 'M' },
      { Size: 'M', Color: 'Black', Fit: 'Slim' },
    ];
    for (const optionValues of cases) {
      const res = await createShirt({ variants: [{ sku: sku(), price: '1.00', optionValues }] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    const mixed = await createShirt({ sku: sku(), price: '1.00' });
    expect(mixed.status).toBe(400);
    const tooMany = await createShirt({ options: [1, 2, 3, 4].map((i) => ({ name: `O${i}`, values: ['a'] })) });
    expect(tooMany.status).toBe(400);
  });

  it('409 SKU_CONFLICT for a SKU used by a variant of another product (create, add, patch)', async () => {
    const first = (await createShirt()).body.data;
    const taken = first.variants[1].sku;
    const dup = await createSimple({ sku: taken });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('SKU_CONFLICT');
    expect(dup.body.error.details.sku).toBe(taken);
    const multi = await createShirt({
      variants: [
        { sku: sku(), price: '1.00', optionValues: { Size: 'S', Color: 'Black' } },
        { sku: taken, price: '1.00', optionValues: { Size: 'M', Color: 'Black' } },
      ],
    });
    expect(multi.status).toBe(409);
    expect(multi.body.error).toMatchObject({ code: 'SKU_CONFLICT', details: { sku: taken } });
    const other = (await createShirt()).body.data;
    const add = await request(t.app)
      .post(`${api}/${other.id}/variants`)
      .set(key(A))
      .send({ sku: taken, price: '1.00', optionValues: { Size: 'S', Color: 'Black' } });
    expect(add.status).toBe(409);
    expect(add.body.error.code).toBe('SKU_CONFLICT');
    const patch = await request(t.app)
      .patch(`${api}/${other.id}/variants/${other.variants[0].id}`)
      .set(key(A))
      .send({ sku: taken });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('SKU_CONFLICT');
    // Another tenant may use it.
    expect((await createSimple({ sku: taken }, B)).status).toBe(201);
  });
});

describe('variant routes', () => {
  it('adds a variant (201, product.updated with the whole product, audited), then 409 on its combination', async () => {
    const p = (await createShirt()).body.data;
    const s = sku();
    const add = await request(t.app)
      .post(`${api}/${p.id}/variants`)
      .set(key(A))
      .send({
        sku: s,
        price: '5.00',
        optionValues: { Size: 'S', Color: 'Black' },
        initialQuantity: 7,
        metadata: { bin: 'A1' },
      });
    expect(add.status).toBe(201);
    expect(add.body.data).toMatchObject({
      productId: p.id,
      sku: s,
      title: 'S / Black',
      position: 3,
      status: 'active',
      metadata: { bin: 'A1' },
      inventory: { onHand: 7, reserved: 0, available: 7, threshold: 10, lowStock: true },
    });
    const got = (await request(t.app).get(`${api}/${p.id}`).set(key(A))).body.data;
    expect(got.variants).toHaveLength(4);
    expect(got.priceRange).toEqual({ min: '5.00', max: '22.00' });
    const again = await request(t.app)
      .post(`${api}/${p.id}/variants`)
      .set(key(A))
      .send({ sku: sku(), price: '5.00', optionValues: { Size: 'S', Color: 'Black' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('VARIANT_CONFLICT');
    const audit = await ownerQuery('SELECT action FROM audit_logs WHERE resource = $1 AND resource_id = $2', [
      'product_variant',
      add.body.data.id,
    ]);
    expect(audit).toEqual([{ action: 'CREATE' }]);
    const events = await ownerQuery<{ payload: { data: { variants: { id: string }[] } } }>(
      `SELECT payload FROM outbox_events WHERE tenant_id = $1 AND type = 'product.updated' AND payload->'data'->>'id' = $2`,
      [A.tenantId, p.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload.data.variants.map((v) => v.id)).toContain(add.body.data.id);
  });

  it('a variant that was ordered is archived, not deleted; staff still see it, public callers do not', async () => {
    const p = (await createShirt()).body.data;
    const [v0, v1, v2] = p.variants;
    await orderVariant(v0.id);
    const del = await request(t.app)
      .delete(`${api}/${p.id}/variants/${v0.id}`)
      .set('Authorization', `Bearer ${adminA}`);
    expect(del.status).toBe(204);
    expect(await ownerQuery('SELECT status FROM product_variants WHERE id = $1', [v0.id])).toEqual([
      { status: 'archived' },
    ]);
    // Never ordered: really deleted, with its stock row.
    const del2 = await request(t.app)
      .delete(`${api}/${p.id}/variants/${v1.id}`)
      .set('Authorization', `Bearer ${adminA}`);
    expect(del2.status).toBe(204);
    expect(await ownerQuery('SELECT 1 FROM product_variants WHERE id = $1', [v1.id])).toEqual([]);
    expect(await ownerQuery('SELECT 1 FROM inventory WHERE variant_id = $1', [v1.id])).toEqual([]);
    const staff = (await request(t.app).get(`${api}/${p.id}`).set(key(A))).body.data;
    expect(staff.variants.map((v: { id: string; status: string }) => [v.id, v.status])).toEqual([
      [v0.id, 'archived'],
      [v2.id, 'active'],
    ]);
    // The first variant is now the first ACTIVE one.
    expect(staff).toMatchObject({ sku: v2.sku, price: '22.00', priceRange: { min: '22.00', max: '22.00' } });
    const pub = (await request(t.app).get(`${api}/${p.id}`).set('X-Tenant', A.subdomain)).body.data;
    expect(pub.variants.map((v: { id: string }) => v.id)).toEqual([v2.id]);
    // An archived variant cannot be ordered any more.
    const again = await request(t.app)
      .post('/api/v1/orders')
      .set('Authorization', `Bearer ${customerA.accessToken}`)
      .send({
        items: [{ variantId: v0.id, quantity: 1 }],
        shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
      });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('VARIANT_UNAVAILABLE');
    // v2 is the last active variant now.
    const last = await request(t.app)
      .delete(`${api}/${p.id}/variants/${v2.id}`)
      .set('Authorization', `Bearer ${adminA}`);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('LAST_VARIANT');
  });

  it('the last active variant cannot be deleted nor archived (409 LAST_VARIANT); MERCHANT keys cannot delete', async () => {
    const p = (await createSimple()).body.data;
    const v = p.variants[0];
    const del = await request(t.app).delete(`${api}/${p.id}/variants/${v.id}`).set('Authorization', `Bearer ${adminA}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('LAST_VARIANT');
    const arch = await request(t.app).patch(`${api}/${p.id}/variants/${v.id}`).set(key(A)).send({ status: 'archived' });
    expect(arch.status).toBe(409);
    expect(arch.body.error.code).toBe('LAST_VARIANT');
    const byKey = await request(t.app).delete(`${api}/${p.id}/variants/${v.id}`).set(key(A));
    expect([401, 403]).toContain(byKey.status);
    expect(await ownerQuery('SELECT status FROM product_variants WHERE id = $1', [v.id])).toEqual([
      { status: 'active' },
    ]);
  });

  it('PATCH a variant: price, optionValues (title follows), threshold raises inventory.low_stock', async () => {
    const p = (await createShirt()).body.data;
    const v = p.variants[0];
    const res = await request(t.app)
      .patch(`${api}/${p.id}/variants/${v.id}`)
      .set(key(A))
      .send({ price: '30.00', optionValues: { Size: 'S', Color: 'Black' }, lowStockThreshold: 2 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      price: '30.00',
      title: 'S / Black',
      inventory: { available: 5, threshold: 2, lowStock: false },
    });
    const [row] = await ownerQuery('SELECT price::text AS price FROM products WHERE id = $1', [p.id]);
    expect(row).toEqual({ price: '30.000' });
    const low = await request(t.app)
      .patch(`${api}/${p.id}/variants/${v.id}`)
      .set(key(A))
      .send({ lowStockThreshold: 5 });
    expect(low.status).toBe(200);
    const events = await ownerQuery<{ payload: { data: { productId: string; threshold: number } } }>(
      `SELECT payload FROM outbox_events WHERE tenant_id = $1 AND type = 'inventory.low_stock' AND payload->'data'->>'productId' = $2`,
      [A.tenantId, p.id],
    );
    expect(events.map((e) => e.payload.data.threshold)).toEqual([5]);
    const clash = await request(t.app)
      .patch(`${api}/${p.id}/variants/${v.id}`)
      .set(key(A))
      .send({ optionValues: { Size: 'L', Color: 'Black' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('VARIANT_CONFLICT');
  });
});

describe('PATCH /products with variants and options', () => {
  it('part-1 sku/price change the first variant of a multi-variant product', async () => {
    const p = (await createShirt()).body.data;
    const s = sku();
    const res = await request(t.app).patch(`${api}/${p.id}`).set(key(A)).send({ sku: s, price: '11.00' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ sku: s, price: '11.00', priceRange: { min: '11.00', max: '22.00' } });
    expect(res.body.data.variants[0]).toMatchObject({ id: p.variants[0].id, sku: s, price: '11.00' });
    expect(res.body.data.variants[1]).toMatchObject({ sku: p.variants[1].sku, price: '18.50' });
  });

  it('options: values may be added; renaming an option in use is 409 OPTIONS_IN_USE', async () => {
    const p = (await createShirt()).body.data;
    const add = await request(t.app)
      .patch(`${api}/${p.id}`)
      .set(key(A))
      .send({ options: [{ name: 'Size', values: ['S', 'M', 'L', 'XL'] }, p.options[1]] });
    expect(add.status).toBe(200);
    expect(add.body.data.options[0].values).toEqual(['S', 'M', 'L', 'XL']);
    const rename = await request(t.app)
      .patch(`${api}/${p.id}`)
      .set(key(A))
      .send({ options: [{ name: 'Taille', values: ['S', 'M', 'L'] }, p.options[1]] });
    expect(rename.status).toBe(409);
    expect(rename.body.error.code).toBe('OPTIONS_IN_USE');
    const drop = await request(t.app)
      .patch(`${api}/${p.id}`)
      .set(key(A))
      .send({ options: [{ name: 'Size', values: ['S', 'L'] }, p.options[1]] });
    expect(drop.status).toBe(409);
  });

  it('status: draft products are hidden from public callers; isActive is status === active', async () => {
    const p = (await createSimple({ status: 'draft' })).body.data;
    expect(p).toMatchObject({ status: 'draft', isActive: false });
    expect((await request(t.app).get(`${api}/${p.id}`).set('X-Tenant', A.subdomain)).status).toBe(404);
    const act = await request(t.app).patch(`${api}/${p.id}`).set(key(A)).send({ isActive: true });
    expect(act.body.data.status).toBe('active');
    expect((await request(t.app).get(`${api}/${p.id}`).set('X-Tenant', A.subdomain)).status).toBe(200);
    await request(t.app).delete(`${api}/${p.id}`).set('Authorization', `Bearer ${adminA}`).expect(204);
    const staff = (await request(t.app).get(`${api}/${p.id}`).set(key(A))).body.data;
    expect(staff).toMatchObject({ status: 'archived', isActive: false });
  });
});

describe('metadata', () => {
  it('is returned to staff only (product and variants, by id and by handle)', async () => {
    const p = (
      await createShirt({
        metadata: { supplier: 'ACME', cost: 4.2 },
        variants: [{ sku: sku(), price: '1.00', optionValues: { Size: 'S', Color: 'Black' }, metadata: { bin: 'B7' } }],
      })
    ).body.data;
    expect(p.metadata).toEqual({ supplier: 'ACME', cost: 4.2 });
    expect(p.variants[0].metadata).toEqual({ bin: 'B7' });
    const readers = [
      { 'X-Tenant': A.subdomain },
      { 'X-Tenant': A.subdomain, Authorization: `Bearer ${customerA.accessToken}` },
    ];
    for (const headers of readers)
      for (const path of [`${api}/${p.id}`, `${api}/by-handle/${p.handle}`]) {
        const res = await request(t.app).get(path).set(headers);
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain('ACME');
        expect(JSON.stringify(res.body)).not.toContain('B7');
        expect(res.body.data).not.toHaveProperty('metadata');
        expect(res.body.data.variants[0]).not.toHaveProperty('metadata');
      }
    const staff = await request(t.app).get(`${api}/by-handle/${p.handle}`).set(key(A));
    expect(staff.body.data.metadata).toEqual({ supplier: 'ACME', cost: 4.2 });
  });

  it('limits: 50 keys, keys of 40 characters, strings of 500 characters', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect((await createSimple({ metadata: many })).status).toBe(400);
    expect((await createSimple({ metadata: { ['k'.repeat(41)]: 'v' } })).status).toBe(400);
    expect((await createSimple({ metadata: { k: 'v'.repeat(501) } })).status).toBe(400);
    const ok = await createSimple({ metadata: { ['k'.repeat(40)]: 'v'.repeat(500) } });
    expect(ok.status).toBe(201);
  });
});

describe('handles', () => {
  it('generated from the name with a numeric suffix on a clash; a given taken handle is 409', async () => {
    const name = `Summer Shirt ${process.pid}-${++seq}!`;
    const base = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/-$/, '');
    const a = (await createSimple({ name })).body.data;
    const b = (await createSimple({ name })).body.data;
    expect(a.handle).toBe(base);
    expect(b.handle).toBe(`${base}-2`);
    const taken = await createSimple({ handle: base });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('HANDLE_CONFLICT');
    const patch = await request(t.app).patch(`${api}/${b.id}`).set(key(A)).send({ handle: base });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('HANDLE_CONFLICT');
    expect((await createSimple({ handle: 'Not A Handle' })).status).toBe(400);
    // The same handle in another tenant is fine.
    expect((await createSimple({ handle: base }, B)).status).toBe(201);
  });

  it('concurrent creates of one name all succeed with distinct handles', async () => {
    const n = ++seq;
    const name = `Rush ${process.pid} ${n}`;
    const res = await Promise.all(Array.from({ length: 6 }, () => createSimple({ name })));
    expect(res.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const handles = res.map((r) => r.body.data.handle as string).sort();
    const base = `rush-${process.pid}-${n}`;
    expect(handles).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`, `${base}-5`, `${base}-6`].sort());
  });

  it('GET /products/by-handle/:handle for public callers; 404 for unknown, draft or archived ones', async () => {
    const p = (await createSimple({ handle: `by-handle-${process.pid}-${++seq}` })).body.data;
    const pub = await request(t.app).get(`${api}/by-handle/${p.handle}`).set('X-Tenant', A.subdomain);
    expect(pub.status).toBe(200);
    expect(pub.body.data.id).toBe(p.id);
    expect((await request(t.app).get(`${api}/by-handle/nope-${seq}`).set('X-Tenant', A.subdomain)).status).toBe(404);
    await request(t.app).delete(`${api}/${p.id}`).set('Authorization', `Bearer ${adminA}`).expect(204);
    expect((await request(t.app).get(`${api}/by-handle/${p.handle}`).set('X-Tenant', A.subdomain)).status).toBe(404);
    expect((await request(t.app).get(`${api}/by-handle/${p.handle}`).set(key(A))).status).toBe(200);
  });
});

describe('categories and collections membership', () => {
  it('categoryIds/collectionIds are stored and replaced; unknown or foreign ids are 400', async () => {
    const [cat1, cat2, col, catB] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await ownerQuery(
      `INSERT INTO categories (id, tenant_id, name, handle, updated_at) VALUES
       ($1::uuid, $4::uuid, 'C1', $1::text, now()), ($2::uuid, $4::uuid, 'C2', $2::text, now()), ($3::uuid, $5::uuid, 'CB', $3::text, now())`,
      [cat1, cat2, catB, A.tenantId, B.tenantId],
    );
    await ownerQuery(
      `INSERT INTO collections (id, tenant_id, title, handle, updated_at) VALUES ($1::uuid, $2::uuid, 'Sale', $1::text, now())`,
      [col, A.tenantId],
    );
    const p = (await createSimple({ categoryIds: [cat1], collectionIds: [col] })).body.data;
    expect(p).toMatchObject({ categoryIds: [cat1], collectionIds: [col] });
    const patched = await request(t.app)
      .patch(`${api}/${p.id}`)
      .set(key(A))
      .send({ categoryIds: [cat2] });
    expect(patched.body.data).toMatchObject({ categoryIds: [cat2], collectionIds: [col] });
    for (const body of [{ categoryIds: [catB] }, { collectionIds: [randomUUID()] }]) {
      const bad = await request(t.app).patch(`${api}/${p.id}`).set(key(A)).send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await createSimple({ categoryIds: [catB] })).status).toBe(400);
    const rows = await ownerQuery('SELECT category_id FROM product_categories WHERE product_id = $1', [p.id]);
    expect(rows).toEqual([{ category_id: cat2 }]);
  });
});

describe('tenant isolation on the new routes', () => {
  it("tenant B sees and changes nothing of tenant A's products and variants", async () => {
    const p = (await createShirt({ handle: `iso-${process.pid}-${++seq}` })).body.data;
    const v = p.variants[0];
    const mine = (await createShirt({}, B)).body.data;
    const checks = [
      request(t.app).get(`${api}/by-handle/${p.handle}`).set(key(B)),
      request(t.app).get(`${api}/by-handle/${p.handle}`).set('X-Tenant', B.subdomain),
      request(t.app)
        .post(`${api}/${p.id}/variants`)
        .set(key(B))
        .send({ sku: sku(), price: '1.00', optionValues: { Size: 'S', Color: 'White' } }),
      request(t.app).patch(`${api}/${p.id}/variants/${v.id}`).set(key(B)).send({ price: '0.01' }),
      // A's variant under B's own product: still not found.
      request(t.app).patch(`${api}/${mine.id}/variants/${v.id}`).set(key(B)).send({ price: '0.01' }),
      request(t.app).delete(`${api}/${p.id}/variants/${v.id}`).set('Authorization', `Bearer ${adminB}`),
      request(t.app).delete(`${api}/${mine.id}/variants/${v.id}`).set('Authorization', `Bearer ${adminB}`),
    ];
    for (const res of await Promise.all(checks)) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const after = (await request(t.app).get(`${api}/${p.id}`).set(key(A))).body.data;
    expect(after.variants).toEqual(p.variants);
  });
});
