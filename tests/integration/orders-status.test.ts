// The order state machine (manual payment provider: no Stripe keys), cancellation with
// stock return, and the expiry worker.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { OrdersService } from '../../src/modules/orders/orders.service';
import { startOrderExpiryWorker } from '../../src/workers/order-expiry';
import { createProduct, orderBody, outboxTypes, postOrder, stockOf, type TestProduct } from './orders.fixtures';

const STATUSES = ['PENDING', 'PAID', 'FULFILLED', 'SHIPPED', 'COMPLETED', 'CANCELLED'] as const;
const ALLOWED: Record<string, string[]> = {
  PENDING: ['PAID', 'CANCELLED'],
  PAID: ['FULFILLED', 'CANCELLED'],
  FULFILLED: ['SHIPPED'],
  SHIPPED: ['COMPLETED'],
  COMPLETED: [],
  CANCELLED: [],
};
/** The API path to reach each state from PENDING. */
const PATH_TO: Record<string, string[]> = {
  PENDING: [],
  PAID: ['PAID'],
  FULFILLED: ['PAID', 'FULFILLED'],
  SHIPPED: ['PAID', 'FULFILLED', 'SHIPPED'],
  COMPLETED: ['PAID', 'FULFILLED', 'SHIPPED', 'COMPLETED'],
  CANCELLED: ['CANCELLED'],
};

let t: TestApp;
let tenant: SignedUpTenant;
let alice: TestUser;
let bob: TestUser;
let product: TestProduct;

beforeAll(async () => {
  t = await makeTestApp();
  expect(t.config.STRIPE_SECRET_KEY).toBeUndefined();
  tenant = await signUpTenant(t.app);
  [alice, bob] = await Promise.all([registerCustomer(t.app, tenant), registerCustomer(t.app, tenant)]);
  product = await createProduct(t.app, tenant, { price: '10.00', quantity: 1000 });
});
afterAll(async () => {
  await t.close();
});

const patch = (id: string, status: string, auth: { apiKey?: string; bearer?: string } = { apiKey: tenant.apiKey }) => {
  const r = request(t.app).patch(`/api/v1/orders/${id}/status`);
  if (auth.apiKey) r.set('X-API-Key', auth.apiKey);
  if (auth.bearer) r.set('Authorization', `Bearer ${auth.bearer}`);
  return r.send({ status });
};

async function orderIn(status: string, quantity = 1): Promise<string> {
  const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: product.id, quantity }]));
  expect(res.status).toBe(201);
  for (const s of PATH_TO[status]!) expect((await patch(res.body.data.id, s)).status).toBe(200);
  return res.body.data.id;
}

describe('state machine (PATCH /orders/:id/status)', () => {
  it('every allowed transition succeeds and emits order.status_changed (+ order.paid / order.cancelled)', async () => {
    for (const from of STATUSES) {
      for (const to of ALLOWED[from]!) {
        const id = await orderIn(from);
        const res = await patch(id, to);
        expect({ from, to, status: res.status }).toEqual({ from, to, status: 200 });
        expect(res.body.data.status).toBe(to);
        const types = await outboxTypes(tenant.tenantId, id);
        expect(types.filter((x) => x === 'order.status_changed')).toHaveLength(PATH_TO[from]!.length + 1);
        if (to === 'PAID') expect(types).toContain('order.paid');
        if (to === 'CANCELLED') expect(types).toContain('order.cancelled');
        const audit = await ownerQuery<{ changes: { before: { status: string }; after: { status: string } } }>(
          `SELECT changes FROM audit_logs WHERE resource = 'order' AND resource_id = $1 AND action = 'UPDATE'
           ORDER BY timestamp DESC LIMIT 1`,
          [id],
        );
        expect(audit[0]!.changes).toMatchObject({ before: { status: from }, after: { status: to } });
      }
    }
  });

  it('every other transition is 409 INVALID_STATUS_TRANSITION {from, to} and changes nothing', async () => {
    for (const from of STATUSES) {
      const id = await orderIn(from);
      const events = (await outboxTypes(tenant.tenantId, id)).length;
      for (const to of STATUSES) {
        if (ALLOWED[from]!.includes(to)) continue;
        const res = await patch(id, to);
        expect({ from, to, status: res.status }).toEqual({ from, to, status: 409 });
        expect(res.body.error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { from, to } });
      }
      const [row] = await ownerQuery<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]);
      expect(row!.status).toBe(from);
      expect((await outboxTypes(tenant.tenantId, id)).length).toBe(events);
    }
  });

  it('manual provider: PATCH PAID creates a manual Payment with status PAID', async () => {
    const id = await orderIn('PAID');
    const [pay] = await ownerQuery<{ provider: string; status: string; amount: string }>(
      'SELECT provider, status, amount::text AS amount FROM payments WHERE order_id = $1',
      [id],
    );
    expect(pay).toEqual({ provider: 'manual', status: 'PAID', amount: '10.000' });
    const got = await request(t.app).get(`/api/v1/orders/${id}`).set('X-API-Key', tenant.apiKey);
    expect(got.body.data.payment).toMatchObject({ status: 'PAID' });
  });

  it('customers cannot PATCH status (403); 400 for an unknown status; 404 for an unknown order', async () => {
    const id = await orderIn('PENDING');
    expect((await patch(id, 'CANCELLED', { bearer: alice.accessToken })).status).toBe(403);
    expect((await patch(id, 'LOST')).status).toBe(400);
    expect((await patch('00000000-0000-4000-8000-000000000000', 'PAID')).status).toBe(404);
  });
});

describe('DELETE /orders/:id (cancel)', () => {
  it('returns the stock in the same transaction and emits order.cancelled', async () => {
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 10 });
    const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 4 }]));
    expect(await stockOf(p.id)).toBe(6);
    const del = await request(t.app)
      .delete(`/api/v1/orders/${res.body.data.id}`)
      .set('Authorization', `Bearer ${alice.accessToken}`);
    expect(del.status).toBe(200);
    expect(del.body.data.status).toBe('CANCELLED');
    expect(await stockOf(p.id)).toBe(10);
    expect(await outboxTypes(tenant.tenantId, res.body.data.id)).toEqual([
      'order.created',
      'order.status_changed',
      'order.cancelled',
    ]);
    // Cancelling again is refused and returns nothing twice.
    const again = await request(t.app).delete(`/api/v1/orders/${res.body.data.id}`).set('X-API-Key', tenant.apiKey);
    expect(again.status).toBe(409);
    expect(await stockOf(p.id)).toBe(10);
  });

  it("a customer cannot cancel another customer's order (404) nor a PAID order (403); staff can cancel PAID (manual refund)", async () => {
    const id = await orderIn('PENDING');
    const other = await request(t.app).delete(`/api/v1/orders/${id}`).set('Authorization', `Bearer ${bob.accessToken}`);
    expect(other.status).toBe(404);
    const [row] = await ownerQuery<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id]);
    expect(row!.status).toBe('PENDING');

    const paid = await orderIn('PAID', 3);
    const before = await stockOf(product.id);
    const own = await request(t.app)
      .delete(`/api/v1/orders/${paid}`)
      .set('Authorization', `Bearer ${alice.accessToken}`);
    expect(own.status).toBe(403);
    const staff = await request(t.app).delete(`/api/v1/orders/${paid}`).set('X-API-Key', tenant.apiKey);
    expect(staff.status).toBe(200);
    expect(staff.body.data).toMatchObject({ status: 'CANCELLED', payment: { status: 'REFUNDED' } });
    expect(await stockOf(product.id)).toBe(before + 3);
    expect(await outboxTypes(tenant.tenantId, paid)).toContain('payment.refunded');
  });

  it('FULFILLED and later orders cannot be cancelled (409)', async () => {
    const id = await orderIn('FULFILLED');
    const res = await request(t.app).delete(`/api/v1/orders/${id}`).set('X-API-Key', tenant.apiKey);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ from: 'FULFILLED', to: 'CANCELLED' });
  });
});

describe('expiry of unpaid orders', () => {
  // Orders are back-dated past the TTL instead of waiting for it: the sweep is cross-tenant,
  // and a 1-second TTL would also expire other test files' orders in the shared database.
  const backdate = (ids: string[]) =>
    ownerQuery(`UPDATE orders SET created_at = now() - interval '2 hours' WHERE id = ANY($1::uuid[])`, [ids]);

  it('the BullMQ worker cancels a PENDING order past ORDER_PAYMENT_TTL and returns its stock', async () => {
    const w = await makeTestApp({ ORDER_PAYMENT_TTL: '3600', ORDER_EXPIRY_INTERVAL_MS: '200' });
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 5 });
    const due = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 2 }]));
    const fresh = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 1 }]));
    await backdate([due.body.data.id]);
    const handle = await startOrderExpiryWorker(w.ctx);
    try {
      const deadline = Date.now() + 10_000;
      let status = 'PENDING';
      while (status === 'PENDING' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (
          await ownerQuery<{ status: string }>('SELECT status FROM orders WHERE id = $1', [due.body.data.id])
        )[0]!.status;
      }
      expect(status).toBe('CANCELLED');
    } finally {
      await handle.close();
      await w.close();
    }
    expect(await stockOf(p.id)).toBe(4);
    const [f] = await ownerQuery<{ status: string }>('SELECT status FROM orders WHERE id = $1', [fresh.body.data.id]);
    expect(f!.status).toBe('PENDING');
    expect(await outboxTypes(tenant.tenantId, due.body.data.id)).toContain('order.cancelled');
    const audit = await ownerQuery(
      `SELECT actor_type FROM audit_logs WHERE resource = 'order' AND resource_id = $1 AND action = 'UPDATE'`,
      [due.body.data.id],
    );
    expect(audit).toEqual([{ actor_type: 'system' }]);
  });

  it('several sweeps at once cancel each order once (stock returned once, one order.cancelled each)', async () => {
    const p = await createProduct(t.app, tenant, { price: '1.00', quantity: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 2 }]))).body.data
          .id,
      );
    expect(await stockOf(p.id)).toBe(10);
    await backdate(ids);
    const apps = await Promise.all([1, 2, 3].map(() => makeTestApp({ ORDER_PAYMENT_TTL: '3600' })));
    try {
      const counts = await Promise.all(apps.map((a) => new OrdersService(a.ctx).expireDue()));
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
    expect(await stockOf(p.id)).toBe(20);
    for (const id of ids) {
      expect((await outboxTypes(tenant.tenantId, id)).filter((x) => x === 'order.cancelled')).toHaveLength(1);
    }
  });
});
