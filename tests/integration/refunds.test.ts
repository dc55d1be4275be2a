// Refunds (issue 17) with the manual provider: amounts from the pricing engine's line figures
// (tax and discount shares) adding up to the order total exactly, partial refunds never
// exceeding the payment (sequentially and concurrently), per-line quantities, restock of
// unshipped units, Idempotency-Key replay, paymentStatus, order.refunded, customer views and
// tenant isolation; cancelling a paid order refunds what is left through the same path.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, outboxTypes, variantStock } from './orders.fixtures';

let t: TestApp;
let tenant: SignedUpTenant;
let other: SignedUpTenant;
let alice: TestUser;
let bob: TestUser;
let rateId: string;

const US = { line1: '1 Main St', city: 'Town', postalCode: '10001', country: 'US' };
/** No tax rate nor shipping zone: a plain order's total is its lines'. */
const CA = { line1: '1 Main St', city: 'Town', postalCode: 'K1A 0B1', country: 'CA' };
type Headers = Record<string, string>;
const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, h: Headers, body?: object) => {
  const r = request(t.app)[method](`/api/v1${path}`).set(h);
  return body ? r.send(body) : r;
};
const key = (tn: SignedUpTenant = tenant): Headers => ({ 'X-API-Key': tn.apiKey });
const bearer = (u: TestUser): Headers => ({ Authorization: `Bearer ${u.accessToken}` });
async function must(res: request.Response, status: number) {
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
const refund = (orderId: string, body: object, h: Headers = key()) =>
  api('post', `/orders/${orderId}/refunds`, h, body);
const minor = (s: string) => Math.round(Number(s) * 100);

interface OrderData {
  id: string;
  totalAmount: string;
  paymentStatus: string;
  items: { id: string; variantId: string; quantity: number; total: string }[];
}

beforeAll(async () => {
  t = await makeTestApp();
  tenant = await signUpTenant(t.app);
  other = await signUpTenant(t.app);
  [alice, bob] = await Promise.all([registerCustomer(t.app, tenant), registerCustomer(t.app, tenant)]);
  const zone = await must(
    await api('post', '/shipping-zones', key(), {
      name: 'US',
      countries: ['US'],
      rates: [{ name: 'Std', amount: '7.99' }],
    }),
    201,
  );
  rateId = zone.rates[0].id;
  await must(
    await api('post', '/tax-rates', key(), { country: 'US', name: 'Tax', rate: '10', appliesToShipping: true }),
    201,
  );
  await must(
    await api('post', '/promotions', key(), { name: 'Ten', code: 'SAVE10', type: 'percentage', value: '10' }),
    201,
  );
});
afterAll(async () => t.close());

/** A PAID order of alice's: lines of (price, quantity); with shipping, tax and the 10 % code unless `plain` (then no tax either). */
async function paidOrder(lines: [string, number][], plain = false): Promise<OrderData> {
  const products = await Promise.all(lines.map(([price]) => createProduct(t.app, tenant, { price, quantity: 100 })));
  const body = {
    items: products.map((p, i) => ({ productId: p.id, quantity: lines[i]![1] })),
    shippingAddress: plain ? CA : US,
    ...(plain ? {} : { discountCodes: ['SAVE10'], shippingRateId: rateId }),
  };
  const order = await must(await api('post', '/orders', bearer(alice), body), 201);
  return must(await api('patch', `/orders/${order.id}/status`, key(), { status: 'PAID' }), 200);
}

const refundedAmount = async (orderId: string) =>
  (
    await ownerQuery<{ r: string }>('SELECT refunded_amount::text AS r FROM payments WHERE order_id = $1', [orderId])
  )[0]!.r;

describe('POST /orders/:id/refunds (manual provider)', () => {
  it('a full refund line by line (several partial refunds) plus shipping adds up exactly to the order total (tax and discount shares)', async () => {
    const order = await paidOrder([
      ['9.99', 3],
      ['3.33', 7],
    ]);
    const a = order.items.find((x) => x.quantity === 3);
    const b = order.items.find((x) => x.quantity === 7);
    // The order has a discount, tax and a taxed shipping line: the lines' totals are not the shipping's.
    expect(Number(order.totalAmount)).toBeGreaterThan(0);
    const amounts: string[] = [];
    const steps: [object, string][] = [
      [{ items: [{ orderItemId: a!.id, quantity: 1, restock: false }] }, 'partially_refunded'],
      [{ items: [{ orderItemId: b!.id, quantity: 3, restock: false }] }, 'partially_refunded'],
      [{ items: [{ orderItemId: a!.id, quantity: 2, restock: false }], reason: 'damaged' }, 'partially_refunded'],
      [{ items: [{ orderItemId: b!.id, quantity: 2, restock: false }] }, 'partially_refunded'],
      [{ items: [{ orderItemId: b!.id, quantity: 2, restock: false }] }, 'partially_refunded'],
      [{ shipping: true }, 'refunded'],
    ];
    for (const [body, paymentStatus] of steps) {
      const r = await must(await refund(order.id, body), 201);
      expect(r).toMatchObject({ orderId: order.id, status: 'succeeded', currency: 'USD', providerRefundId: null });
      amounts.push(r.amount);
      const o = await must(await api('get', `/orders/${order.id}`, key()), 200);
      expect(o.paymentStatus).toBe(paymentStatus);
    }
    // Each line's refunds add up to its total; with the shipping, to the order total, to the cent.
    expect(minor(amounts[0]!) + minor(amounts[2]!)).toBe(minor(a!.total));
    expect(minor(amounts[1]!) + minor(amounts[3]!) + minor(amounts[4]!)).toBe(minor(b!.total));
    expect(amounts.reduce((s, x) => s + minor(x), 0)).toBe(minor(order.totalAmount));
    expect(await refundedAmount(order.id)).toBe(Number(order.totalAmount).toFixed(3));
    const [pay] = await ownerQuery<{ status: string }>('SELECT status FROM payments WHERE order_id = $1', [order.id]);
    expect(pay!.status).toBe('REFUNDED');
    // Shipping is refundable once; nothing is left of the lines.
    expect((await refund(order.id, { shipping: true })).body.error.code).toBe('SHIPPING_ALREADY_REFUNDED');
    const more = await refund(order.id, { items: [{ orderItemId: a!.id, quantity: 1, restock: false }] });
    expect(more.status).toBe(409);
    expect(more.body.error).toMatchObject({
      code: 'REFUND_EXCEEDS_ORDER',
      details: { orderItemId: a!.id, refundable: 0 },
    });
  });

  it('the last units of a line take the remainder of its rounding', async () => {
    // 3 × 3.33 = 9.99, less 10 % (1.00) = 8.99: 2.99, 3.00, 3.00 (floor of the cumulative share).
    const products = await createProduct(t.app, tenant, { price: '3.33', quantity: 10 });
    const placed = await must(
      await api('post', '/orders', bearer(alice), {
        items: [{ productId: products.id, quantity: 3 }],
        shippingAddress: CA,
        discountCodes: ['SAVE10'],
      }),
      201,
    );
    const order: OrderData = await must(
      await api('patch', `/orders/${placed.id}/status`, key(), { status: 'PAID' }),
      200,
    );
    const it = order.items[0]!;
    expect([it.total, order.totalAmount]).toEqual(['8.99', '8.99']);
    const got: string[] = [];
    for (let i = 0; i < 3; i++)
      got.push((await must(await refund(order.id, { items: [{ orderItemId: it.id, quantity: 1 }] }), 201)).amount);
    expect(got).toEqual(['2.99', '3.00', '3.00']);
  });

  it('two refunds of one line each, then a third that would exceed the payment → 409 REFUND_EXCEEDS_PAYMENT', async () => {
    const order = await paidOrder(
      [
        ['12.00', 1],
        ['8.00', 1],
      ],
      true,
    );
    const a = order.items.find((x) => x.total === '12.00');
    const b = order.items.find((x) => x.total === '8.00');
    expect((await must(await refund(order.id, { items: [{ orderItemId: a!.id, quantity: 1 }] }), 201)).amount).toBe(
      '12.00',
    );
    expect((await must(await refund(order.id, { items: [{ orderItemId: b!.id, quantity: 1 }] }), 201)).amount).toBe(
      '8.00',
    );
    const third = await refund(order.id, { amount: '0.01', reason: 'goodwill' });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({
      code: 'REFUND_EXCEEDS_PAYMENT',
      details: { requested: '0.01', refundable: '0.00', currency: 'USD' },
    });
    const list = await must(await api('get', `/orders/${order.id}/refunds`, key()), 200);
    expect(list).toHaveLength(2);
    expect(await refundedAmount(order.id)).toBe('20.000');
  });

  it('concurrent refunds that together would exceed the payment: exactly one succeeds', async () => {
    const order = await paidOrder([['50.00', 2]], true);
    const results = await Promise.all(Array.from({ length: 6 }, () => refund(order.id, { amount: '60.00' })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('REFUND_EXCEEDS_PAYMENT');
    expect(await refundedAmount(order.id)).toBe('60.000');
    // What is left can still be refunded, not a cent more.
    expect((await refund(order.id, { amount: '40.01' })).status).toBe(409);
    await must(await refund(order.id, { amount: '40' }), 201);
  });

  it('concurrent item refunds of one line never refund more units than were ordered', async () => {
    const order = await paidOrder([['5.00', 3]], true);
    const it = order.items[0]!;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => refund(order.id, { items: [{ orderItemId: it.id, quantity: 1 }] })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('REFUND_EXCEEDS_ORDER');
  });

  it('restock of an unshipped item: reserved goes down, available up (on hand unchanged); without restock it is written off', async () => {
    const order = await paidOrder([['4.00', 5]], true);
    const it = order.items[0]!;
    const before = await variantStock(it.variantId);
    expect(before).toMatchObject({ onHand: 100, reserved: 5, available: 95 });
    await must(await refund(order.id, { items: [{ orderItemId: it.id, quantity: 2, restock: true }] }), 201);
    expect(await variantStock(it.variantId)).toEqual({ onHand: 100, reserved: 3, available: 97 });
    await must(await refund(order.id, { items: [{ orderItemId: it.id, quantity: 1, restock: false }] }), 201);
    expect(await variantStock(it.variantId)).toEqual({ onHand: 99, reserved: 2, available: 97 });
    // Shipping the order later takes only what it still holds.
    await must(await api('patch', `/orders/${order.id}/status`, key(), { status: 'FULFILLED' }), 200);
    expect(await variantStock(it.variantId)).toEqual({ onHand: 97, reserved: 0, available: 97 });
    // A shipped unit with restock goes back on hand.
    await must(await refund(order.id, { items: [{ orderItemId: it.id, quantity: 1, restock: true }] }), 201);
    expect(await variantStock(it.variantId)).toEqual({ onHand: 98, reserved: 0, available: 98 });
  });

  it('Idempotency-Key: a replay answers the stored refund (no second row); another body with the key → 422', async () => {
    const order = await paidOrder([['7.00', 2]], true);
    const it = order.items[0]!;
    const body = { items: [{ orderItemId: it.id, quantity: 1, restock: true }], reason: 'late' };
    const first = await refund(order.id, body, { ...key(), 'Idempotency-Key': `rf-${order.id}` });
    expect(first.status).toBe(201);
    const again = await refund(order.id, body, { ...key(), 'Idempotency-Key': `rf-${order.id}` });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const rows = await ownerQuery('SELECT id FROM refunds WHERE order_id = $1', [order.id]);
    expect(rows).toHaveLength(1);
    expect(await refundedAmount(order.id)).toBe('7.000');
    const reused = await refund(
      order.id,
      { ...body, reason: 'other' },
      { ...key(), 'Idempotency-Key': `rf-${order.id}` },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('counts refunds_total{provider,status} and refunded_amount_total{currency}', async () => {
    const metric = async (line: string) => {
      const found = (await request(t.app).get('/metrics')).text.split('\n').find((l) => l.startsWith(`${line} `));
      return found ? Number(found.split(' ')[1]) : 0;
    };
    const count = 'refunds_total{provider="manual",status="succeeded"}';
    const amount = 'refunded_amount_total{currency="USD"}';
    const [n0, a0] = [await metric(count), await metric(amount)];
    const order = await paidOrder([['6.00', 2]], true);
    await must(await refund(order.id, { amount: '2.25' }), 201);
    expect(await metric(count)).toBe(n0 + 1);
    expect(await metric(amount)).toBeCloseTo(a0 + 2.25, 6);
  });

  it('emits order.refunded (the order and the refund) and audits the refund', async () => {
    const order = await paidOrder([['6.00', 2]], true);
    const r = await must(await refund(order.id, { items: [{ orderItemId: order.items[0]!.id, quantity: 1 }] }), 201);
    expect(await outboxTypes(tenant.tenantId, order.id)).toContain('order.refunded');
    const [ev] = await ownerQuery<{ payload: { data: { id: string; paymentStatus: string; refund: { id: string } } } }>(
      `SELECT payload FROM outbox_events WHERE tenant_id = $1 AND type = 'order.refunded' AND payload->'data'->>'id' = $2`,
      [tenant.tenantId, order.id],
    );
    expect(ev!.payload.data).toMatchObject({ id: order.id, paymentStatus: 'partially_refunded', refund: { id: r.id } });
    const audit = await ownerQuery(`SELECT action FROM audit_logs WHERE resource = 'refund' AND resource_id = $1`, [
      r.id,
    ]);
    expect(audit).toEqual([{ action: 'CREATE' }]);
  });

  it('refuses an unpaid order (409 ORDER_NOT_PAID), nothing to refund (400), a zero amount (400), a foreign item (400)', async () => {
    const p = await createProduct(t.app, tenant, { price: '3.00', quantity: 10 });
    const pending = await must(
      await api('post', '/orders', bearer(alice), { items: [{ productId: p.id, quantity: 1 }], shippingAddress: US }),
      201,
    );
    expect((await refund(pending.id, { amount: '1' })).body.error.code).toBe('ORDER_NOT_PAID');
    const order = await paidOrder([['3.00', 1]], true);
    expect((await refund(order.id, {})).status).toBe(400);
    expect((await refund(order.id, { amount: '0' })).status).toBe(400);
    expect((await refund(order.id, { amount: '1.005' })).status).toBe(400);
    expect((await refund(order.id, { items: [{ orderItemId: pending.items[0].id, quantity: 1 }] })).status).toBe(400);
  });

  it('customers see their own order refunds (another customer 404, may not refund: 403); another store 404', async () => {
    const order = await paidOrder([['9.00', 1]], true);
    const r = await must(await refund(order.id, { amount: '2.50', reason: 'scratch' }), 201);
    const mine = await must(await api('get', `/orders/${order.id}/refunds`, bearer(alice)), 200);
    expect(mine).toEqual([
      {
        id: r.id,
        orderId: order.id,
        amount: '2.50',
        currency: 'USD',
        items: [],
        shipping: false,
        reason: 'scratch',
        returnId: null,
        status: 'succeeded',
        providerRefundId: null,
        createdAt: r.createdAt,
      },
    ]);
    expect((await api('get', `/orders/${order.id}/refunds`, bearer(bob))).status).toBe(404);
    expect((await refund(order.id, { amount: '1' }, bearer(alice))).status).toBe(403);
    expect((await api('get', `/orders/${order.id}/refunds`, key(other))).status).toBe(404);
    expect((await refund(order.id, { amount: '1' }, key(other))).status).toBe(404);
    expect(await refundedAmount(order.id)).toBe('2.500');
  });

  it('cancelling a PAID order after a partial refund refunds what is left (one more refund, payment REFUNDED)', async () => {
    const order = await paidOrder([['10.00', 2]], true);
    const it = order.items[0]!;
    await must(await refund(order.id, { items: [{ orderItemId: it.id, quantity: 1, restock: true }] }), 201);
    expect(await variantStock(it.variantId)).toMatchObject({ reserved: 1, available: 99 });
    const cancelled = await must(await api('delete', `/orders/${order.id}`, key()), 200);
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      paymentStatus: 'refunded',
      payment: { status: 'REFUNDED' },
    });
    // Only the unit still reserved went back.
    expect(await variantStock(it.variantId)).toEqual({ onHand: 100, reserved: 0, available: 100 });
    const list = await must(await api('get', `/orders/${order.id}/refunds`, key()), 200);
    expect(list.map((x: { amount: string; status: string }) => [x.amount, x.status])).toEqual([
      ['10.00', 'succeeded'],
      ['10.00', 'succeeded'],
    ]);
    expect((await outboxTypes(tenant.tenantId, order.id)).filter((x) => x === 'order.refunded')).toHaveLength(2);
  });
});
