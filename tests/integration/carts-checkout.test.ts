// Cart completion (POST /carts/:id/complete): one order per cart whatever the races, exact
// totals frozen from the cart (shipping + tax), stock re-checked and reserved, Idempotency-Key
// replays, guest orders (e-mail cap, attached on sign-up), and with Stripe: the intent is for
// the order total and is created only after the order committed (the stand-in holds its
// answer while the test reads the order from another connection).
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, TEST_PASSWORD } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { signedStripeEvent, startStripeStub, type StripeStub } from '../helpers/stripe-stub';
import { createProduct, outboxTypes, type TestProduct } from './orders.fixtures';

const WHSEC = 'whsec_dGVzdC1zZWNyZXQtZm9yLXN0cmlwZS13ZWJob29rcw';
let t: TestApp;
let ts: TestApp;
let stub: StripeStub;
beforeAll(async () => {
  stub = await startStripeStub();
  [t, ts] = await Promise.all([
    makeTestApp({ MAX_PENDING_ORDERS_PER_CUSTOMER: '2' }),
    makeTestApp({ STRIPE_SECRET_KEY: 'sk_test_local', STRIPE_WEBHOOK_SECRET: WHSEC, STRIPE_API_BASE: stub.url }),
  ]);
});
afterAll(async () => {
  await Promise.all([t.close(), ts.close()]);
  await stub.close();
});

type Headers = Record<string, string>;
const guest = (tn: SignedUpTenant): Headers => ({ 'X-Tenant': tn.subdomain });
const staff = (tn: SignedUpTenant): Headers => ({ 'X-API-Key': tn.apiKey });
const call = (app: TestApp, method: 'get' | 'post' | 'patch', path: string, h: Headers, body?: object) => {
  const r = request(app.app)[method](`/api/v1${path}`).set(h);
  return body ? r.send(body) : r;
};
async function must(res: request.Response, status: number) {
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
const NY = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Main St',
  city: 'New York',
  state: 'NY',
  postalCode: '10001',
  country: 'US',
};

interface Store {
  tn: SignedUpTenant;
  product: TestProduct;
  rateId: string;
}

/** A store selling one product at 33.33 with US shipping (5.00, free from 200) and NY tax 8.875 % on goods and shipping. */
async function store(app: TestApp, quantity = 50): Promise<Store> {
  const tn = await signUpTenant(app.app, { currency: 'USD' });
  const product = await createProduct(app.app, tn, { price: '33.33', quantity });
  const z = await must(
    await call(app, 'post', '/shipping-zones', staff(tn), {
      name: 'US',
      countries: ['US'],
      rates: [{ name: 'Ground', amount: '5.00', freeAbove: '200' }],
    }),
    201,
  );
  await must(
    await call(app, 'post', '/tax-rates', staff(tn), {
      country: 'US',
      state: 'NY',
      name: 'NY',
      rate: '8.875',
      appliesToShipping: true,
    }),
    201,
  );
  return { tn, product, rateId: z.rates[0].id };
}

/** A guest cart ready to complete: item, e-mail, address, shipping method. */
async function readyCart(app: TestApp, s: Store, opts: { quantity?: number; email?: string; h?: Headers } = {}) {
  const h = opts.h ?? guest(s.tn);
  const cart = await must(
    await call(app, 'post', '/carts', h, { items: [{ productId: s.product.id, quantity: opts.quantity ?? 3 }] }),
    201,
  );
  await must(
    await call(app, 'patch', `/carts/${cart.id}`, h, { email: opts.email ?? 'Guest@Example.com', shippingAddress: NY }),
    200,
  );
  await must(await call(app, 'post', `/carts/${cart.id}/shipping-method`, h, { rateId: s.rateId }), 200);
  return cart.id as string;
}

const complete = (app: TestApp, s: Store, cartId: string, h: Headers = guest(s.tn), key?: string) => {
  const r = call(app, 'post', `/carts/${cartId}/complete`, key ? { ...h, 'Idempotency-Key': key } : h);
  return r;
};

const ordersOfCart = async (cartId: string) =>
  (await ownerQuery<{ id: string }>('SELECT id FROM orders WHERE cart_id = $1', [cartId])).length;

describe('guest checkout (manual provider)', () => {
  it('freezes the cart into a PENDING order with exact shipping and per-line tax, reserves stock, emits order.created', async () => {
    const s = await store(t);
    const cartId = await readyCart(t, s);
    const cart = await must(await call(t, 'get', `/carts/${cartId}`, guest(s.tn)), 200);
    const res = await complete(t, s, cartId);
    expect(res.status).toBe(201);
    const { order, payment } = res.body.data;
    // 3 × 33.33 = 99.99; tax 8.875 % per line: 8.874… → 8.87; shipping 5.00 taxed: 0.44375 → 0.44.
    expect(order).toMatchObject({
      status: 'PENDING',
      customerId: null,
      email: 'guest@example.com',
      customerEmail: 'guest@example.com',
      customerName: 'Ada Lovelace',
      subtotal: '99.99',
      discountTotal: '0.00',
      shippingTotal: '5.00',
      taxTotal: '9.31',
      totalAmount: '114.30',
      shippingLine: { name: 'Ground', amount: '5.00', taxTotal: '0.44' },
      taxLines: [{ name: 'NY', rate: '8.875', amount: '9.31' }],
      discounts: [],
      paymentStatus: 'unpaid',
      fulfillmentStatus: 'unfulfilled',
      billingAddress: null,
      metadata: {},
    });
    expect(order.items).toEqual([
      expect.objectContaining({
        quantity: 3,
        unitPrice: '33.33',
        subtotal: '99.99',
        taxTotal: '8.87',
        total: '108.86',
      }),
    ]);
    // The cart's last price is what the order froze.
    expect(cart.total).toBe(order.totalAmount);
    expect(payment).toEqual({ provider: 'manual', amount: '114.30', currency: 'USD' });
    const [stock] = await ownerQuery<{ reserved: number }>(
      'SELECT i.reserved FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE v.product_id = $1',
      [s.product.id],
    );
    expect(stock!.reserved).toBe(3);
    expect(await outboxTypes(s.tn.tenantId, order.id)).toContain('order.created');
    const after = await must(await call(t, 'get', `/carts/${cartId}`, guest(s.tn)), 200);
    expect(after).toMatchObject({ status: 'completed', orderId: order.id });
    // Completed carts are read-only.
    const add = await call(t, 'post', `/carts/${cartId}/items`, guest(s.tn), { productId: s.product.id, quantity: 1 });
    expect(add.status).toBe(409);
    expect(add.body.error.code).toBe('CART_COMPLETED');
    // Staff see the guest order like any other.
    const got = await must(await call(t, 'get', `/orders/${order.id}`, staff(s.tn)), 200);
    expect(got).toEqual(order);
  });

  it('a second complete returns the same order (200); concurrent completes create exactly one', async () => {
    const s = await store(t);
    const first = await readyCart(t, s, { email: 'one@example.com' });
    const a = await complete(t, s, first);
    const b = await complete(t, s, first);
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.data.order.id).toBe(a.body.data.order.id);

    const racing = await readyCart(t, s, { email: 'two@example.com' });
    const results = await Promise.all(Array.from({ length: 8 }, () => complete(t, s, racing)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.data.order.id)).size).toBe(1);
    expect(await ordersOfCart(racing)).toBe(1);
  });

  it('an Idempotency-Key replays the first answer (201, Idempotent-Replayed)', async () => {
    const s = await store(t);
    const cartId = await readyCart(t, s, { email: 'key@example.com' });
    const a = await complete(t, s, cartId, guest(s.tn), 'checkout-1');
    const b = await complete(t, s, cartId, guest(s.tn), 'checkout-1');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toEqual(a.body);
    expect(await ordersOfCart(cartId)).toBe(1);
  });

  it('re-checks stock at completion: 409 INSUFFICIENT_STOCK, nothing written, the cart stays open', async () => {
    const s = await store(t, 5);
    const cartId = await readyCart(t, s, { quantity: 4, email: 'stock@example.com' });
    // Another buyer takes 2 of the 5 meanwhile.
    const other = await readyCart(t, s, { quantity: 2, email: 'other@example.com' });
    expect((await complete(t, s, other)).status).toBe(201);
    const res = await complete(t, s, cartId);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(await ordersOfCart(cartId)).toBe(0);
    expect((await must(await call(t, 'get', `/carts/${cartId}`, guest(s.tn)), 200)).status).toBe('open');
  });

  it('refuses an incomplete cart with what is missing', async () => {
    const s = await store(t);
    const cart = await must(await call(t, 'post', '/carts', guest(s.tn), {}), 201);
    const empty = await complete(t, s, cart.id);
    expect(empty.status).toBe(409);
    expect(empty.body.error).toMatchObject({
      code: 'CART_INCOMPLETE',
      details: { missing: ['items', 'email', 'shippingAddress'] },
    });
    await must(
      await call(t, 'post', `/carts/${cart.id}/items`, guest(s.tn), { productId: s.product.id, quantity: 1 }),
      200,
    );
    await must(
      await call(t, 'patch', `/carts/${cart.id}`, guest(s.tn), { email: 'x@example.com', shippingAddress: NY }),
      200,
    );
    const noMethod = await complete(t, s, cart.id);
    expect(noMethod.body.error.details).toEqual({ missing: ['shippingMethod'] });
  });

  it('caps a guest e-mail at MAX_PENDING_ORDERS_PER_CUSTOMER unpaid orders (case-insensitive)', async () => {
    const s = await store(t);
    for (const email of ['cap@example.com', 'CAP@example.com']) {
      expect((await complete(t, s, await readyCart(t, s, { quantity: 1, email }))).status).toBe(201);
    }
    const third = await complete(t, s, await readyCart(t, s, { quantity: 1, email: 'Cap@Example.com' }));
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('TOO_MANY_PENDING_ORDERS');
  });

  it('holds the guest e-mail cap under concurrent completions (the e-mail is locked, then counted)', async () => {
    const s = await store(t);
    const carts = await Promise.all(
      ['race@example.com', 'RACE@example.com', ' race@Example.com', 'race@EXAMPLE.com', 'Race@example.com'].map(
        (email) => readyCart(t, s, { quantity: 1, email }),
      ),
    );
    const results = await Promise.all(carts.map((id) => complete(t, s, id)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('TOO_MANY_PENDING_ORDERS');
    const [n] = await ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1 AND customer_email = 'race@example.com'`,
      [s.tn.tenantId],
    );
    expect(n!.n).toBe(2);
  });

  it("guest orders become the customer's when the e-mail registers", async () => {
    const s = await store(t);
    const cartId = await readyCart(t, s, { quantity: 1, email: 'Later@Example.com' });
    const { order } = (await complete(t, s, cartId)).body.data;
    const reg = await call(t, 'post', '/auth/register', guest(s.tn), {
      email: 'later@example.com',
      password: TEST_PASSWORD,
      name: 'Later',
    });
    expect(reg.status).toBe(201);
    const login = await must(
      await call(t, 'post', '/auth/login', guest(s.tn), { email: 'later@example.com', password: TEST_PASSWORD }),
      200,
    );
    const mine = await must(await call(t, 'get', '/orders', { Authorization: `Bearer ${login.accessToken}` }), 200);
    expect(mine.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(mine[0].customerId).toBe(reg.body.data.id);
    const [u] = await ownerQuery<{ pending_orders: number }>('SELECT pending_orders FROM users WHERE id = $1', [
      reg.body.data.id,
    ]);
    expect(u!.pending_orders).toBe(1);
  });

  it("a customer's cart becomes the customer's order; others and other tenants get 404", async () => {
    const s = await store(t);
    const [alice, bob] = await Promise.all([registerCustomer(t.app, s.tn), registerCustomer(t.app, s.tn)]);
    const asAlice = { Authorization: `Bearer ${alice.accessToken}` };
    const cartId = await readyCart(t, s, { quantity: 1, h: asAlice });
    const other = await signUpTenant(t.app, { currency: 'USD' });
    expect((await complete(t, s, cartId, { Authorization: `Bearer ${bob.accessToken}` })).status).toBe(404);
    expect((await complete(t, s, cartId, guest(s.tn))).status).toBe(404);
    expect((await complete(t, s, cartId, guest(other))).status).toBe(404);
    const res = await complete(t, s, cartId, asAlice);
    expect(res.status).toBe(201);
    // The cart's e-mail is the order's (as a storefront set it), the customer its owner.
    expect(res.body.data.order).toMatchObject({ customerId: alice.id, email: 'guest@example.com' });
  });
});

describe('POST /orders prices through the same engine', () => {
  it('adds shipping (shippingRateId) and tax; refuses an ineligible rate and unknown discount codes', async () => {
    const s = await store(t);
    const alice = await registerCustomer(t.app, s.tn);
    const asAlice = { Authorization: `Bearer ${alice.accessToken}` };
    const body = { items: [{ productId: s.product.id, quantity: 3 }], shippingAddress: NY };
    const res = await call(t, 'post', '/orders', asAlice, { ...body, shippingRateId: s.rateId });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      subtotal: '99.99',
      shippingTotal: '5.00',
      taxTotal: '9.31',
      totalAmount: '114.30',
    });
    // Without a rate: no shipping line, tax still applies (part-1 orders gain only the tax).
    const plain = await must(await call(t, 'post', '/orders', asAlice, body), 201);
    expect(plain).toMatchObject({ shippingLine: null, taxTotal: '8.87', totalAmount: '108.86' });
    const abroad = await call(t, 'post', '/orders', asAlice, {
      ...body,
      shippingAddress: { ...NY, state: undefined, country: 'FR' },
      shippingRateId: s.rateId,
    });
    expect(abroad.status).toBe(409);
    expect(abroad.body.error).toMatchObject({
      code: 'SHIPPING_RATE_UNAVAILABLE',
      details: { reason: 'country_not_covered' },
    });
    // A whole-number rate reads as the tax-rates API shows it ("20", not the column's "20.000").
    await must(await call(t, 'post', '/tax-rates', staff(s.tn), { country: 'FR', name: 'TVA', rate: '20' }), 201);
    // (Another customer: alice holds the 2 unpaid orders this app allows.)
    const carol = await registerCustomer(t.app, s.tn);
    const fr = await must(
      await call(
        t,
        'post',
        '/orders',
        { Authorization: `Bearer ${carol.accessToken}` },
        {
          ...body,
          shippingAddress: { ...NY, state: undefined, country: 'FR' },
        },
      ),
      201,
    );
    expect(fr).toMatchObject({ taxTotal: '20.00', taxLines: [{ name: 'TVA', rate: '20', amount: '20.00' }] });
    const code = await call(t, 'post', '/orders', asAlice, { ...body, discountCodes: ['SAVE10'] });
    expect(code.status).toBe(409);
    expect(code.body.error.code).toBe('DISCOUNT_CODE_INVALID');
  });
});

describe('checkout with Stripe', () => {
  it('creates the PaymentIntent for the exact total only after the order committed; a failed payment stays payable', async () => {
    const s = await store(ts);
    const cartId = await readyCart(ts, s, { email: 'stripe@example.com' });
    const held = stub.holdNext('/v1/payment_intents');
    const pending = complete(ts, s, cartId).then((r) => r);
    await held.reached;
    // While the app waits on Stripe, the order is already committed: another connection sees it.
    const rows = await ownerQuery<{ id: string; status: string }>('SELECT id, status FROM orders WHERE cart_id = $1', [
      cartId,
    ]);
    expect(rows).toEqual([{ id: expect.any(String), status: 'PENDING' }]);
    held.release();
    const res = await pending;
    expect(res.status).toBe(201);
    const { order, payment } = res.body.data;
    expect(order.id).toBe(rows[0]!.id);
    expect(payment).toEqual({
      provider: 'stripe',
      clientSecret: expect.any(String),
      amount: '114.30',
      currency: 'USD',
    });
    const sent = stub
      .requestsTo('/v1/payment_intents')
      .filter((r) => (r.body.metadata as { orderId?: string })?.orderId === order.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.amount).toBe('11430');
    expect(sent[0]!.idempotencyKey).toBe(`order-${order.id}-payment-intent`);

    // The payment fails: the order stays PENDING and complete answers the same order and intent.
    const pi = [...stub.intents.values()].find((i) => (i.metadata as { orderId?: string })?.orderId === order.id)!;
    const failed = signedStripeEvent(WHSEC, 'payment_intent.payment_failed', {
      ...pi,
      status: 'requires_payment_method',
    });
    const hook = await request(ts.app)
      .post('/api/v1/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', failed.signature)
      .send(failed.payload);
    expect(hook.status).toBe(200);
    const again = await complete(ts, s, cartId);
    expect(again.status).toBe(200);
    expect(again.body.data.order).toMatchObject({ id: order.id, status: 'PENDING' });
    expect(again.body.data.payment.clientSecret).toBe(payment.clientSecret);
    // Paid later with the same intent.
    const paid = signedStripeEvent(WHSEC, 'payment_intent.succeeded', {
      ...pi,
      status: 'succeeded',
      amount_received: pi.amount,
    });
    await request(ts.app)
      .post('/api/v1/webhooks/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', paid.signature)
      .send(paid.payload)
      .expect(200);
    const final = await must(await call(ts, 'get', `/orders/${order.id}`, staff(s.tn)), 200);
    expect(final).toMatchObject({ status: 'PAID', paymentStatus: 'paid' });
  });

  it('Stripe down after the commit: 502, the order stands, and completing again gets its intent', async () => {
    const s = await store(ts);
    const cartId = await readyCart(ts, s, { quantity: 1, email: 'down@example.com' });
    stub.failNext(500, 3); // the SDK's first try and its 2 retries
    const failed = await complete(ts, s, cartId);
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('PAYMENT_PROVIDER_ERROR');
    const [row] = await ownerQuery<{ id: string; status: string }>('SELECT id, status FROM orders WHERE cart_id = $1', [
      cartId,
    ]);
    expect(row!.status).toBe('PENDING');
    const again = await complete(ts, s, cartId);
    expect(again.status).toBe(200);
    expect(again.body.data.order.id).toBe(row!.id);
    expect(again.body.data.payment).toMatchObject({ provider: 'stripe', clientSecret: expect.any(String) });
  });
});
