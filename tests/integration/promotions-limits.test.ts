// Promotion uses (issue 16): what timesUsed shows (times_used with a usageLimit, the count of
// the redemption rows without one), uses given back by cancellation and by expiry in the
// cancelling transaction, a PATCH of usageLimit that re-counts the uses (409 below them) and
// the promotion_redemptions_total metric. POST /orders does not apply promotions yet, so an
// order's uses are written here as its statement will write them: one redemption row per
// promotion, and times_used + 1 for a promotion with a usageLimit.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { makeTestApp, signUpTenant, testDbUrl, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { OrdersService } from '../../src/modules/orders';
import { countRedemptions } from '../../src/modules/promotions';
import { createProduct, orderBody, postOrder, type TestProduct } from './orders.fixtures';

let t: TestApp;
let tenant: SignedUpTenant;
let alice: TestUser;
let product: TestProduct;

beforeAll(async () => {
  t = await makeTestApp();
  tenant = await signUpTenant(t.app);
  alice = await registerCustomer(t.app, tenant);
  product = await createProduct(t.app, tenant, { price: '10.00', quantity: 1000 });
});
afterAll(async () => t.close());

const key = () => ({ 'X-API-Key': tenant.apiKey });

interface Promo {
  id: string;
  limited: boolean;
}

async function createPromotion(body: Record<string, unknown> = {}): Promise<Promo> {
  const res = await request(t.app)
    .post('/api/v1/promotions')
    .set(key())
    // A code that no order sends: POST /orders never applies it on its own.
    .send({ name: 'Promo', code: `L${randomUUID().slice(0, 8)}`, type: 'percentage', value: '10', ...body });
  if (res.status !== 201) throw new Error(`create promotion: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.data.id, limited: res.body.data.usageLimit !== null };
}

const getPromotion = async (id: string) => {
  const res = await request(t.app).get(`/api/v1/promotions/${id}`).set(key());
  expect(res.status).toBe(200);
  return res.body.data as { timesUsed: number; usageLimit: number | null };
};
const timesUsed = async (p: Promo) => (await getPromotion(p.id)).timesUsed;
const patchPromotion = (id: string, body: Record<string, unknown>) =>
  request(t.app).patch(`/api/v1/promotions/${id}`).set(key()).send(body);

/** A PENDING order of alice's, placed through POST /orders. */
async function placeOrder(): Promise<string> {
  const res = await postOrder(
    t.app,
    { bearer: alice.accessToken },
    orderBody([{ productId: product.id, quantity: 1 }]),
  );
  expect(res.status).toBe(201);
  return res.body.data.id as string;
}

/** What the order's statement writes for each promotion it applied. */
async function redeem(orderId: string, ...promos: Promo[]): Promise<void> {
  for (const p of promos) {
    await ownerQuery(
      `INSERT INTO promotion_redemptions (id, tenant_id, promotion_id, order_id, customer_id, email, amount)
       VALUES ($1, $2, $3, $4, $5, $6, 1.000)`,
      [randomUUID(), tenant.tenantId, p.id, orderId, alice.id, alice.email.trim().toLowerCase()],
    );
    if (p.limited) await ownerQuery('UPDATE promotions SET times_used = times_used + 1 WHERE id = $1', [p.id]);
  }
}

async function storedTimesUsed(id: string): Promise<number> {
  const [row] = await ownerQuery<{ times_used: number }>('SELECT times_used FROM promotions WHERE id = $1', [id]);
  return row!.times_used;
}

async function redemptionsOf(orderId: string): Promise<string[]> {
  const rows = await ownerQuery<{ promotion_id: string }>(
    'SELECT promotion_id FROM promotion_redemptions WHERE order_id = $1 ORDER BY promotion_id',
    [orderId],
  );
  return rows.map((r) => r.promotion_id);
}

describe('timesUsed', () => {
  it('is the count of the redemption rows without a usageLimit, times_used with one (GET and list)', async () => {
    const unlimited = await createPromotion({ name: 'Unlimited view' });
    const limited = await createPromotion({ name: 'Limited view', usageLimit: 10 });
    for (let i = 0; i < 3; i++) await redeem(await placeOrder(), unlimited);
    await redeem(await placeOrder(), limited);
    // The unlimited promotion keeps no counter: times_used stays 0, the rows are its uses.
    expect(await storedTimesUsed(unlimited.id)).toBe(0);
    expect(await timesUsed(unlimited)).toBe(3);
    expect(await timesUsed(limited)).toBe(1);
    // A limited promotion's view is its counter (what the order statement's guarded UPDATE keeps).
    await ownerQuery('UPDATE promotions SET times_used = 4 WHERE id = $1', [limited.id]);
    expect(await timesUsed(limited)).toBe(4);

    const list = await request(t.app).get('/api/v1/promotions?q=view&limit=100').set(key());
    expect(list.status).toBe(200);
    const byId = new Map((list.body.data as { id: string; timesUsed: number }[]).map((p) => [p.id, p.timesUsed]));
    expect(byId.get(unlimited.id)).toBe(3);
    expect(byId.get(limited.id)).toBe(4);
    expect(list.body.meta.total).toBe(2);
  });
});

describe('cancellation and expiry give the use back', () => {
  it('DELETE /orders/:id deletes the order’s redemption rows and takes one use off each kind', async () => {
    const unlimited = await createPromotion({ name: 'Cancel unlimited' });
    const limited = await createPromotion({ name: 'Cancel limited', usageLimit: 5 });
    const kept = await placeOrder();
    await redeem(kept, unlimited, limited);
    const cancelled = await placeOrder();
    await redeem(cancelled, unlimited, limited);
    expect(await timesUsed(unlimited)).toBe(2);
    expect(await timesUsed(limited)).toBe(2);

    const del = await request(t.app).delete(`/api/v1/orders/${cancelled}`).set(key());
    expect(del.status).toBe(200);
    expect(del.body.data.status).toBe('CANCELLED');
    expect(await redemptionsOf(cancelled)).toEqual([]);
    expect(await redemptionsOf(kept)).toHaveLength(2);
    expect(await timesUsed(unlimited)).toBe(1);
    expect(await timesUsed(limited)).toBe(1);
    expect(await storedTimesUsed(limited.id)).toBe(1);
  });

  it('PATCH status CANCELLED gives it back too, and a counter never goes below 0', async () => {
    const limited = await createPromotion({ name: 'Floor', usageLimit: 5 });
    const order = await placeOrder();
    await redeem(order, limited);
    // A counter already at 0 (e.g. reset by hand) is not driven negative.
    await ownerQuery('UPDATE promotions SET times_used = 0 WHERE id = $1', [limited.id]);
    const res = await request(t.app).patch(`/api/v1/orders/${order}/status`).set(key()).send({ status: 'CANCELLED' });
    expect(res.status).toBe(200);
    expect(await redemptionsOf(order)).toEqual([]);
    expect(await storedTimesUsed(limited.id)).toBe(0);
  });

  it('expiry of an unpaid order (OrdersService.expireDue) gives the uses back with the cancellation', async () => {
    const unlimited = await createPromotion({ name: 'Expiry unlimited' });
    const limited = await createPromotion({ name: 'Expiry limited', usageLimit: 5 });
    const due = await placeOrder();
    await redeem(due, unlimited, limited);
    const fresh = await placeOrder();
    await redeem(fresh, unlimited, limited);
    // Back-dated past the TTL instead of waiting for it.
    await ownerQuery(`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = $1`, [due]);
    const w = await makeTestApp({ ORDER_PAYMENT_TTL: '3600' });
    try {
      expect(await new OrdersService(w.ctx).expireDue()).toBeGreaterThanOrEqual(1);
    } finally {
      await w.close();
    }
    const [row] = await ownerQuery<{ status: string }>('SELECT status FROM orders WHERE id = $1', [due]);
    expect(row!.status).toBe('CANCELLED');
    expect(await redemptionsOf(due)).toEqual([]);
    expect(await redemptionsOf(fresh)).toHaveLength(2);
    expect(await timesUsed(unlimited)).toBe(1);
    expect(await timesUsed(limited)).toBe(1);
  });
});

describe('PATCH usageLimit', () => {
  it('setting a limit counts the uses already made into times_used; changing it re-counts; null removes it', async () => {
    const p = await createPromotion({ name: 'Set limit' });
    for (let i = 0; i < 3; i++) await redeem(await placeOrder(), p);
    expect(await storedTimesUsed(p.id)).toBe(0);

    const set = await patchPromotion(p.id, { usageLimit: 5 });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ usageLimit: 5, timesUsed: 3 });
    expect(await storedTimesUsed(p.id)).toBe(3);

    // A counter that drifted is set right by the next limit change.
    await ownerQuery('UPDATE promotions SET times_used = 1 WHERE id = $1', [p.id]);
    const changed = await patchPromotion(p.id, { usageLimit: 3 });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ usageLimit: 3, timesUsed: 3 });
    expect(await storedTimesUsed(p.id)).toBe(3);

    const removed = await patchPromotion(p.id, { usageLimit: null });
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ usageLimit: null, timesUsed: 3 });
  });

  it('a limit below the uses already made is 409 USAGE_LIMIT_BELOW_USES and changes nothing', async () => {
    const unlimited = await createPromotion({ name: 'Below unlimited' });
    for (let i = 0; i < 3; i++) await redeem(await placeOrder(), unlimited);
    const res = await patchPromotion(unlimited.id, { usageLimit: 2, name: 'Renamed' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'USAGE_LIMIT_BELOW_USES', details: { timesUsed: 3, usageLimit: 2 } });
    expect(await getPromotion(unlimited.id)).toMatchObject({ name: 'Below unlimited', usageLimit: null, timesUsed: 3 });
    expect(await storedTimesUsed(unlimited.id)).toBe(0);

    const limited = await createPromotion({ name: 'Below limited', usageLimit: 5 });
    for (let i = 0; i < 4; i++) await redeem(await placeOrder(), limited);
    const lower = await patchPromotion(limited.id, { usageLimit: 3 });
    expect(lower.status).toBe(409);
    expect(lower.body.error).toMatchObject({
      code: 'USAGE_LIMIT_BELOW_USES',
      details: { timesUsed: 4, usageLimit: 3 },
    });
    expect(await getPromotion(limited.id)).toMatchObject({ usageLimit: 5, timesUsed: 4 });
    // Exactly the uses made is allowed.
    expect((await patchPromotion(limited.id, { usageLimit: 4 })).body.data).toMatchObject({
      usageLimit: 4,
      timesUsed: 4,
    });
  });

  it('waits for an order still writing a use of the promotion, and counts it', async () => {
    const p = await createPromotion({ name: 'In flight' });
    const order = await placeOrder();
    // An order's transaction that has inserted its redemption row (holding the promotion row
    // FOR KEY SHARE through the foreign key) and not committed yet.
    const c = new Client({ connectionString: testDbUrl() });
    await c.connect();
    let patched: Promise<request.Response> | undefined;
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO promotion_redemptions (id, tenant_id, promotion_id, order_id, amount) VALUES ($1, $2, $3, $4, 1)`,
        [randomUUID(), tenant.tenantId, p.id, order],
      );
      patched = patchPromotion(p.id, { usageLimit: 1 }).then((r) => r);
      let settled = false;
      void patched.then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
    const res = await patched!;
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ usageLimit: 1, timesUsed: 1 });
    expect(await storedTimesUsed(p.id)).toBe(1);
  });
});

describe('promotion_redemptions_total{type}', () => {
  const valueOf = async (type: string): Promise<number> => {
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    const line = res.text.split('\n').find((l) => l.startsWith(`promotion_redemptions_total{type="${type}"} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };

  it('countRedemptions counts each applied promotion by type (unknown types are not labels)', async () => {
    const before = { pct: await valueOf('percentage'), free: await valueOf('free_shipping') };
    countRedemptions(t.ctx, [{ type: 'percentage' }, { type: 'free_shipping' }, { type: 'percentage' }]);
    countRedemptions(t.ctx, [{ type: 'bogus' }]);
    countRedemptions(t.ctx, []);
    expect(await valueOf('percentage')).toBe(before.pct + 2);
    expect(await valueOf('free_shipping')).toBe(before.free + 1);
    expect(await valueOf('fixed_amount')).toBe(0);
    const text = (await request(t.app).get('/metrics')).text;
    expect(text).toContain('# TYPE promotion_redemptions_total counter');
    expect(text).not.toContain('type="bogus"');
  });
});
