// Promotion limits under concurrency (issue 16), end to end over real HTTP to one listening
// server on keep-alive connections: a code's usageLimit raced by 100 completions (the
// conditional UPDATE in the order's statement), an automatic promotion's usageLimit,
// perCustomerLimit by account and by guest e-mail (case and whitespace variants, the person's
// lock under concurrent completions), a cancelled order giving its use back, and tenant
// isolation of codes. Each scenario has its own store: automatic promotions apply to every
// cart of a store.
import { randomBytes } from 'node:crypto';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { login, registerCustomer, TEST_PASSWORD, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, orderBody, type TestProduct } from './orders.fixtures';

let t: TestApp;
let server: Server;
let base: string;
// Up to 100 requests at once, each on its own kept-alive connection to the one server.
const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });

beforeAll(async () => {
  t = await makeTestApp({ DATABASE_POOL_MAX: '20' });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  agent.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  await t.close();
});

type Headers = Record<string, string>;
type Method = 'get' | 'post' | 'patch' | 'delete';
/** A request through supertest (its response is checked against openapi.yaml) on the keep-alive agent. */
const api = (method: Method, path: string, h: Headers, body?: object) => {
  const r = request(base)[method](`/api/v1${path}`).agent(agent).set(h);
  return body ? r.send(body) : r;
};
const guest = (tn: SignedUpTenant): Headers => ({ 'X-Tenant': tn.subdomain });
const key = (tn: SignedUpTenant): Headers => ({ 'X-API-Key': tn.apiKey });
const bearer = (u: TestUser): Headers => ({ Authorization: `Bearer ${u.accessToken}` });
// A country no shipping zone of these stores covers: completion needs no shipping method.
const ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Main St',
  city: 'Town',
  postalCode: '10001',
  country: 'US',
};

async function must(res: request.Response, status: number) {
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
const refusal = (res: request.Response) => ({
  status: res.status,
  code: res.body.error?.code,
  reason: res.body.error?.details?.reason,
});
const uniq = () => randomBytes(4).toString('hex');

interface Store {
  tn: SignedUpTenant;
  product: TestProduct;
}
/** A USD store (no zones, no taxes) selling one product at 20.00 with ample stock. */
async function store(): Promise<Store> {
  const tn = await signUpTenant(t.app, { currency: 'USD' });
  return { tn, product: await createProduct(t.app, tn, { price: '20.00', quantity: 100_000 }) };
}

interface Promotion {
  id: string;
  code: string | null;
}
const promotion = async (tn: SignedUpTenant, body: object): Promise<Promotion> =>
  must(await api('post', '/promotions', key(tn), { name: 'Promo', type: 'percentage', value: '10', ...body }), 201);
const timesUsed = async (tn: SignedUpTenant, p: Promotion): Promise<number> =>
  (await must(await api('get', `/promotions/${p.id}`, key(tn)), 200)).timesUsed;

const addCode = (s: Store, cartId: string, code: string, h: Headers = guest(s.tn)) =>
  api('post', `/carts/${cartId}/discount-codes`, h, { code });

/**
 * A cart ready to complete: one unit, an address, a guest's `email` (h: a customer's cart
 * when it carries their bearer), and `code` applied when given (which must apply).
 */
async function cart(s: Store, opts: { email?: string; code?: string; h?: Headers }): Promise<string> {
  const h = opts.h ?? guest(s.tn);
  const created = await must(
    await api('post', '/carts', h, {
      ...(opts.email === undefined ? {} : { email: opts.email }),
      items: [{ productId: s.product.id, quantity: 1 }],
    }),
    201,
  );
  await must(await api('patch', `/carts/${created.id}`, h, { shippingAddress: ADDRESS }), 200);
  if (opts.code !== undefined) {
    const view = await must(await addCode(s, created.id, opts.code, h), 200);
    expect(view.discountCodeDetails).toEqual([expect.objectContaining({ applied: true, reason: null })]);
  }
  return created.id as string;
}
const complete = (s: Store, cartId: string, h: Headers = guest(s.tn)) => api('post', `/carts/${cartId}/complete`, h);
const getCart = async (s: Store, cartId: string, h: Headers = guest(s.tn)) =>
  must(await api('get', `/carts/${cartId}`, h), 200);

interface OrderDiscount {
  code: string | null;
  promotionId: string;
  amount: string;
}
const discountsOf = (res: request.Response): OrderDiscount[] => res.body.data.order.discounts;
const carries = (res: request.Response, p: Promotion) =>
  res.status === 201 && discountsOf(res).some((d) => d.promotionId === p.id);

/** Redemption rows of `p` (what perCustomerLimit counts), with the orders they belong to. */
const redemptions = (p: Promotion) =>
  ownerQuery<{ order_id: string; email: string | null }>(
    'SELECT order_id, email FROM promotion_redemptions WHERE promotion_id = $1',
    [p.id],
  );

/** A customer registered with exactly `email` (registerCustomer picks a random one). */
async function customerWithEmail(tn: SignedUpTenant, email: string): Promise<TestUser> {
  const res = await api('post', '/auth/register', guest(tn), { email, password: TEST_PASSWORD, name: 'Named' });
  const id = (await must(res, 201)).id as string;
  const { accessToken } = await login(t.app, tn, email, TEST_PASSWORD);
  return { id, email, password: TEST_PASSWORD, accessToken };
}

describe('usageLimit under concurrency', () => {
  it('a code with usageLimit 10 on 100 carts completed at once: exactly 10 orders carry it, 90 × 409 exhausted with their carts open, 0 5xx, timesUsed 10', async () => {
    const s = await store();
    const code = `TEN-${uniq()}`;
    const p = await promotion(s.tn, { code, usageLimit: 10 });
    // Each cart holds the code (lower-cased: codes are case-insensitive) while it still applies.
    const carts = await Promise.all(
      Array.from({ length: 100 }, (_, i) => cart(s, { email: `buyer${i}@example.com`, code: code.toLowerCase() })),
    );

    const results = await Promise.all(carts.map((id) => complete(s, id)));
    expect(results.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(10);
    // Every order that was created got the discount (10 % of 20.00), in the code's own spelling.
    for (const r of created) expect(discountsOf(r)).toEqual([{ code, promotionId: p.id, amount: '2.00' }]);
    const refusedCarts = carts.filter((_, i) => results[i]!.status !== 201);
    expect(results.filter((r) => r.status !== 201).map(refusal)).toEqual(
      Array.from({ length: 90 }, () => ({ status: 409, code: 'DISCOUNT_CODE_INVALID', reason: 'exhausted' })),
    );

    // The refused carts stay open, no order; the code stays on them and says why it no longer applies.
    const after = await Promise.all(refusedCarts.map((id) => getCart(s, id)));
    for (const c of after)
      expect(c).toMatchObject({
        status: 'open',
        orderId: null,
        discountCodes: [code],
        discountCodeDetails: [{ code, applied: false, reason: 'exhausted' }],
        discounts: [],
        total: '20.00',
      });
    expect(await timesUsed(s.tn, p)).toBe(10);
    expect(await redemptions(p)).toHaveLength(10);
    const [orders] = await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1', [
      s.tn.tenantId,
    ]);
    expect(orders!.n).toBe(10);
    // A new cart cannot take the code any more.
    const late = await cart(s, { email: 'late@example.com' });
    expect(refusal(await addCode(s, late, code))).toEqual({
      status: 409,
      code: 'DISCOUNT_CODE_INVALID',
      reason: 'exhausted',
    });
  });

  it('an automatic promotion with usageLimit 3: 6 carts completed at once give exactly 3 orders with it; then it stops applying', async () => {
    const s = await store();
    const p = await promotion(s.tn, { code: null, type: 'fixed_amount', value: '5', usageLimit: 3 });
    const carts = await Promise.all(Array.from({ length: 6 }, (_, i) => cart(s, { email: `auto${i}@example.com` })));
    // Every cart shows it before anyone completes: 20.00 − 5.00.
    for (const c of await Promise.all(carts.map((id) => getCart(s, id))))
      expect(c).toMatchObject({ discounts: [{ code: null, promotionId: p.id, amount: '5.00' }], total: '15.00' });

    const results = await Promise.all(carts.map((id) => complete(s, id)));
    expect(results.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
    expect(results.filter((r) => carries(r, p))).toHaveLength(3);
    for (const r of results.filter((x) => carries(x, p))) expect(r.body.data.order.totalAmount).toBe('15.00');
    // The others lost the race for the last use (409, cart open) or priced after it was gone
    // (an exhausted automatic promotion simply stops applying: an order at full price).
    for (const r of results.filter((x) => !carries(x, p))) {
      if (r.status === 201) expect(r.body.data.order).toMatchObject({ discounts: [], totalAmount: '20.00' });
      else
        expect(r.body.error).toMatchObject({
          code: 'DISCOUNT_CODE_INVALID',
          details: { reason: 'exhausted', code: null, promotionIds: [p.id] },
        });
    }
    expect(await timesUsed(s.tn, p)).toBe(3);

    // The refused carts no longer show it, and complete without it.
    const open = carts.filter((_, i) => results[i]!.status === 409);
    for (const id of open) {
      expect(await getCart(s, id)).toMatchObject({
        status: 'open',
        discounts: [],
        discountTotal: '0.00',
        total: '20.00',
      });
      const done = await complete(s, id);
      expect(done.status).toBe(201);
      expect(done.body.data.order).toMatchObject({ discounts: [], totalAmount: '20.00' });
    }
    // A cart started now does not get it either.
    const fresh = await getCart(s, await cart(s, { email: 'after@example.com' }));
    expect(fresh).toMatchObject({ discounts: [], total: '20.00' });
    expect(await timesUsed(s.tn, p)).toBe(3);
    expect(await redemptions(p)).toHaveLength(3);
  });
});

describe('perCustomerLimit', () => {
  it('by account and by guest e-mail, whatever the case and surrounding whitespace; POST /orders too', async () => {
    const s = await store();
    const code = `ONCE-${uniq()}`;
    const p = await promotion(s.tn, { code, perCustomerLimit: 1 });
    const [alice, registered] = await Promise.all([
      registerCustomer(t.app, s.tn),
      // Ordered as a guest first, registers later (below).
      Promise.resolve(`Returning.${uniq()}@Example.com`),
    ]);

    // The account: first order with the code, then a second cart cannot take it.
    const first = await complete(s, await cart(s, { code, h: bearer(alice) }), bearer(alice));
    expect(first.status).toBe(201);
    expect(discountsOf(first)).toEqual([{ code, promotionId: p.id, amount: '2.00' }]);
    const second = await cart(s, { h: bearer(alice) });
    const limitReached = { status: 409, code: 'DISCOUNT_CODE_INVALID', reason: 'limit_reached' };
    expect(refusal(await addCode(s, second, code.toLowerCase(), bearer(alice)))).toEqual(limitReached);
    // POST /orders names the code: refused for the same reason.
    const direct = await api('post', '/orders', bearer(alice), {
      ...orderBody([{ productId: s.product.id, quantity: 1 }]),
      discountCodes: [code],
    });
    expect(refusal(direct)).toEqual(limitReached);

    // A guest cart under the account's e-mail, upper-cased and padded: the same person.
    const disguised = await cart(s, { email: `  ${alice.email.toUpperCase()}  ` });
    expect((await getCart(s, disguised)).email).toBe(alice.email);
    expect(refusal(await addCode(s, disguised, code))).toEqual(limitReached);

    // A guest e-mail used once as a guest; a case and whitespace variant is the same guest.
    const asGuest = await complete(s, await cart(s, { email: registered, code }));
    expect(asGuest.status).toBe(201);
    expect(discountsOf(asGuest)).toEqual([{ code, promotionId: p.id, amount: '2.00' }]);
    const variant = await cart(s, { email: ` ${registered.toUpperCase()}\t` });
    expect(refusal(await addCode(s, variant, code))).toEqual(limitReached);
    // The guest registers with that e-mail: their account is the same person too.
    const returning = await customerWithEmail(s.tn, registered.toLowerCase());
    const theirs = await cart(s, { h: bearer(returning) });
    expect(refusal(await addCode(s, theirs, code, bearer(returning)))).toEqual(limitReached);

    // Each person's one use is one redemption row under their normalised e-mail.
    expect((await redemptions(p)).map((r) => r.email).sort()).toEqual([alice.email, registered.toLowerCase()].sort());
    expect(await timesUsed(s.tn, p)).toBe(2);
  });

  it('carts of one person completed at once, by guest e-mail variants and by account: exactly one order carries the code', async () => {
    const s = await store();
    const code = `RACE-${uniq()}`;
    const p = await promotion(s.tn, { code, perCustomerLimit: 1 });
    const bob = await registerCustomer(t.app, s.tn);
    const racer = `racer.${uniq()}@example.com`;
    // Every cart takes the code: nobody has used it yet.
    const [guestCarts, mixedCarts] = await Promise.all([
      Promise.all(
        [racer, racer.toUpperCase(), ` ${racer} `, racer, racer.toUpperCase(), racer].map((email) =>
          cart(s, { email, code }),
        ),
      ),
      // bob's own carts and guest carts under bob's e-mail.
      Promise.all([
        cart(s, { code, h: bearer(bob) }).then((id) => ({ id, h: bearer(bob) })),
        cart(s, { code, h: bearer(bob) }).then((id) => ({ id, h: bearer(bob) })),
        cart(s, { code, h: bearer(bob) }).then((id) => ({ id, h: bearer(bob) })),
        cart(s, { email: bob.email.toUpperCase(), code }).then((id) => ({ id, h: guest(s.tn) })),
        cart(s, { email: ` ${bob.email} `, code }).then((id) => ({ id, h: guest(s.tn) })),
        cart(s, { email: bob.email, code }).then((id) => ({ id, h: guest(s.tn) })),
      ]),
    ]);

    const all = [...guestCarts.map((id) => ({ id, h: guest(s.tn) })), ...mixedCarts];
    const results = await Promise.all(all.map((c) => complete(s, c.id, c.h)));
    for (const group of [results.slice(0, 6), results.slice(6)]) {
      expect(group.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
      // The one use went to exactly one order; the others re-read the person's uses under the
      // person's lock and are refused, their carts left open.
      expect(group.filter((r) => carries(r, p))).toHaveLength(1);
      expect(group.filter((r) => !carries(r, p)).map(refusal)).toEqual(
        Array.from({ length: 5 }, () => ({ status: 409, code: 'DISCOUNT_CODE_INVALID', reason: 'limit_reached' })),
      );
    }
    const refused = all.filter((_, i) => results[i]!.status !== 201);
    for (const c of await Promise.all(refused.map((x) => getCart(s, x.id, x.h))))
      expect(c).toMatchObject({
        status: 'open',
        discountCodeDetails: [{ code, applied: false, reason: 'limit_reached' }],
        total: '20.00',
      });
    const rows = await redemptions(p);
    expect(rows.map((r) => r.email).sort()).toEqual([bob.email, racer].sort());
    expect(await timesUsed(s.tn, p)).toBe(2);
  });
});

describe('cancellation gives the use back', () => {
  it('a cancelled order returns its use of a limited code: timesUsed goes down and the same customer (perCustomerLimit 1) can use it again', async () => {
    const s = await store();
    const code = `BACK-${uniq()}`;
    const p = await promotion(s.tn, { code, usageLimit: 1, perCustomerLimit: 1 });
    const [carol, dave] = await Promise.all([registerCustomer(t.app, s.tn), registerCustomer(t.app, s.tn)]);
    const exhausted = { status: 409, code: 'DISCOUNT_CODE_INVALID', reason: 'exhausted' };

    const first = await complete(s, await cart(s, { code, h: bearer(carol) }), bearer(carol));
    expect(first.status).toBe(201);
    expect(discountsOf(first)).toEqual([{ code, promotionId: p.id, amount: '2.00' }]);
    expect(await timesUsed(s.tn, p)).toBe(1);
    const daves = await cart(s, { h: bearer(dave) });
    expect(refusal(await addCode(s, daves, code, bearer(dave)))).toEqual(exhausted);

    // carol cancels her unpaid order (DELETE /orders/:id): the use comes back.
    const cancelled = await must(await api('delete', `/orders/${first.body.data.order.id}`, bearer(carol)), 200);
    expect(cancelled.status).toBe('CANCELLED');
    expect(await timesUsed(s.tn, p)).toBe(0);
    expect(await redemptions(p)).toEqual([]);

    // carol (perCustomerLimit 1) may use it again.
    const again = await complete(s, await cart(s, { code, h: bearer(carol) }), bearer(carol));
    expect(again.status).toBe(201);
    expect(discountsOf(again)).toEqual([{ code, promotionId: p.id, amount: '2.00' }]);
    expect(await timesUsed(s.tn, p)).toBe(1);
    expect(refusal(await addCode(s, daves, code, bearer(dave)))).toEqual(exhausted);

    // A merchant's cancellation (PATCH status) gives it back too: dave gets it now.
    const byStaff = await api('patch', `/orders/${again.body.data.order.id}/status`, key(s.tn), {
      status: 'CANCELLED',
    });
    expect((await must(byStaff, 200)).status).toBe('CANCELLED');
    expect(await timesUsed(s.tn, p)).toBe(0);
    await must(await addCode(s, daves, code, bearer(dave)), 200);
    const davesOrder = await complete(s, daves, bearer(dave));
    expect(davesOrder.status).toBe(201);
    expect(discountsOf(davesOrder)).toEqual([{ code, promotionId: p.id, amount: '2.00' }]);
    expect(await timesUsed(s.tn, p)).toBe(1);
  });
});

describe('isolation', () => {
  it("tenant B cannot apply, read or list tenant A's promotions, and A's automatic promotion never reaches B's carts", async () => {
    const [a, b] = await Promise.all([store(), store()]);
    const code = `MINE-${uniq()}`;
    const [aCode, aAuto, bOwn, buyer] = await Promise.all([
      promotion(a.tn, { code, usageLimit: 5 }),
      promotion(a.tn, { code: null, type: 'fixed_amount', value: '3' }),
      promotion(b.tn, { code: `B-${uniq()}`, name: 'B only' }),
      registerCustomer(t.app, b.tn),
    ]);
    const notFound = { status: 409, code: 'DISCOUNT_CODE_INVALID', reason: 'not_found' };

    const bCart = await cart(b, { email: 'b@example.com' });
    expect(await getCart(b, bCart)).toMatchObject({ discounts: [], total: '20.00' });
    expect(refusal(await addCode(b, bCart, code))).toEqual(notFound);
    const direct = await api('post', '/orders', bearer(buyer), {
      ...orderBody([{ productId: b.product.id, quantity: 1 }]),
      discountCodes: [code],
    });
    expect(refusal(direct)).toEqual(notFound);
    // Completing B's cart uses nothing of A's.
    const done = await complete(b, bCart);
    expect(done.status).toBe(201);
    expect(discountsOf(done)).toEqual([]);

    for (const p of [aCode, aAuto]) {
      expect((await api('get', `/promotions/${p.id}`, key(b.tn))).status).toBe(404);
      expect((await api('patch', `/promotions/${p.id}`, key(b.tn), { status: 'disabled' })).status).toBe(404);
    }
    const listed = await must(await api('get', '/promotions?limit=100', key(b.tn)), 200);
    expect((listed as Promotion[]).map((p) => p.id)).toEqual([bOwn.id]);
    const searched = await must(await api('get', `/promotions?q=${code}`, key(b.tn)), 200);
    expect(searched).toEqual([]);
    // A's promotions are untouched: still active, never used.
    expect(await must(await api('get', `/promotions/${aCode.id}`, key(a.tn)), 200)).toMatchObject({
      status: 'active',
      timesUsed: 0,
    });
  });
});
