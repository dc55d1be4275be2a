// Inventory: atomic concurrent deltas, the never-below-zero guard, absolute sets,
// thresholds, low-stock listing, low-stock events, the low-stock gauge, and the helper
// orders use inside their own transaction.
import request from 'supertest';
import { Client } from 'pg';
import { makeTestApp, signUpTenant, testDbUrl, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import type { Actor } from '../../src/platform/auth/types';
import { adjustStockInTx } from '../../src/modules/inventory/inventory.service';
import { tenantWrite } from '../../src/modules/write-path';
import { createVariantProduct } from './orders.fixtures';

const system = (tenantId: string): Actor => ({ tenantId, userId: null, actorType: 'system', correlationId: null });

let t: TestApp;
let t2: TestApp;
let A: SignedUpTenant;
beforeAll(async () => {
  [t, t2] = await Promise.all([makeTestApp(), makeTestApp()]);
  A = await signUpTenant(t.app);
});
afterAll(async () => Promise.all([t.close(), t2.close()]));

let seq = 0;
const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
async function product(tn: SignedUpTenant, body: Record<string, unknown> = {}) {
  const res = await request(t.app)
    .post('/api/v1/products')
    .set(key(tn))
    .send({ name: `Stock ${++seq}`, sku: `INV-${process.pid}-${seq}`, price: '3.00', ...body });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; sku: string; name: string };
}
const patchInv = (tn: SignedUpTenant, id: string, body: Record<string, unknown>, app = t) =>
  request(app.app).patch(`/api/v1/inventory/${id}`).set(key(tn)).send(body);
// Part 1's quantity is the variant's available stock.
const quantityOf = async (id: string) =>
  (
    await ownerQuery<{ quantity: number }>('SELECT available AS quantity FROM inventory WHERE product_id = $1', [id])
  )[0]!.quantity;
const lowStockEvents = (tenantId: string, productId: string) =>
  ownerQuery<{ payload: { type: string; data: Record<string, unknown>; tenantId: string } }>(
    `SELECT payload FROM outbox_events WHERE tenant_id = $1 AND type = 'inventory.low_stock'
       AND payload->'data'->>'productId' = $2 ORDER BY created_at`,
    [tenantId, productId],
  );

describe('PATCH /inventory/:productId', () => {
  it('20 concurrent +1 deltas (across two API instances) all land', async () => {
    const p = await product(A, { initialQuantity: 5 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => patchInv(A, p.id, { delta: 1 }, i % 2 ? t : t2)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await quantityOf(p.id)).toBe(25);
    const seen = results.map((r) => r.body.data.quantity).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => 6 + i)); // each saw its own increment
    const audit = await ownerQuery('SELECT 1 FROM audit_logs WHERE resource = $1 AND resource_id = $2', [
      'inventory',
      p.id,
    ]);
    expect(audit).toHaveLength(20);
  });

  it('concurrent -1s never oversell: exactly the available units succeed, the rest are 409', async () => {
    const p = await product(A, { initialQuantity: 7 });
    const results = await Promise.all(Array.from({ length: 12 }, () => patchInv(A, p.id, { delta: -1 })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    expect(await quantityOf(p.id)).toBe(0);
  });

  it('a delta that would go below zero is 409 INSUFFICIENT_STOCK with details and changes nothing', async () => {
    const p = await product(A, { initialQuantity: 3 });
    const res = await patchInv(A, p.id, { delta: -4 });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'INSUFFICIENT_STOCK',
      message: expect.any(String),
      details: { productId: p.id, requested: 4, available: 3 },
    });
    expect(await quantityOf(p.id)).toBe(3);
    const ok = await patchInv(A, p.id, { delta: -3 });
    expect(ok.status).toBe(200);
    // Part 1's fields, plus the variant's (additive).
    expect(ok.body.data).toEqual({
      productId: p.id,
      sku: p.sku,
      name: p.name,
      quantity: 0,
      threshold: 10,
      lowStock: true,
      variantId: expect.any(String),
      title: 'Default',
      onHand: 0,
      reserved: 0,
      available: 0,
    });
  });

  it('sets an absolute quantity and threshold; validates the body', async () => {
    const p = await product(A, { initialQuantity: 3 });
    const set = await patchInv(A, p.id, { quantity: 40, threshold: 5 });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ quantity: 40, threshold: 5, lowStock: false });
    const thr = await patchInv(A, p.id, { threshold: 40 });
    expect(thr.body.data).toMatchObject({ quantity: 40, threshold: 40, lowStock: true });
    const both = await patchInv(A, p.id, { delta: 2, threshold: 1 });
    expect(both.body.data).toMatchObject({ quantity: 42, threshold: 1, lowStock: false });
    for (const body of [
      {},
      { delta: 1, quantity: 2 },
      { quantity: -1 },
      { delta: 1.5 },
      { delta: '1' },
      { threshold: -1 },
      { quantity: 1, extra: true },
    ]) {
      const res = await patchInv(A, p.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await patchInv(A, '00000000-0000-4000-8000-000000000000', { delta: 1 })).status).toBe(404);
    expect((await patchInv(A, 'nope', { delta: 1 })).status).toBe(400);
    expect((await patchInv(A, p.id, { delta: 2_147_483_647 })).status).toBe(400);
    expect(await quantityOf(p.id)).toBe(42);
  });

  it('emits inventory.low_stock once when a write crosses the threshold, in the same transaction', async () => {
    const p = await product(A, { initialQuantity: 12, lowStockThreshold: 10 });
    await patchInv(A, p.id, { delta: -1 }); // 11: still above
    expect(await lowStockEvents(A.tenantId, p.id)).toHaveLength(0);
    await patchInv(A, p.id, { delta: -1 }); // 10: crosses (at threshold)
    await patchInv(A, p.id, { delta: -5 }); // 5: already low, no new event
    const events = await lowStockEvents(A.tenantId, p.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      type: 'inventory.low_stock',
      tenantId: A.tenantId,
      data: { productId: p.id, sku: p.sku, name: p.name, quantity: 10, threshold: 10 },
    });
    await patchInv(A, p.id, { quantity: 50 }); // back above
    await patchInv(A, p.id, { threshold: 60 }); // raising the threshold crosses too
    expect(await lowStockEvents(A.tenantId, p.id)).toHaveLength(2);
    // A refused write emits nothing.
    await patchInv(A, p.id, { quantity: 100 });
    expect((await patchInv(A, p.id, { delta: -101 })).status).toBe(409);
    expect(await lowStockEvents(A.tenantId, p.id)).toHaveLength(2);
  });
});

describe('GET /inventory', () => {
  it('lists stock lowest first; lowStock=true returns only products at or below their threshold', async () => {
    const T = await signUpTenant(t.app);
    const low = await product(T, { initialQuantity: 2 });
    const edge = await product(T, { initialQuantity: 10 });
    const fine = await product(T, { initialQuantity: 11 });
    const gone = await product(T, { initialQuantity: 0 });
    await request(t.app)
      .delete(`/api/v1/products/${gone.id}`)
      .set('Authorization', `Bearer ${await adminToken(t.app, T)}`);
    const all = await request(t.app).get('/api/v1/inventory').set(key(T));
    expect(all.status).toBe(200);
    expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 3 });
    expect(all.body.data.map((x: { productId: string }) => x.productId)).toEqual([low.id, edge.id, fine.id]);
    expect(all.body.data[0]).toEqual({
      productId: low.id,
      sku: low.sku,
      name: low.name,
      quantity: 2,
      threshold: 10,
      lowStock: true,
      variantId: expect.any(String),
      title: 'Default',
      onHand: 2,
      reserved: 0,
      available: 2,
    });
    const lowOnly = await request(t.app).get('/api/v1/inventory?lowStock=true').set(key(T));
    expect(lowOnly.body.data.map((x: { productId: string }) => x.productId)).toEqual([low.id, edge.id]);
    expect(lowOnly.body.meta.total).toBe(2);
    const paged = await request(t.app).get('/api/v1/inventory?limit=1&page=2').set(key(T));
    expect(paged.body.data.map((x: { productId: string }) => x.productId)).toEqual([edge.id]);
    expect(paged.body.meta).toEqual({ page: 2, limit: 1, total: 3 });
    expect((await request(t.app).get('/api/v1/inventory?lowStock=yes').set(key(T))).status).toBe(400);
    expect((await request(t.app).get('/api/v1/inventory?limit=101').set(key(T))).status).toBe(400);
    // Another tenant sees none of these.
    const other = await request(t.app).get('/api/v1/inventory?limit=100').set(key(A));
    expect(other.body.data.map((x: { productId: string }) => x.productId)).not.toContain(low.id);
  });

  it('exposes inventory_low_stock_products on /metrics', async () => {
    const T = await signUpTenant(t.app);
    await product(T, { initialQuantity: 1 });
    const res = await request(t.app).get('/metrics');
    const line = res.text.split('\n').find((l) => l.startsWith('inventory_low_stock_products '));
    expect(line).toBeDefined();
    const [{ n }] = await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM inventory i JOIN products p ON p.id = i.product_id
       WHERE p.is_active AND i.available <= i.low_stock_threshold`,
    );
    expect(Number(line!.split(' ')[1])).toBeGreaterThanOrEqual(1);
    expect(Number(line!.split(' ')[1])).toBeLessThanOrEqual(n! + 50); // other files add rows concurrently
  });
});

describe('low-stock gauge per variant', () => {
  /**
   * app_low_stock_count() before and after `change`, in one REPEATABLE READ transaction that
   * rolls back: other test files' concurrent commits cannot move the difference.
   */
  async function countDelta(change: (c: Client) => Promise<unknown>): Promise<number> {
    const c = new Client({ connectionString: testDbUrl() });
    await c.connect();
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      const count = async () => Number((await c.query('SELECT app_low_stock_count() AS n')).rows[0].n);
      const before = await count();
      await change(c);
      const after = await count();
      await c.query('ROLLBACK');
      return after - before;
    } finally {
      await c.end();
    }
  }

  it('counts each low active variant of an active product; not archived variants, not inactive products', async () => {
    const p = await createVariantProduct(t.app, A, [
      { size: 'S', price: '1.00', quantity: 0 },
      { size: 'M', price: '1.00', quantity: 0 },
      { size: 'L', price: '1.00', quantity: 0 },
    ]);
    const [S] = p.variants;
    expect(await countDelta((c) => c.query('UPDATE inventory SET on_hand = 100 WHERE product_id = $1', [p.id]))).toBe(
      -3,
    );
    expect(
      await countDelta((c) => c.query(`UPDATE product_variants SET status = 'archived' WHERE id = $1`, [S!.id])),
    ).toBe(-1);
    expect(await countDelta((c) => c.query(`UPDATE products SET status = 'draft' WHERE id = $1`, [p.id]))).toBe(-3);
    // Reserving makes a variant low (available, not on_hand, counts).
    expect(
      await countDelta(async (c) => {
        await c.query('UPDATE inventory SET on_hand = 5, low_stock_threshold = 2 WHERE product_id = $1', [p.id]);
        const mid = await c.query('SELECT app_low_stock_count() AS n');
        await c.query('UPDATE inventory SET reserved = 4 WHERE variant_id = $1', [S!.id]);
        const end = await c.query('SELECT app_low_stock_count() AS n');
        expect(Number(end.rows[0].n) - Number(mid.rows[0].n)).toBe(1);
      }),
    ).toBe(-2);
  });
});

describe('adjustStockInTx (used by orders inside their transaction)', () => {
  it('decrements atomically, reports before/after, emits low_stock and rolls back with the caller', async () => {
    const p = await product(A, { initialQuantity: 11 });
    const change = await tenantWrite(t.ctx, system(A.tenantId), (w) => adjustStockInTx(w, p.id, -2));
    expect(change).toEqual({
      productId: p.id,
      before: { quantity: 11, threshold: 10 },
      after: { quantity: 9, threshold: 10 },
      becameLow: true,
    });
    expect(await lowStockEvents(A.tenantId, p.id)).toHaveLength(1);
    // The caller's transaction fails later: stock and event roll back together.
    await expect(
      tenantWrite(t.ctx, system(A.tenantId), async (w) => {
        await adjustStockInTx(w, p.id, -9);
        throw new Error('order insert failed');
      }),
    ).rejects.toThrow('order insert failed');
    expect(await quantityOf(p.id)).toBe(9);
    await expect(tenantWrite(t.ctx, system(A.tenantId), (w) => adjustStockInTx(w, p.id, -10))).rejects.toMatchObject({
      status: 409,
      code: 'INSUFFICIENT_STOCK',
      details: { requested: 10, available: 9 },
    });
    // Another tenant's product is invisible to the helper.
    const B = await signUpTenant(t.app);
    await expect(tenantWrite(t.ctx, system(B.tenantId), (w) => adjustStockInTx(w, p.id, -1))).rejects.toMatchObject({
      status: 404,
    });
  });
});
