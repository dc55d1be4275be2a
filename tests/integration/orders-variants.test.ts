// Orders and inventory by variant: lines name a variant (or a one-variant product), snapshot
// it, and move its stock between available, reserved and on hand: placing reserves, cancelling
// (PENDING, PAID, expiry) releases, fulfilling ships. Part-1 PATCH {quantity|delta} means
// available. Tenant isolation of variant ids. (Manual payment provider: no Stripe keys.)
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { OrdersService } from '../../src/modules/orders/orders.service';
import {
  createProduct,
  createVariantProduct,
  orderBody,
  postOrder,
  stockOf,
  variantStock,
  type TestVariant,
} from './orders.fixtures';

let t: TestApp;
let A: SignedUpTenant;
let alice: TestUser;

beforeAll(async () => {
  t = await makeTestApp();
  expect(t.config.STRIPE_SECRET_KEY).toBeUndefined();
  A = await signUpTenant(t.app);
  alice = await registerCustomer(t.app, A);
});
afterAll(() => t.close());

const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
const order = (items: Array<{ productId?: string; variantId?: string; quantity: number }>) =>
  postOrder(t.app, { bearer: alice.accessToken }, orderBody(items));
const setStatus = (id: string, status: string) =>
  request(t.app).patch(`/api/v1/orders/${id}/status`).set(key(A)).send({ status });
const cancel = (id: string) => request(t.app).delete(`/api/v1/orders/${id}`).set(key(A));
const patchVariant = (tn: SignedUpTenant, id: string, body: Record<string, unknown>) =>
  request(t.app).patch(`/api/v1/inventory/variants/${id}`).set(key(tn)).send(body);
const ordersOf = async (tenantId: string) =>
  (await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1', [tenantId]))[0]!.n;

/** S (5 in stock, 12.00), M (20, 15.50), L (0, 15.50). */
async function shirt(): Promise<{ id: string; name: string; S: TestVariant; M: TestVariant; L: TestVariant }> {
  const p = await createVariantProduct(t.app, A, [
    { size: 'S', price: '12.00', quantity: 5 },
    { size: 'M', price: '15.50', quantity: 20, threshold: 10 },
    { size: 'L', price: '15.50', quantity: 0 },
  ]);
  const [S, M, L] = p.variants;
  return { id: p.id, name: p.name, S: S!, M: M!, L: L! };
}

describe('POST /orders with variants', () => {
  it('a line by variantId snapshots the variant and reserves its stock (available → reserved); other variants untouched', async () => {
    const p = await shirt();
    const res = await order([
      { variantId: p.M.id, quantity: 3 },
      { variantId: p.S.id, quantity: 1 },
    ]);
    expect(res.status).toBe(201);
    const o = res.body.data;
    const line = (vid: string) => o.items.find((i: { variantId: string }) => i.variantId === vid);
    expect(line(p.M.id)).toEqual({
      id: expect.any(String),
      productId: p.id,
      variantId: p.M.id,
      sku: p.M.sku,
      name: p.name,
      variantTitle: 'M',
      optionValues: { Size: 'M' },
      quantity: 3,
      unitPrice: '15.50',
      lineTotal: '46.50',
      subtotal: '46.50',
      discountTotal: '0.00',
      taxTotal: '0.00',
      total: '46.50',
    });
    expect(line(p.S.id)).toMatchObject({ sku: p.S.sku, variantTitle: 'S', unitPrice: '12.00', lineTotal: '12.00' });
    expect(o.totalAmount).toBe('58.50');
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 3, available: 17 });
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect(await variantStock(p.L.id)).toEqual({ onHand: 0, reserved: 0, available: 0 });
    // The stored order reads back as it was answered; later variant changes do not alter it.
    await ownerQuery(`UPDATE product_variants SET price = 99.00, title = 'Medium' WHERE id = $1`, [p.M.id]);
    const got = await request(t.app).get(`/api/v1/orders/${o.id}`).set('Authorization', `Bearer ${alice.accessToken}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(o);
    const [row] = await ownerQuery<{ variant_id: string; variant_title: string; option_values: unknown }>(
      'SELECT variant_id, variant_title, option_values FROM order_items WHERE order_id = $1 AND variant_id = $2',
      [o.id, p.M.id],
    );
    expect(row).toEqual({ variant_id: p.M.id, variant_title: 'M', option_values: { Size: 'M' } });
  });

  it('productId alone: works for a one-variant product (its Default variant), 400 VARIANT_REQUIRED for several', async () => {
    const one = await createProduct(t.app, A, { price: '2.00', quantity: 5 });
    const ok = await order([{ productId: one.id, quantity: 2 }]);
    expect(ok.status).toBe(201);
    expect(ok.body.data.items[0]).toMatchObject({
      productId: one.id,
      variantId: expect.any(String),
      sku: one.sku,
      variantTitle: 'Default',
      optionValues: {},
    });
    expect(await variantStock(ok.body.data.items[0].variantId)).toEqual({ onHand: 5, reserved: 2, available: 3 });

    const p = await shirt();
    const before = await ordersOf(A.tenantId);
    const res = await order([{ productId: p.id, quantity: 1 }]);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VARIANT_REQUIRED', details: { productId: p.id } });
    expect(await ordersOf(A.tenantId)).toBe(before);
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    // Naming the variant as well works; a variant of another product is refused.
    expect((await order([{ productId: p.id, variantId: p.S.id, quantity: 1 }])).status).toBe(201);
    const wrong = await order([{ productId: one.id, variantId: p.S.id, quantity: 1 }]);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('409 VARIANT_UNAVAILABLE for an archived variant or a product not active; 404 for an unknown variant; nothing changes', async () => {
    const p = await shirt();
    await ownerQuery(`UPDATE product_variants SET status = 'archived' WHERE id = $1`, [p.L.id]);
    await ownerQuery(`UPDATE inventory SET on_hand = 9 WHERE variant_id = $1`, [p.L.id]);
    const archived = await order([{ variantId: p.L.id, quantity: 1 }]);
    expect(archived.status).toBe(409);
    expect(archived.body.error).toMatchObject({
      code: 'VARIANT_UNAVAILABLE',
      details: { variantId: p.L.id, productId: p.id },
    });
    // A valid line before the refused one is not reserved either.
    const mixed = await order([
      { variantId: p.S.id, quantity: 1 },
      { variantId: p.L.id, quantity: 1 },
    ]);
    expect(mixed.status).toBe(409);
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await variantStock(p.L.id)).toEqual({ onHand: 9, reserved: 0, available: 9 });

    for (const status of ['draft', 'archived']) {
      await ownerQuery('UPDATE products SET status = $2 WHERE id = $1', [p.id, status]);
      const res = await order([{ variantId: p.M.id, quantity: 1 }]);
      expect({ status, code: res.body.error?.code }).toEqual({ status, code: 'VARIANT_UNAVAILABLE' });
    }
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 0, available: 20 });

    const unknown = await order([{ variantId: '00000000-0000-4000-8000-00000000000a', quantity: 1 }]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual({ variantId: '00000000-0000-4000-8000-00000000000a' });
  });

  it('lines are distinct by variant (400), and 409 INSUFFICIENT_STOCK names the variant', async () => {
    const one = await createProduct(t.app, A, { price: '2.00', quantity: 5 });
    const [v] = await ownerQuery<{ id: string }>('SELECT id FROM product_variants WHERE product_id = $1', [one.id]);
    const dup = await order([
      { productId: one.id, quantity: 1 },
      { variantId: v!.id, quantity: 1 },
    ]);
    expect(dup.status).toBe(400);
    expect(dup.body.error.code).toBe('VALIDATION_ERROR');
    const same = await order([
      { variantId: v!.id, quantity: 1 },
      { variantId: v!.id.toUpperCase(), quantity: 2 },
    ]);
    expect(same.status).toBe(400);
    expect((await order([{ quantity: 1 }])).status).toBe(400);

    const p = await shirt();
    const short = await order([{ variantId: p.S.id, quantity: 6 }]);
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { productId: p.id, variantId: p.S.id, requested: 6, available: 5 },
    });
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await stockOf(one.id)).toBe(5);
  });

  it('emits inventory.low_stock per variant when an order crosses its threshold', async () => {
    const p = await shirt();
    expect((await order([{ variantId: p.M.id, quantity: 10 }])).status).toBe(201);
    const events = await ownerQuery<{ data: Record<string, unknown> }>(
      `SELECT payload->'data' AS data FROM outbox_events WHERE type = 'inventory.low_stock' AND payload->'data'->>'productId' = $1`,
      [p.id],
    );
    expect(events).toEqual([
      {
        data: {
          productId: p.id,
          variantId: p.M.id,
          sku: p.M.sku,
          name: p.name,
          variantTitle: 'M',
          quantity: 10,
          available: 10,
          threshold: 10,
        },
      },
    ]);
  });
});

describe('stock moves of the order lifecycle', () => {
  it('cancelling a PENDING order gives its reservation back; cancelling a PAID one too', async () => {
    const p = await shirt();
    const pending = await order([
      { variantId: p.M.id, quantity: 4 },
      { variantId: p.S.id, quantity: 2 },
    ]);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 4, available: 16 });
    expect((await cancel(pending.body.data.id)).status).toBe(200);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 0, available: 20 });
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });

    const paid = await order([{ variantId: p.M.id, quantity: 5 }]);
    expect((await setStatus(paid.body.data.id, 'PAID')).status).toBe(200);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 5, available: 15 });
    const res = await cancel(paid.body.data.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'CANCELLED', payment: { status: 'REFUNDED' } });
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 0, available: 20 });
  });

  it('fulfilling takes the quantities off on hand and reserved (available unchanged); shipping and completing move nothing', async () => {
    const p = await shirt();
    const o = await order([
      { variantId: p.M.id, quantity: 6 },
      { variantId: p.S.id, quantity: 5 },
    ]);
    expect((await setStatus(o.body.data.id, 'PAID')).status).toBe(200);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 6, available: 14 });
    expect((await setStatus(o.body.data.id, 'FULFILLED')).status).toBe(200);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 14, reserved: 0, available: 14 });
    expect(await variantStock(p.S.id)).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect((await setStatus(o.body.data.id, 'SHIPPED')).status).toBe(200);
    expect((await setStatus(o.body.data.id, 'COMPLETED')).status).toBe(200);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 14, reserved: 0, available: 14 });
    // The product's variants show it (the cache was invalidated).
    const prod = await request(t.app).get(`/api/v1/products/${p.id}`).set(key(A));
    const m = prod.body.data.variants.find((v: { id: string }) => v.id === p.M.id);
    expect(m.inventory).toMatchObject({ onHand: 14, reserved: 0, available: 14 });
  });

  it('the expiry sweep releases an unpaid order past its TTL', async () => {
    const p = await shirt();
    const o = await order([{ variantId: p.S.id, quantity: 3 }]);
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 3, available: 2 });
    await ownerQuery(`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = $1`, [o.body.data.id]);
    const sweeper = await makeTestApp({ ORDER_PAYMENT_TTL: '3600' });
    try {
      expect(await new OrdersService(sweeper.ctx).expireDue()).toBeGreaterThanOrEqual(1);
    } finally {
      await sweeper.close();
    }
    const [row] = await ownerQuery<{ status: string }>('SELECT status FROM orders WHERE id = $1', [o.body.data.id]);
    expect(row!.status).toBe('CANCELLED');
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });
});

describe('PATCH /inventory with reservations', () => {
  it('quantity and delta mean available: onHand moves, reserved stays; past available → 409', async () => {
    const p = await shirt();
    expect((await order([{ variantId: p.M.id, quantity: 3 }])).status).toBe(201);
    const set = await patchVariant(A, p.M.id, { quantity: 10 });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({
      variantId: p.M.id,
      productId: p.id,
      sku: p.M.sku,
      name: p.name,
      title: 'M',
      onHand: 13,
      reserved: 3,
      available: 10,
      quantity: 10,
      threshold: 10,
      lowStock: true,
    });
    const tooMuch = await patchVariant(A, p.M.id, { delta: -11 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { productId: p.id, variantId: p.M.id, requested: 11, available: 10 },
    });
    // With a threshold in the same request (the locked path), the same guard.
    expect((await patchVariant(A, p.M.id, { delta: -11, threshold: 1 })).status).toBe(409);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 13, reserved: 3, available: 10 });
    const down = await patchVariant(A, p.M.id, { delta: -10 });
    expect(down.body.data).toMatchObject({ onHand: 3, reserved: 3, available: 0, quantity: 0 });
    const up = await patchVariant(A, p.M.id, { delta: 4, threshold: 2 });
    expect(up.body.data).toMatchObject({ onHand: 7, reserved: 3, available: 4, threshold: 2, lowStock: false });
    // The reservation is intact: cancelling gives it back on top.
    const audit = await ownerQuery<{ changes: { after: Record<string, number> } }>(
      `SELECT changes FROM audit_logs WHERE resource = 'inventory' AND resource_id = $1 ORDER BY timestamp DESC LIMIT 1`,
      [p.id],
    );
    expect(audit[0]!.changes.after).toMatchObject({ variantId: p.M.id, onHand: 7, reserved: 3, available: 4 });
    expect((await patchVariant(A, '00000000-0000-4000-8000-00000000000b', { delta: 1 })).status).toBe(404);
    expect((await patchVariant(A, 'nope', { delta: 1 })).status).toBe(400);
  });

  it('PATCH /inventory/:productId: 409 VARIANT_REQUIRED for a product with several variants, nothing changes', async () => {
    const p = await shirt();
    for (const body of [{ delta: 1 }, { quantity: 3 }, { threshold: 1 }]) {
      const res = await request(t.app).patch(`/api/v1/inventory/${p.id}`).set(key(A)).send(body);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'VARIANT_REQUIRED', details: { productId: p.id } });
    }
    expect(await variantStock(p.S.id)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    // Archiving all but one variant makes it a one-variant product again.
    await ownerQuery(`UPDATE product_variants SET status = 'archived' WHERE id = ANY($1::uuid[])`, [[p.M.id, p.L.id]]);
    const ok = await request(t.app).patch(`/api/v1/inventory/${p.id}`).set(key(A)).send({ delta: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ productId: p.id, variantId: p.S.id, quantity: 6, onHand: 6 });
  });

  it('GET /inventory lists one row per variant, lowest available first, with lowStock filtering', async () => {
    const T = await signUpTenant(t.app);
    const p = await createVariantProduct(t.app, T, [
      { size: 'S', price: '1.00', quantity: 7, threshold: 5 },
      { size: 'M', price: '1.00', quantity: 2, threshold: 5 },
      { size: 'L', price: '1.00', quantity: 30, threshold: 5 },
    ]);
    const [S, M, L] = p.variants;
    const all = await request(t.app).get('/api/v1/inventory').set(key(T));
    expect(all.status).toBe(200);
    expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 3 });
    expect(all.body.data.map((r: { variantId: string }) => r.variantId)).toEqual([M!.id, S!.id, L!.id]);
    expect(all.body.data[0]).toEqual({
      variantId: M!.id,
      productId: p.id,
      sku: M!.sku,
      name: p.name,
      title: 'M',
      onHand: 2,
      reserved: 0,
      available: 2,
      quantity: 2,
      threshold: 5,
      lowStock: true,
    });
    const low = await request(t.app).get('/api/v1/inventory?lowStock=true').set(key(T));
    expect(low.body.data.map((r: { variantId: string }) => r.variantId)).toEqual([M!.id]);
    // An archived variant is not listed.
    await ownerQuery(`UPDATE product_variants SET status = 'archived' WHERE id = $1`, [S!.id]);
    const after = await request(t.app).get('/api/v1/inventory').set(key(T));
    expect(after.body.data.map((r: { variantId: string }) => r.variantId)).toEqual([M!.id, L!.id]);
    expect(after.body.meta.total).toBe(2);
  });
});

describe('tenant isolation of variant ids', () => {
  it("tenant B's credentials on tenant A's variants: 404 for PATCH /inventory and orders, none listed", async () => {
    const p = await shirt();
    const B = await signUpTenant(t.app);
    const bob = await registerCustomer(t.app, B);
    const inv = await patchVariant(B, p.M.id, { delta: -1 });
    expect(inv.status).toBe(404);
    expect((await patchVariant(B, p.M.id, { quantity: 0 })).status).toBe(404);
    expect((await request(t.app).patch(`/api/v1/inventory/${p.id}`).set(key(B)).send({ delta: 1 })).status).toBe(404);
    const asCustomer = await postOrder(
      t.app,
      { bearer: bob.accessToken },
      orderBody([{ variantId: p.M.id, quantity: 1 }]),
    );
    expect(asCustomer.status).toBe(404);
    expect(asCustomer.body.error.details).toEqual({ variantId: p.M.id });
    const asStaff = await postOrder(
      t.app,
      { apiKey: B.apiKey },
      orderBody([{ variantId: p.M.id, quantity: 1 }], bob.id),
    );
    expect(asStaff.status).toBe(404);
    const list = await request(t.app).get('/api/v1/inventory?limit=100').set(key(B));
    expect(list.body.data.map((r: { productId: string }) => r.productId)).not.toContain(p.id);
    expect(await variantStock(p.M.id)).toEqual({ onHand: 20, reserved: 0, available: 20 });
  });
});
