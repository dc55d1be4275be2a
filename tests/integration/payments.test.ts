// Payments with the `stripe` provider against a local Stripe stand-in (the SDK's wire format),
// verified Stripe webhooks, refunds; and the `manual` provider without Stripe keys.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { signedStripeEvent, startStripeStub, type StripeStub } from '../helpers/stripe-stub';
import { createProduct, orderBody, outboxTypes, postOrder, stockOf } from './orders.fixtures';
import { sweepRefunds } from '../../src/workers/refunds';

const WHSEC = 'whsec_dGVzdC1zZWNyZXQtZm9yLXN0cmlwZS13ZWJob29rcw';

let stub: StripeStub;
let t: TestApp;
let tenant: SignedUpTenant;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  stub = await startStripeStub();
  t = await makeTestApp({
    STRIPE_SECRET_KEY: 'sk_test_local',
    STRIPE_WEBHOOK_SECRET: WHSEC,
    STRIPE_API_BASE: stub.url,
  });
  tenant = await signUpTenant(t.app);
  [alice, bob] = await Promise.all([registerCustomer(t.app, tenant), registerCustomer(t.app, tenant)]);
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

async function newOrder(price = '129.99', quantity = 2, who: TestUser = alice, tn: SignedUpTenant = tenant, app = t) {
  const p = await createProduct(app.app, tn, { price, quantity: 100 });
  const res = await postOrder(app.app, { bearer: who.accessToken }, orderBody([{ productId: p.id, quantity }]));
  expect(res.status).toBe(201);
  return { order: res.body.data as { id: string; totalAmount: string }, productId: p.id };
}

const intent = (orderId: string, bearer = alice.accessToken, app = t) =>
  request(app.app).post('/api/v1/payments/intents').set('Authorization', `Bearer ${bearer}`).send({ orderId });

const deliver = (payload: string, signature?: string) => {
  const r = request(t.app).post('/api/v1/webhooks/stripe').set('Content-Type', 'application/json');
  if (signature !== undefined) r.set('Stripe-Signature', signature);
  return r.send(payload);
};

const piObject = (pi: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  ...pi,
  status: 'succeeded',
  amount_received: pi.amount,
  ...over,
});

const statusOf = async (orderId: string) =>
  (
    await ownerQuery<{ order: string; payment: string | null }>(
      `SELECT o.status AS order, p.status AS payment FROM orders o LEFT JOIN payments p ON p.order_id = o.id WHERE o.id = $1`,
      [orderId],
    )
  )[0]!;

async function paidOrder() {
  const { order, productId } = await newOrder('10.00', 3);
  const res = await intent(order.id);
  const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
  const ev = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi));
  expect((await deliver(ev.payload, ev.signature)).status).toBe(200);
  expect(await statusOf(order.id)).toEqual({ order: 'PAID', payment: 'PAID' });
  return { order, productId, pi };
}

describe('POST /payments/intents (stripe)', () => {
  it('creates a PaymentIntent with exact minor units, lower-case currency, metadata and an order-derived idempotency key', async () => {
    const { order } = await newOrder('129.99', 2);
    const res = await intent(order.id);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ provider: 'stripe', amount: '259.98', currency: 'USD', status: 'PENDING' });
    const [req] = stub.requests.filter(
      (r) => r.path === '/v1/payment_intents' && (r.body.metadata as { orderId?: string })?.orderId === order.id,
    );
    expect(req).toBeDefined();
    expect(req!.body).toMatchObject({
      amount: '25998',
      currency: 'usd',
      metadata: { orderId: order.id, tenantId: tenant.tenantId },
    });
    expect(req!.idempotencyKey).toBe(`order-${order.id}-payment-intent`);
    expect(req!.headers.authorization).toBe('Bearer sk_test_local');
    const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
    expect(res.body.data.clientSecret).toBe(pi.client_secret);
    const [row] = await ownerQuery('SELECT provider, provider_payment_id, status FROM payments WHERE id = $1', [
      res.body.data.paymentId,
    ]);
    expect(row).toEqual({ provider: 'stripe', provider_payment_id: pi.id, status: 'PENDING' });
  });

  it('a zero-decimal currency (JPY) is sent in whole yen', async () => {
    const jp = await signUpTenant(t.app, { currency: 'JPY' });
    const carol = await registerCustomer(t.app, jp);
    const { order } = await newOrder('1500', 3, carol, jp);
    expect(order.totalAmount).toBe('4500');
    const res = await intent(order.id, carol.accessToken);
    expect(res.status).toBe(201);
    const req = stub.requests.find((r) => (r.body.metadata as { orderId?: string })?.orderId === order.id)!;
    expect(req.body).toMatchObject({ amount: '4500', currency: 'jpy' });
  });

  it('repeat calls return the same intent; after a lost response the same idempotency key yields the same intent', async () => {
    const { order } = await newOrder('5.00', 1);
    const first = await intent(order.id);
    const again = await intent(order.id);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(first.body.data);
    // Simulate a crash after Stripe answered but before our commit: the row is gone, Stripe has the intent.
    const piId = first.body.data.clientSecret.split('_secret_')[0];
    await ownerQuery('DELETE FROM payments WHERE order_id = $1', [order.id]);
    const retry = await intent(order.id);
    expect(retry.status).toBe(201);
    expect(retry.body.data.clientSecret).toBe(first.body.data.clientSecret);
    const sent = stub.requests.filter((r) => (r.body.metadata as { orderId?: string })?.orderId === order.id);
    expect(sent.map((r) => r.idempotencyKey)).toEqual([
      `order-${order.id}-payment-intent`,
      `order-${order.id}-payment-intent`,
    ]);
    const [row] = await ownerQuery('SELECT provider_payment_id FROM payments WHERE order_id = $1', [order.id]);
    expect(row).toEqual({ provider_payment_id: piId });
  });

  it("a customer cannot pay another customer's order (404); a non-PENDING order is 409", async () => {
    const { order } = await newOrder('5.00', 1);
    expect((await intent(order.id, bob.accessToken)).status).toBe(404);
    await request(t.app).delete(`/api/v1/orders/${order.id}`).set('X-API-Key', tenant.apiKey).expect(200);
    const res = await intent(order.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATUS_TRANSITION');
  });

  it('with Stripe configured, PATCH status PAID is 409 INVALID_STATUS_TRANSITION (only the webhook pays)', async () => {
    const { order } = await newOrder('5.00', 1);
    const res = await request(t.app)
      .patch(`/api/v1/orders/${order.id}/status`)
      .set('X-API-Key', tenant.apiKey)
      .send({ status: 'PAID' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ from: 'PENDING', to: 'PAID' });
  });
});

// Every currency class against the stand-in: the intent's amount is Stripe's minor units (its
// own table, not Intl's digits: COP/IDR/HUF are two-decimal at Stripe), and the webhook takes
// exactly that amount and nothing else.
describe("Stripe's minor units per currency class", () => {
  const classes: Array<[string, string, number, string, number]> = [
    // currency, unit price, quantity, order total (ISO-4217 digits), amount Stripe receives
    ['USD', '129.99', 2, '259.98', 25_998],
    ['JPY', '1500', 3, '4500', 4500],
    ['COP', '1000000', 1, '1000000.00', 100_000_000],
    ['IDR', '150000', 2, '300000.00', 30_000_000],
    ['HUF', '2500', 1, '2500.00', 250_000],
    ['KWD', '1.25', 2, '2.500', 2500],
    ['ISK', '4990', 1, '4990', 499_000],
    ['UGX', '5000', 1, '5000', 5000],
  ];

  it.each(classes)(
    '%s: the intent carries Stripe minor units; the webhook accepts exactly them and refuses another amount',
    async (currency, price, quantity, total, minor) => {
      const tn = await signUpTenant(t.app, { currency });
      const buyer = await registerCustomer(t.app, tn);
      const { order } = await newOrder(price, quantity, buyer, tn);
      expect(order.totalAmount).toBe(total);
      const res = await intent(order.id, buyer.accessToken);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ amount: total, currency });
      const req = stub.requests.find((r) => (r.body.metadata as { orderId?: string })?.orderId === order.id)!;
      expect(req.body).toMatchObject({ amount: String(minor), currency: currency.toLowerCase() });
      const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
      expect(pi.amount).toBe(minor);

      // Another amount: one minor unit off, and the amount Intl's digits would give.
      const intlMinor = Number(total.replace(/\.\d+$/, '')) * 10 ** Number(currency === 'KWD' ? 3 : 0);
      const wrong = [minor - 1, minor + 10, intlMinor].filter((a) => a !== minor);
      for (const amount of wrong) {
        const ev = signedStripeEvent(
          WHSEC,
          'payment_intent.succeeded',
          piObject(pi, { amount, amount_received: amount }),
        );
        const r = await deliver(ev.payload, ev.signature);
        expect(r.status).toBe(200);
        expect(r.body.data.result).toBe('mismatch');
      }
      expect(await statusOf(order.id)).toEqual({ order: 'PENDING', payment: 'PENDING' });

      const ok = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi, { amount_received: minor }));
      expect((await deliver(ok.payload, ok.signature)).body.data.result).toBe('applied');
      expect(await statusOf(order.id)).toEqual({ order: 'PAID', payment: 'PAID' });
    },
  );

  it('an order total Stripe cannot charge exactly is 409 AMOUNT_NOT_REPRESENTABLE and nothing is sent', async () => {
    const jp = await signUpTenant(t.app, { currency: 'JPY' });
    const buyer = await registerCustomer(t.app, jp);
    const { order } = await newOrder('1500', 1, buyer, jp);
    // A fractional yen total (e.g. written before prices were checked against the currency).
    await ownerQuery('UPDATE orders SET total_amount = 1500.50 WHERE id = $1', [order.id]);
    const before = stub.requests.length;
    const res = await intent(order.id, buyer.accessToken);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'AMOUNT_NOT_REPRESENTABLE',
      details: { amount: '1500.5', currency: 'JPY' },
    });
    expect(stub.requests.length).toBe(before);
    expect(await ownerQuery('SELECT 1 FROM payments WHERE order_id = $1', [order.id])).toHaveLength(0);
  });
});

describe('POST /webhooks/stripe', () => {
  it('400 for a forged, missing or wrongly keyed signature, and nothing changes', async () => {
    const { order } = await newOrder('10.00', 1);
    const res = await intent(order.id);
    const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
    const good = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi));
    const forged = good.signature.replace(/v1=([0-9a-f])/, (_m, c: string) => `v1=${c === 'a' ? 'b' : 'a'}`);
    expect((await deliver(good.payload, forged)).status).toBe(400);
    expect((await deliver(good.payload)).status).toBe(400);
    const otherKey = signedStripeEvent('whsec_b3RoZXI', 'payment_intent.succeeded', piObject(pi));
    expect((await deliver(otherKey.payload, otherKey.signature)).status).toBe(400);
    const tampered = good.payload.replace(`"amount_received":${pi.amount}`, '"amount_received":1');
    expect((await deliver(tampered, good.signature)).status).toBe(400);
    expect(await statusOf(order.id)).toEqual({ order: 'PENDING', payment: 'PENDING' });
    expect((await ownerQuery('SELECT 1 FROM processed_stripe_events WHERE id = $1', [good.id])).length).toBe(0);
  });

  it('payment_intent.succeeded pays payment and order once; a replayed event is 200 with no effect', async () => {
    const { order } = await newOrder('10.00', 2);
    const res = await intent(order.id);
    const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
    const ev = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi));
    const first = await deliver(ev.payload, ev.signature);
    expect(first.status).toBe(200);
    expect(first.body.data.result).toBe('applied');
    expect(await statusOf(order.id)).toEqual({ order: 'PAID', payment: 'PAID' });
    const replay = await deliver(ev.payload, ev.signature);
    expect(replay.status).toBe(200);
    expect(replay.body.data.result).toBe('duplicate');
    const types = await outboxTypes(tenant.tenantId, order.id);
    expect(types.filter((x) => x === 'order.paid')).toHaveLength(1);
    expect(types.filter((x) => x === 'order.status_changed')).toHaveLength(1);
    const metrics = await t.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/stripe_webhook_events_total\{type="payment_intent.succeeded",result="duplicate"\} [1-9]/);
    expect(metrics).toMatch(/orders_revenue_total\{currency="USD"\} [1-9]/);
    expect(metrics).toMatch(/payments_total\{status="PAID"\} [1-9]/);
  });

  it('concurrent deliveries of one event apply it once', async () => {
    const { order } = await newOrder('10.00', 1);
    const res = await intent(order.id);
    const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
    const ev = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi));
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => deliver(ev.payload, ev.signature)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.data.result === 'applied')).toHaveLength(1);
    expect((await outboxTypes(tenant.tenantId, order.id)).filter((x) => x === 'order.paid')).toHaveLength(1);
  });

  it('an amount or currency mismatch is logged and not applied', async () => {
    const { order } = await newOrder('10.00', 1);
    const res = await intent(order.id);
    const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
    const ev = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi, { amount: 1, amount_received: 1 }));
    const r = await deliver(ev.payload, ev.signature);
    expect(r.status).toBe(200);
    expect(r.body.data.result).toBe('mismatch');
    const ev2 = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi, { currency: 'eur' }));
    expect((await deliver(ev2.payload, ev2.signature)).body.data.result).toBe('mismatch');
    expect(await statusOf(order.id)).toEqual({ order: 'PENDING', payment: 'PENDING' });
    expect(t.logs.some((l) => l.includes('does not match the order') && l.includes(order.id))).toBe(true);
  });

  it('payment_intent.payment_failed → payment FAILED and payment.failed; the order stays PENDING', async () => {
    const { order } = await newOrder('10.00', 1);
    const res = await intent(order.id);
    const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
    const ev = signedStripeEvent(WHSEC, 'payment_intent.payment_failed', { ...pi, status: 'requires_payment_method' });
    expect((await deliver(ev.payload, ev.signature)).status).toBe(200);
    expect(await statusOf(order.id)).toEqual({ order: 'PENDING', payment: 'FAILED' });
    const [row] = await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'payment.failed' AND payload->'data'->>'orderId' = $1`,
      [order.id],
    );
    expect(row!.n).toBe(1);
  });

  it('unknown event types are acknowledged and ignored', async () => {
    const ev = signedStripeEvent(WHSEC, 'customer.created', { id: 'cus_123', object: 'customer' });
    const r = await deliver(ev.payload, ev.signature);
    expect(r.status).toBe(200);
    expect(r.body.data.result).toBe('ignored');
  });
});

describe('refunds', () => {
  it('cancelling a PAID order sends a refund to Stripe, returns stock and marks the payment REFUNDED', async () => {
    const { order, productId, pi } = await paidOrder();
    const stock = await stockOf(productId);
    const res = await request(t.app).delete(`/api/v1/orders/${order.id}`).set('X-API-Key', tenant.apiKey);
    expect(res.status).toBe(200);
    // The refund is recorded in the cancellation (paymentStatus refunded at once) and sent to
    // Stripe after the commit (ADR 0011): the payment is REFUNDED once Stripe answered.
    expect(res.body.data).toMatchObject({ status: 'CANCELLED', paymentStatus: 'refunded' });
    expect(await statusOf(order.id)).toEqual({ order: 'CANCELLED', payment: 'REFUNDED' });
    const refunds = stub.requests.filter((r) => r.path === '/v1/refunds' && r.body.payment_intent === pi.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.idempotencyKey).toMatch(/^refund-/);
    expect(await stockOf(productId)).toBe(stock + 3);
    expect(await outboxTypes(tenant.tenantId, order.id)).toEqual(
      expect.arrayContaining(['order.cancelled', 'payment.refunded']),
    );
  });

  it('a pending Stripe refund leaves the payment PAID until charge.refunded arrives (applied once)', async () => {
    const { order, pi } = await paidOrder();
    stub.refundStatus = 'pending';
    try {
      const res = await request(t.app).delete(`/api/v1/orders/${order.id}`).set('X-API-Key', tenant.apiKey);
      expect(res.status).toBe(200);
    } finally {
      stub.refundStatus = 'succeeded';
    }
    expect(await statusOf(order.id)).toEqual({ order: 'CANCELLED', payment: 'PAID' });
    const ev = signedStripeEvent(WHSEC, 'charge.refunded', {
      id: 'ch_1',
      object: 'charge',
      payment_intent: pi.id,
      amount_refunded: pi.amount,
      refunded: true,
    });
    expect((await deliver(ev.payload, ev.signature)).body.data.result).toBe('applied');
    expect(await statusOf(order.id)).toEqual({ order: 'CANCELLED', payment: 'REFUNDED' });
    expect((await deliver(ev.payload, ev.signature)).body.data.result).toBe('duplicate');
    expect((await outboxTypes(tenant.tenantId, order.id)).filter((x) => x === 'payment.refunded')).toHaveLength(1);
  });

  it('cancelling an unpaid order cancels its intent; a payment that still succeeds for the CANCELLED order is refunded', async () => {
    const { order } = await newOrder('10.00', 1);
    const res = await intent(order.id);
    const pi = stub.intents.get(res.body.data.clientSecret.split('_secret_')[0])!;
    await request(t.app).delete(`/api/v1/orders/${order.id}`).set('X-API-Key', tenant.apiKey).expect(200);
    // The unpaid intent is cancelled at Stripe; a payment racing that cancellation is refunded.
    expect(stub.requestsTo(`/v1/payment_intents/${pi.id}/cancel`)).toHaveLength(1);
    const ev = signedStripeEvent(WHSEC, 'payment_intent.succeeded', piObject(pi));
    expect((await deliver(ev.payload, ev.signature)).status).toBe(200);
    expect(stub.requests.filter((r) => r.path === '/v1/refunds' && r.body.payment_intent === pi.id)).toHaveLength(1);
    expect(await statusOf(order.id)).toEqual({ order: 'CANCELLED', payment: 'REFUNDED' });
  });

  it('a provider outage no longer blocks the cancel: the refund waits pending and the sweeper sends it once Stripe answers', async () => {
    const { order, productId, pi } = await paidOrder();
    const stock = await stockOf(productId);
    stub.failNext(500, 10); // every attempt, including the SDK's retries
    const res = await request(t.app).delete(`/api/v1/orders/${order.id}`).set('X-API-Key', tenant.apiKey);
    stub.failNext(500, 0);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'CANCELLED', paymentStatus: 'refunded' });
    expect(await statusOf(order.id)).toEqual({ order: 'CANCELLED', payment: 'PAID' });
    expect(await stockOf(productId)).toBe(stock + 3);
    const [r] = await ownerQuery<{ status: string }>('SELECT status FROM refunds WHERE order_id = $1', [order.id]);
    expect(r!.status).toBe('pending');
    await sweepRefunds(t.ctx, 0, tenant.tenantId);
    expect(stub.refunds.filter((x) => x.payment_intent === pi.id)).toHaveLength(1);
    expect(await statusOf(order.id)).toEqual({ order: 'CANCELLED', payment: 'REFUNDED' });
  });
});

describe('manual provider (no Stripe keys)', () => {
  let m: TestApp;
  let mt: SignedUpTenant;
  let dave: TestUser;
  beforeAll(async () => {
    m = await makeTestApp();
    mt = await signUpTenant(m.app);
    dave = await registerCustomer(m.app, mt);
  });
  afterAll(async () => {
    await m.close();
  });

  it('intent → provider manual (no client secret); the merchant marks the order PAID; the Payment becomes PAID', async () => {
    const { order } = await newOrder('12.34', 1, dave, mt, m);
    const before = stub.requests.length;
    const res = await intent(order.id, dave.accessToken, m);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ provider: 'manual', clientSecret: null, amount: '12.34', status: 'PENDING' });
    const paid = await request(m.app)
      .patch(`/api/v1/orders/${order.id}/status`)
      .set('X-API-Key', mt.apiKey)
      .send({ status: 'PAID' });
    expect(paid.status).toBe(200);
    expect(paid.body.data).toMatchObject({ status: 'PAID', payment: { id: res.body.data.paymentId, status: 'PAID' } });
    expect(stub.requests.length).toBe(before);
  });

  it('the Stripe webhook refuses everything when no endpoint secret is configured', async () => {
    const ev = signedStripeEvent(WHSEC, 'payment_intent.succeeded', { id: 'pi_x', object: 'payment_intent' });
    const res = await request(m.app)
      .post('/api/v1/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', ev.signature)
      .send(ev.payload);
    expect(res.status).toBe(400);
  });
});
