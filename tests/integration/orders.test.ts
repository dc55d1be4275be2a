// Orders: creation (validation, exact totals, stock, outbox, audit), reads and visibility,
// and Idempotency-Key semantics.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { address, createProduct, orderBody, outboxTypes, postOrder, stockOf } from './orders.fixtures';

let t: TestApp;
let tenant: SignedUpTenant;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await makeTestApp();
  tenant = await signUpTenant(t.app);
  [alice, bob] = await Promise.all([registerCustomer(t.app, tenant), registerCustomer(t.app, tenant)]);
});
afterAll(async () => {
  await t.close();
});

describe('POST /orders — totals, snapshot, stock, events', () => {
  it('computes exact line totals and total in minor units (2 × 129.99 = 259.98, 3 × 0.10 = 0.30)', async () => {
    const a = await createProduct(t.app, tenant, { price: '129.99', quantity: 10 });
    const b = await createProduct(t.app, tenant, { price: '0.10', quantity: 10 });
    const res = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 3 },
      ]),
    );
    expect(res.status).toBe(201);
    const o = res.body.data;
    const line = (id: string) => o.items.find((i: { productId: string }) => i.productId === id);
    expect(line(a.id)).toMatchObject({ quantity: 2, unitPrice: '129.99', lineTotal: '259.98', sku: a.sku });
    expect(line(b.id)).toMatchObject({ quantity: 3, unitPrice: '0.10', lineTotal: '0.30' });
    expect(o).toMatchObject({
      status: 'PENDING',
      customerId: alice.id,
      customerEmail: alice.email,
      totalAmount: '260.28',
      currency: tenant.currency,
      payment: null,
      shippingAddress: address,
    });
    const [row] = await ownerQuery<{ total_amount: string }>(
      'SELECT total_amount::text AS total_amount FROM orders WHERE id = $1',
      [o.id],
    );
    // NUMERIC(15,3): three-decimal currencies (KWD) need the third place.
    expect(row!.total_amount).toBe('260.280');
    expect(await stockOf(a.id)).toBe(8);
    expect(await stockOf(b.id)).toBe(7);
  });

  it('snapshots the unit price: a later price change does not alter the order', async () => {
    const p = await createProduct(t.app, tenant, { price: '19.99', quantity: 5 });
    const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 1 }]));
    expect(res.status).toBe(201);
    await ownerQuery('UPDATE products SET price = 99.00 WHERE id = $1', [p.id]);
    await ownerQuery('UPDATE product_variants SET price = 99.00 WHERE product_id = $1', [p.id]);
    const got = await request(t.app)
      .get(`/api/v1/orders/${res.body.data.id}`)
      .set('Authorization', `Bearer ${alice.accessToken}`);
    expect(got.status).toBe(200);
    expect(got.body.data.items[0]).toMatchObject({ unitPrice: '19.99', lineTotal: '19.99' });
    expect(got.body.data.totalAmount).toBe('19.99');
  });

  it('writes the order.created outbox event and the audit row with the order', async () => {
    const p = await createProduct(t.app, tenant, { price: '5.00', quantity: 5 });
    const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 2 }]));
    expect(res.status).toBe(201);
    const id = res.body.data.id;
    expect(await outboxTypes(tenant.tenantId, id)).toEqual(['order.created']);
    const [ev] = await ownerQuery<{ payload: { data: { totalAmount: string } } }>(
      `SELECT payload FROM outbox_events WHERE type = 'order.created' AND payload->'data'->>'id' = $1`,
      [id],
    );
    expect(ev!.payload.data.totalAmount).toBe('10.00');
    const audit = await ownerQuery(
      `SELECT action, user_id FROM audit_logs WHERE resource = 'order' AND resource_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ action: 'CREATE', user_id: alice.id }]);
  });

  it('409 INSUFFICIENT_STOCK with details, and nothing changes (earlier lines are not taken)', async () => {
    const ok = await createProduct(t.app, tenant, { price: '1.00', quantity: 10 });
    const short = await createProduct(t.app, tenant, { price: '1.00', quantity: 2 });
    const before = await ownerQuery('SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1', [tenant.tenantId]);
    const res = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([
        { productId: ok.id, quantity: 5 },
        { productId: short.id, quantity: 3 },
      ]),
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { productId: short.id, requested: 3, available: 2 },
    });
    expect(await stockOf(ok.id)).toBe(10);
    expect(await stockOf(short.id)).toBe(2);
    const after = await ownerQuery('SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1', [tenant.tenantId]);
    expect(after).toEqual(before);
  });

  it('404 with the product id for an unknown (or other-tenant) product; 400 for an inactive one', async () => {
    const other = await signUpTenant(t.app);
    const foreign = await createProduct(t.app, other, { price: '1.00', quantity: 5 });
    const res = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([{ productId: foreign.id, quantity: 1 }]),
    );
    expect(res.status).toBe(404);
    expect(res.body.error.details).toEqual({ productId: foreign.id });
    expect(await stockOf(foreign.id)).toBe(5);

    const inactive = await createProduct(t.app, tenant, { price: '1.00', quantity: 5 });
    await ownerQuery(`UPDATE products SET status = 'archived' WHERE id = $1`, [inactive.id]);
    const res2 = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([{ productId: inactive.id, quantity: 1 }]),
    );
    expect(res2.status).toBe(400);
    expect(res2.body.error.details.productId).toBe(inactive.id);
  });

  it.each([
    ['no lines', { items: [], shippingAddress: address }],
    [
      'quantity 0',
      { items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 0 }], shippingAddress: address },
    ],
    [
      'quantity 1001',
      { items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1001 }], shippingAddress: address },
    ],
    [
      'a fractional quantity',
      { items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1.5 }], shippingAddress: address },
    ],
    [
      'duplicate products',
      {
        items: [
          { productId: '00000000-0000-4000-8000-000000000001', quantity: 1 },
          { productId: '00000000-0000-4000-8000-000000000001', quantity: 2 },
        ],
        shippingAddress: address,
      },
    ],
    [
      '101 lines',
      {
        items: Array.from({ length: 101 }, (_, i) => ({
          productId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          quantity: 1,
        })),
        shippingAddress: address,
      },
    ],
    [
      'an unknown country (XX)',
      {
        items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1 }],
        shippingAddress: { ...address, country: 'XX' },
      },
    ],
    [
      'a lower-case country',
      {
        items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1 }],
        shippingAddress: { ...address, country: 'us' },
      },
    ],
    [
      'a missing postal code',
      {
        items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1 }],
        shippingAddress: { line1: 'x', city: 'y', country: 'US' },
      },
    ],
    [
      'an unknown field',
      {
        items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1 }],
        shippingAddress: address,
        coupon: 'FREE',
      },
    ],
    [
      'a bad e-mail',
      {
        items: [{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1 }],
        shippingAddress: address,
        customerEmail: 'nope',
      },
    ],
  ])('400 VALIDATION_ERROR for %s', async (_name, body) => {
    const res = await postOrder(t.app, { bearer: alice.accessToken }, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.issues.length).toBeGreaterThan(0);
  });

  it('staff order for a customer with customerId; without it 400; an unknown customer 404; a customer cannot order for another', async () => {
    const p = await createProduct(t.app, tenant, { price: '2.50', quantity: 10 });
    const staff = await postOrder(
      t.app,
      { apiKey: tenant.apiKey },
      { ...orderBody([{ productId: p.id, quantity: 1 }], bob.id), customerName: 'Bob B.' },
    );
    expect(staff.status).toBe(201);
    expect(staff.body.data).toMatchObject({ customerId: bob.id, customerName: 'Bob B.', customerEmail: bob.email });
    expect(
      (await postOrder(t.app, { apiKey: tenant.apiKey }, orderBody([{ productId: p.id, quantity: 1 }]))).status,
    ).toBe(400);
    const unknown = await postOrder(
      t.app,
      { apiKey: tenant.apiKey },
      orderBody([{ productId: p.id, quantity: 1 }], '00000000-0000-4000-8000-000000000009'),
    );
    expect(unknown.status).toBe(404);
    const asOther = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([{ productId: p.id, quantity: 1 }], bob.id),
    );
    expect(asOther.status).toBe(400);
    expect(await stockOf(p.id)).toBe(9);
  });

  it('stock changes invalidate the product cache (a read after the order sees the new quantity) and crossing the threshold emits inventory.low_stock', async () => {
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 12, threshold: 10 });
    const read = () => request(t.app).get(`/api/v1/products/${p.id}`).set('X-API-Key', tenant.apiKey);
    expect((await read()).body.data.inventory.quantity).toBe(12);
    expect((await read()).body.data.inventory.quantity).toBe(12); // now cached
    const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 3 }]));
    expect(res.status).toBe(201);
    expect((await read()).body.data.inventory).toMatchObject({ quantity: 9, lowStock: true });
    const low = await ownerQuery(
      `SELECT payload->'data' AS data FROM outbox_events WHERE type = 'inventory.low_stock' AND payload->'data'->>'productId' = $1`,
      [p.id],
    );
    expect(low).toEqual([{ data: expect.objectContaining({ productId: p.id, quantity: 9, threshold: 10 }) }]);
    await request(t.app)
      .delete(`/api/v1/orders/${res.body.data.id}`)
      .set('Authorization', `Bearer ${alice.accessToken}`)
      .expect(200);
    expect((await read()).body.data.inventory.quantity).toBe(12);
  });

  it('400 (not 500) when a total would not fit the money columns, and no stock is taken', async () => {
    const p = await createProduct(t.app, tenant, { price: '99999999.99', quantity: 1000 });
    const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 1000 }]));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(await stockOf(p.id)).toBe(1000);
  });

  it('401 without credentials', async () => {
    const res = await request(t.app).post('/api/v1/orders').set('X-Tenant', tenant.subdomain).send(orderBody([]));
    expect(res.status).toBe(401);
  });
});

describe('GET /orders, GET /orders/:id — visibility', () => {
  let aliceOrder: string;
  let bobOrder: string;
  beforeAll(async () => {
    const p = await createProduct(t.app, tenant, { price: '3.00', quantity: 100 });
    aliceOrder = (await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 1 }])))
      .body.data.id;
    bobOrder = (await postOrder(t.app, { bearer: bob.accessToken }, orderBody([{ productId: p.id, quantity: 1 }]))).body
      .data.id;
  });

  it('a customer lists only their own orders; staff list all, with status filter and pagination meta', async () => {
    const mine = await request(t.app).get('/api/v1/orders?limit=100').set('Authorization', `Bearer ${bob.accessToken}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.every((o: { customerId: string }) => o.customerId === bob.id)).toBe(true);
    expect(mine.body.data.map((o: { id: string }) => o.id)).toContain(bobOrder);
    expect(mine.body.data.map((o: { id: string }) => o.id)).not.toContain(aliceOrder);

    const all = await request(t.app)
      .get('/api/v1/orders?status=PENDING&limit=2&page=1')
      .set('X-API-Key', tenant.apiKey);
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(2);
    expect(all.body.meta).toMatchObject({ page: 1, limit: 2 });
    expect(all.body.meta.total).toBeGreaterThanOrEqual(2);
    expect(all.body.data.every((o: { status: string }) => o.status === 'PENDING')).toBe(true);

    const none = await request(t.app).get('/api/v1/orders?status=SHIPPED').set('X-API-Key', tenant.apiKey);
    expect(none.body).toMatchObject({ data: [], meta: { total: 0 } });
    expect((await request(t.app).get('/api/v1/orders?status=NOPE').set('X-API-Key', tenant.apiKey)).status).toBe(400);
  });

  it("a customer asking for another customer's order gets 404; another tenant gets 404", async () => {
    const res = await request(t.app)
      .get(`/api/v1/orders/${bobOrder}`)
      .set('Authorization', `Bearer ${alice.accessToken}`);
    expect(res.status).toBe(404);
    const own = await request(t.app)
      .get(`/api/v1/orders/${aliceOrder}`)
      .set('Authorization', `Bearer ${alice.accessToken}`);
    expect(own.status).toBe(200);
    const other = await signUpTenant(t.app);
    const cross = await request(t.app).get(`/api/v1/orders/${aliceOrder}`).set('X-API-Key', other.apiKey);
    expect(cross.status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response (same status and body, Idempotent-Replayed: true) and creates one order', async () => {
    const p = await createProduct(t.app, tenant, { price: '7.77', quantity: 10 });
    const body = orderBody([{ productId: p.id, quantity: 2 }]);
    const first = await postOrder(t.app, { bearer: alice.accessToken }, body, 'key-replay-1');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await postOrder(t.app, { bearer: alice.accessToken }, body, 'key-replay-1');
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await stockOf(p.id)).toBe(8);
    const n = await ownerQuery('SELECT count(*)::int AS n FROM order_items WHERE product_id = $1', [p.id]);
    expect(n).toEqual([{ n: 1 }]);
  });

  it('422 IDEMPOTENCY_KEY_REUSED for the same key with a different body', async () => {
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 10 });
    const first = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([{ productId: p.id, quantity: 1 }]),
      'key-422',
    );
    expect(first.status).toBe(201);
    const other = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([{ productId: p.id, quantity: 2 }]),
      'key-422',
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stockOf(p.id)).toBe(9);
  });

  it('the key is scoped to the principal: another customer with the same key gets their own order', async () => {
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 10 });
    const body = orderBody([{ productId: p.id, quantity: 1 }]);
    const a = await postOrder(t.app, { bearer: alice.accessToken }, body, 'shared-key');
    const b = await postOrder(t.app, { bearer: bob.accessToken }, body, 'shared-key');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.data.id).not.toBe(a.body.data.id);
    expect(b.body.data.customerId).toBe(bob.id);
  });

  it('concurrent requests with the same key create exactly one order', async () => {
    const p = await createProduct(t.app, tenant, { price: '4.00', quantity: 100 });
    const body = orderBody([{ productId: p.id, quantity: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => postOrder(t.app, { bearer: alice.accessToken }, body, 'key-concurrent')),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.data.id));
    expect(ids.size).toBe(1);
    expect(await stockOf(p.id)).toBe(99);
  });

  it('a failed request stores nothing: after a 409 the same key can succeed', async () => {
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 1 });
    const body = orderBody([{ productId: p.id, quantity: 2 }]);
    expect((await postOrder(t.app, { bearer: alice.accessToken }, body, 'key-retry')).status).toBe(409);
    await ownerQuery('UPDATE inventory SET on_hand = reserved + 5 WHERE product_id = $1', [p.id]);
    const retry = await postOrder(t.app, { bearer: alice.accessToken }, body, 'key-retry');
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('after 24 h the key is free again: an expired key with another body creates a new order', async () => {
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 10 });
    const first = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([{ productId: p.id, quantity: 1 }]),
      'key-old',
    );
    expect(first.status).toBe(201);
    const [row] = await ownerQuery<{ hours: number }>(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM idempotency_keys
       WHERE tenant_id = $1 AND key = 'key-old'`,
      [tenant.tenantId],
    );
    expect(row!.hours).toBe(24);
    await ownerQuery(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND key = 'key-old'`,
      [tenant.tenantId],
    );
    const later = await postOrder(
      t.app,
      { bearer: alice.accessToken },
      orderBody([{ productId: p.id, quantity: 2 }]),
      'key-old',
    );
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.body.data.id).not.toBe(first.body.data.id);
    expect(await stockOf(p.id)).toBe(7);
  });

  it('400 for an over-long key', async () => {
    const body = orderBody([{ productId: '00000000-0000-4000-8000-000000000001', quantity: 1 }]);
    const res = await postOrder(t.app, { bearer: alice.accessToken }, body, 'k'.repeat(256));
    expect(res.status).toBe(400);
  });
});
