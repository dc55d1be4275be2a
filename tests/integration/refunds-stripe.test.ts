// Refunds against the local Stripe stand-in (ADR 0011): the amount and the idempotency key
// Stripe receives, the provider call after the commit, a crash between the commit and the
// call (and between Stripe's refund and our settle) completed exactly once by the sweeper on
// restart, and the webhooks (charge.refunded, refund.updated) settling a pending refund.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { signedStripeEvent, startStripeStub, type StripeStub } from '../helpers/stripe-stub';
import { sweepRefunds } from '../../src/workers/refunds';
import { createProduct, orderBody, postOrder } from './orders.fixtures';

const WHSEC = 'whsec_dGVzdC1zZWNyZXQtZm9yLXN0cmlwZS13ZWJob29rcw';

let stub: StripeStub;
let t: TestApp;
let tenant: SignedUpTenant;
let alice: TestUser;

beforeAll(async () => {
  stub = await startStripeStub();
  t = await makeTestApp({
    STRIPE_SECRET_KEY: 'sk_test_local',
    STRIPE_WEBHOOK_SECRET: WHSEC,
    STRIPE_API_BASE: stub.url,
  });
  tenant = await signUpTenant(t.app);
  alice = await registerCustomer(t.app, tenant);
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const deliver = (payload: string, signature: string) =>
  request(t.app)
    .post('/api/v1/webhooks/stripe')
    .set('Content-Type', 'application/json')
    .set('Stripe-Signature', signature)
    .send(payload);
const refund = (orderId: string, body: object, idem?: string) => {
  const r = request(t.app).post(`/api/v1/orders/${orderId}/refunds`).set('X-API-Key', tenant.apiKey);
  if (idem) r.set('Idempotency-Key', idem);
  return r.send(body);
};
const refundRow = async (id: string) =>
  (
    await ownerQuery<{ status: string; provider_refund_id: string | null; failure_reason: string | null }>(
      'SELECT status, provider_refund_id, failure_reason FROM refunds WHERE id = $1',
      [id],
    )
  )[0]!;
const stubRefundsOf = (piId: string) => stub.refunds.filter((r) => r.payment_intent === piId);
const refundCalls = (refundId: string) =>
  stub.requests.filter((r) => r.path === '/v1/refunds' && r.idempotencyKey === `refund-${refundId}`);
/** "Restart": the sweeper of a freshly started worker, sending what is due now (this store's only). */
const restartSweep = () => sweepRefunds(t.ctx, 0, tenant.tenantId);

/** A PAID order (Stripe): 3 × price, paid through a signed payment_intent.succeeded. */
async function paidOrder(price = '10.00') {
  const p = await createProduct(t.app, tenant, { price, quantity: 100 });
  const placed = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity: 3 }]));
  expect(placed.status).toBe(201);
  const intent = await request(t.app)
    .post('/api/v1/payments/intents')
    .set('Authorization', `Bearer ${alice.accessToken}`)
    .send({ orderId: placed.body.data.id });
  const pi = stub.intents.get(intent.body.data.clientSecret.split('_secret_')[0])!;
  const ev = signedStripeEvent(WHSEC, 'payment_intent.succeeded', {
    ...pi,
    status: 'succeeded',
    amount_received: pi.amount,
  });
  expect((await deliver(ev.payload, ev.signature)).body.data.result).toBe('applied');
  const order = (await request(t.app).get(`/api/v1/orders/${placed.body.data.id}`).set('X-API-Key', tenant.apiKey)).body
    .data as { id: string; totalAmount: string; paymentStatus: string; items: { id: string }[] };
  expect(order.paymentStatus).toBe('paid');
  return { order, pi: pi as { id: string; amount: number } };
}

describe('refunds through Stripe', () => {
  it('Stripe receives the amount in minor units and the idempotency key refund-<refundId>; the answer settles the refund', async () => {
    const { order, pi } = await paidOrder('10.00');
    const res = await refund(order.id, { items: [{ orderItemId: order.items[0]!.id, quantity: 2, restock: true }] });
    expect(res.status).toBe(201);
    // The answer is the transaction's: pending; the provider call ran after the commit.
    expect(res.body.data).toMatchObject({ amount: '20.00', status: 'pending', providerRefundId: null });
    const id = res.body.data.id as string;
    const calls = refundCalls(id);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ payment_intent: pi.id, amount: '2000', metadata: { refundId: id } });
    const [created] = stubRefundsOf(pi.id);
    expect(await refundRow(id)).toEqual({ status: 'succeeded', provider_refund_id: created!.id, failure_reason: null });
    const list = (await request(t.app).get(`/api/v1/orders/${order.id}/refunds`).set('X-API-Key', tenant.apiKey)).body
      .data;
    expect(list[0]).toMatchObject({ id, status: 'succeeded', providerRefundId: created!.id });
    // Partial: the payment stays PAID, the order says partially_refunded.
    const [pay] = await ownerQuery<{ status: string }>('SELECT status FROM payments WHERE order_id = $1', [order.id]);
    expect(pay!.status).toBe('PAID');
  });

  it('an Idempotency-Key replay makes no second provider call', async () => {
    const { order, pi } = await paidOrder('4.00');
    const first = await refund(order.id, { amount: '5' }, `k-${order.id}`);
    const again = await refund(order.id, { amount: '5' }, `k-${order.id}`);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(stubRefundsOf(pi.id)).toHaveLength(1);
    expect(refundCalls(first.body.data.id)).toHaveLength(1);
  });

  it('a crash after the commit and before the provider call: the sweeper on restart sends it exactly once', async () => {
    const { order, pi } = await paidOrder('10.00');
    // The provider is unreachable for the after-commit call (every SDK retry fails): as if the
    // process had died right after the commit, the refund stays pending without an answer.
    stub.failNext(500, 10);
    const res = await refund(order.id, { amount: '7.50' });
    stub.failNext(500, 0);
    expect(res.status).toBe(201);
    const id = res.body.data.id as string;
    expect(await refundRow(id)).toEqual({ status: 'pending', provider_refund_id: null, failure_reason: null });
    expect(stubRefundsOf(pi.id)).toHaveLength(0);
    // The order already counts it (its amount cannot be refunded twice).
    expect((await refund(order.id, { amount: '22.51' })).body.error.code).toBe('REFUND_EXCEEDS_PAYMENT');

    expect(await restartSweep()).toBeGreaterThanOrEqual(1);
    expect(stubRefundsOf(pi.id)).toHaveLength(1);
    expect(stubRefundsOf(pi.id)[0]).toMatchObject({ amount: 750 });
    expect((await refundRow(id)).status).toBe('succeeded');
    // A second run (or a second worker) changes nothing.
    await Promise.all([restartSweep(), restartSweep()]);
    expect(stubRefundsOf(pi.id)).toHaveLength(1);
    expect(refundCalls(id).filter((r) => r.idempotencyKey === `refund-${id}`).length).toBeGreaterThanOrEqual(1);
  });

  it("a crash after Stripe refunded and before our settle: the sweeper's second call gets Stripe's first refund (no double)", async () => {
    const { order, pi } = await paidOrder('10.00');
    const res = await refund(order.id, { amount: '3.00' });
    const id = res.body.data.id as string;
    const first = await refundRow(id);
    expect(first.status).toBe('succeeded');
    // Our settle "never committed": the row is back to pending without Stripe's id.
    await ownerQuery(`UPDATE refunds SET status = 'pending', provider_refund_id = NULL WHERE id = $1`, [id]);
    await restartSweep();
    expect(refundCalls(id)).toHaveLength(2);
    expect(stubRefundsOf(pi.id)).toHaveLength(1);
    expect(await refundRow(id)).toEqual(first);
  });

  it('charge.refunded settles a pending refund (once); refund.updated failed gives the amount back', async () => {
    const { order, pi } = await paidOrder('10.00');
    stub.refundStatus = 'pending';
    let a: string;
    let b: string;
    try {
      a = (await refund(order.id, { amount: '10.00' })).body.data.id;
      b = (await refund(order.id, { amount: '5.00' })).body.data.id;
    } finally {
      stub.refundStatus = 'succeeded';
    }
    const ra = await refundRow(a);
    expect(ra).toMatchObject({ status: 'pending' });
    expect(ra.provider_refund_id).toMatch(/^re_/);
    // amount_refunded covers the first refund only.
    const ev = signedStripeEvent(WHSEC, 'charge.refunded', {
      id: 'ch_x',
      object: 'charge',
      payment_intent: pi.id,
      amount_refunded: 1000,
      refunded: false,
    });
    expect((await deliver(ev.payload, ev.signature)).body.data.result).toBe('applied');
    expect((await refundRow(a)).status).toBe('succeeded');
    expect((await refundRow(b)).status).toBe('pending');
    expect((await deliver(ev.payload, ev.signature)).body.data.result).toBe('duplicate');
    // The second one fails at Stripe: its 5.00 can be refunded again.
    const rb = await refundRow(b);
    const failed = signedStripeEvent(WHSEC, 'refund.updated', {
      id: rb.provider_refund_id,
      object: 'refund',
      payment_intent: pi.id,
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
      metadata: { refundId: b },
    });
    expect((await deliver(failed.payload, failed.signature)).body.data.result).toBe('applied');
    expect(await refundRow(b)).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const [pay] = await ownerQuery<{ r: string }>(
      'SELECT refunded_amount::text AS r FROM payments WHERE order_id = $1',
      [order.id],
    );
    expect(pay!.r).toBe('10.000');
    const o = (await request(t.app).get(`/api/v1/orders/${order.id}`).set('X-API-Key', tenant.apiKey)).body.data;
    expect(o.paymentStatus).toBe('partially_refunded');
    // A late answer for a settled refund changes nothing.
    const late = signedStripeEvent(WHSEC, 'refund.updated', {
      id: rb.provider_refund_id,
      object: 'refund',
      payment_intent: pi.id,
      status: 'succeeded',
      metadata: { refundId: b },
    });
    expect((await deliver(late.payload, late.signature)).body.data.result).toBe('ignored');
    expect((await refundRow(b)).status).toBe('failed');
  });

  it('a refund Stripe refuses (4xx) is failed and its amount given back', async () => {
    const { order } = await paidOrder('10.00');
    stub.failNext(400, 1);
    const res = await refund(order.id, { amount: '2.00' });
    expect(res.status).toBe(201);
    expect((await refundRow(res.body.data.id)).status).toBe('failed');
    const [pay] = await ownerQuery<{ r: string }>(
      'SELECT refunded_amount::text AS r FROM payments WHERE order_id = $1',
      [order.id],
    );
    expect(pay!.r).toBe('0.000');
  });
});
