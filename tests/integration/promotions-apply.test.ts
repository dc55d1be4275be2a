// Promotions applied through the API: carts (codes with reasons, automatic promotions,
// stacking and priority, category descendants, free shipping, tax after discounts, inclusive
// prices with a fixed amount), a code that stops applying, completion (the order and its
// order.created event carry the discounts, one redemption per promotion) and POST /orders.
// Every amount hand-computed.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, registerCustomer } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct } from './orders.fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

type Headers = Record<string, string>;
const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, h: Headers, body?: object) => {
  const r = request(t.app)[method](`/api/v1${path}`).set(h);
  return body ? r.send(body) : r;
};
const guest = (tn: SignedUpTenant): Headers => ({ 'X-Tenant': tn.subdomain });
const key = (tn: SignedUpTenant): Headers => ({ 'X-API-Key': tn.apiKey });
const US = { line1: '1 Main St', city: 'Town', postalCode: '10001', country: 'US' };

async function must(res: request.Response, status: number) {
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
const promo = async (tn: SignedUpTenant, body: object) =>
  must(await api('post', '/promotions', key(tn), { name: 'Promo', ...body }), 201);
const cartWith = async (tn: SignedUpTenant, items: { productId: string; quantity: number }[]) =>
  must(await api('post', '/carts', guest(tn), { items }), 201);
const addCode = (tn: SignedUpTenant, cartId: string, code: string) =>
  api('post', `/carts/${cartId}/discount-codes`, guest(tn), { code });
/** promotion_redemptions_total{type} as /metrics shows it now. */
const redeemed = async (type: string): Promise<number> => {
  const line = (await request(t.app).get('/metrics')).text
    .split('\n')
    .find((l) => l.startsWith(`promotion_redemptions_total{type="${type}"} `));
  return line ? Number(line.split(' ')[1]) : 0;
};
const invalid = (res: request.Response) => ({
  status: res.status,
  code: res.body.error?.code,
  reason: res.body.error?.details?.reason,
});

describe('promotions on carts and orders', () => {
  it('stacks an automatic promotion and a code in priority order, taxes after them, and the order and its event carry them', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const p = await createProduct(t.app, tn, { price: '100.00', quantity: 50 });
    const z = await must(
      await api('post', '/shipping-zones', key(tn), {
        name: 'US',
        countries: ['US'],
        rates: [{ name: 'Std', amount: '10' }],
      }),
      201,
    );
    await must(
      await api('post', '/tax-rates', key(tn), { country: 'US', name: 'Tax', rate: '10', appliesToShipping: false }),
      201,
    );
    const auto = await promo(tn, { type: 'percentage', value: '5', priority: 0, combinable: true });
    const code = await promo(tn, { code: 'SAVE10', type: 'percentage', value: '10', priority: 1, combinable: true });

    const cart = await cartWith(tn, [{ productId: p.id, quantity: 1 }]);
    // The automatic promotion applies on its own, from the first line.
    expect(cart.discounts).toEqual([{ code: null, promotionId: auto.id, amount: '5.00' }]);
    await must(
      await api('patch', `/carts/${cart.id}`, guest(tn), { email: 'ada@example.com', shippingAddress: US }),
      200,
    );
    await must(await api('post', `/carts/${cart.id}/shipping-method`, guest(tn), { rateId: z.rates[0].id }), 200);
    const withCode = await must(await addCode(tn, cart.id, '  save10 '), 200);
    // 5 % of 100.00, then 10 % of the 95.00 left; tax 10 % of 85.50; shipping untaxed.
    expect(withCode).toMatchObject({
      discountCodes: ['SAVE10'],
      discounts: [
        { code: null, promotionId: auto.id, amount: '5.00' },
        { code: 'SAVE10', promotionId: code.id, amount: '9.50' },
      ],
      discountCodeDetails: [{ code: 'SAVE10', applied: true, reason: null }],
      subtotal: '100.00',
      discountTotal: '14.50',
      shippingTotal: '10.00',
      taxTotal: '8.55',
      total: '104.05',
    });
    expect(withCode.items[0]).toMatchObject({ discountTotal: '14.50', taxTotal: '8.55', total: '94.05' });
    // The same code again (any case) changes nothing.
    expect((await must(await addCode(tn, cart.id, 'SAVE10'), 200)).discountCodes).toEqual(['SAVE10']);

    const counted = await redeemed('percentage');
    const done = await must(await api('post', `/carts/${cart.id}/complete`, guest(tn)), 201);
    expect(await redeemed('percentage')).toBe(counted + 2);
    const order = done.order;
    expect(order).toMatchObject({ discountTotal: '14.50', taxTotal: '8.55', totalAmount: '104.05' });
    expect(order.discounts).toEqual(withCode.discounts);
    expect(order.items[0]).toMatchObject({ discountTotal: '14.50', taxTotal: '8.55', total: '94.05' });
    const events = await ownerQuery<{ payload: { data: { discounts: unknown[] } } }>(
      `SELECT payload FROM outbox_events WHERE tenant_id = $1 AND type = 'order.created' AND payload->'data'->>'id' = $2`,
      [tn.tenantId, order.id],
    );
    expect(events[0]!.payload.data.discounts).toEqual(withCode.discounts);
    const redemptions = await ownerQuery<{ promotion_id: string; amount: string; email: string }>(
      `SELECT promotion_id, amount::text, email FROM promotion_redemptions WHERE order_id = $1 ORDER BY amount`,
      [order.id],
    );
    expect(redemptions).toEqual([
      { promotion_id: auto.id, amount: '5.000', email: 'ada@example.com' },
      { promotion_id: code.id, amount: '9.500', email: 'ada@example.com' },
    ]);
  });

  it('free shipping waives the method beside a percentage; a category promotion reaches descendants only', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const parent = await must(await api('post', '/categories', key(tn), { name: 'Parent' }), 201);
    const child = await must(await api('post', '/categories', key(tn), { name: 'Child', parentId: parent.id }), 201);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => createProduct(t.app, tn, { price: '3.33', quantity: 50 })));
    await must(await api('patch', `/products/${a!.id}`, key(tn), { categoryIds: [child.id] }), 200);
    const z = await must(
      await api('post', '/shipping-zones', key(tn), {
        name: 'US',
        countries: ['US'],
        rates: [{ name: 'Std', amount: '7.5' }],
      }),
      201,
    );
    const ship = await promo(tn, { type: 'free_shipping', combinable: true, priority: 0 });
    await promo(tn, { code: 'TENPC', type: 'percentage', value: '10', combinable: true, priority: 1 });
    const half = await promo(tn, {
      code: 'HALFCAT',
      type: 'percentage',
      value: '50',
      combinable: true,
      priority: 2,
      appliesTo: { categoryIds: [parent.id] },
    });
    const cart = await cartWith(tn, [
      { productId: a!.id, quantity: 1 },
      { productId: b!.id, quantity: 1 },
      { productId: c!.id, quantity: 1 },
    ]);
    await must(await api('patch', `/carts/${cart.id}`, guest(tn), { shippingAddress: US }), 200);
    await must(await api('post', `/carts/${cart.id}/shipping-method`, guest(tn), { rateId: z.rates[0].id }), 200);
    await must(await addCode(tn, cart.id, 'TENPC'), 200);
    const priced = await must(await addCode(tn, cart.id, 'halfcat'), 200);
    // 10 % of each 3.33 → 0.33 (half-up per line); then 50 % of what is left of the line in
    // Child (a Parent descendant): 1.50; the two others untouched by it.
    const byProduct = new Map(
      priced.items.map((i: { productId: string; discountTotal: string }) => [i.productId, i.discountTotal]),
    );
    expect(Object.fromEntries(byProduct)).toEqual({ [a!.id]: '1.83', [b!.id]: '0.33', [c!.id]: '0.33' });
    expect(priced).toMatchObject({ subtotal: '9.99', discountTotal: '2.49', shippingTotal: '0.00', total: '7.50' });
    expect(priced.shippingMethod).toMatchObject({ amount: '7.50' });
    expect(priced.discounts).toEqual([
      { code: null, promotionId: ship.id, amount: '7.50' },
      expect.objectContaining({ code: 'TENPC', amount: '0.99' }),
      { code: 'HALFCAT', promotionId: half.id, amount: '1.50' },
    ]);
  });

  it('tax-inclusive prices with a fixed amount split in proportion, tax contained in what is left', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const admin = await adminToken(t.app, tn);
    await must(
      await api('patch', '/tenants/current', { Authorization: `Bearer ${admin}` }, { pricesIncludeTax: true }),
      200,
    );
    await must(await api('post', '/tax-rates', key(tn), { country: 'GB', name: 'VAT', rate: '20' }), 201);
    const a = await createProduct(t.app, tn, { price: '12.00', quantity: 10 });
    const b = await createProduct(t.app, tn, { price: '8.00', quantity: 10 });
    await promo(tn, { code: 'FIVE', type: 'fixed_amount', value: '5' });
    const cart = await cartWith(tn, [
      { productId: a.id, quantity: 1 },
      { productId: b.id, quantity: 1 },
    ]);
    await must(
      await api('patch', `/carts/${cart.id}`, guest(tn), {
        shippingAddress: { ...US, country: 'GB', postalCode: 'N1 1AA' },
      }),
      200,
    );
    const priced = await must(await addCode(tn, cart.id, 'five'), 200);
    // 5.00 × 12/20 = 3.00 and × 8/20 = 2.00; VAT contained in 9.00 is 1.50, in 6.00 is 1.00.
    expect(priced).toMatchObject({ subtotal: '20.00', discountTotal: '5.00', taxTotal: '2.50', total: '15.00' });
    expect(priced.items.map((i: { discountTotal: string; taxTotal: string }) => [i.discountTotal, i.taxTotal])).toEqual(
      expect.arrayContaining([
        ['3.00', '1.50'],
        ['2.00', '1.00'],
      ]),
    );
  });

  it('refuses codes with a reason, and a code that stops applying drops out of the totals on the next read', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const p = await createProduct(t.app, tn, { price: '40.00', quantity: 10 });
    const other = await createProduct(t.app, tn, { price: '1.00', quantity: 10 });
    const hour = 3600_000;
    await promo(tn, { code: 'OFF', type: 'percentage', value: '10', status: 'disabled' });
    await promo(tn, {
      code: 'OLD',
      type: 'percentage',
      value: '10',
      startsAt: new Date(Date.now() - 2 * hour).toISOString(),
      endsAt: new Date(Date.now() - hour).toISOString(),
    });
    await promo(tn, {
      code: 'SOON',
      type: 'percentage',
      value: '10',
      startsAt: new Date(Date.now() + hour).toISOString(),
    });
    await promo(tn, { code: 'BIG', type: 'fixed_amount', value: '5', minSubtotal: '50' });
    await promo(tn, { code: 'ELSEWHERE', type: 'percentage', value: '10', appliesTo: { productIds: [other.id] } });
    const ok = await promo(tn, { code: 'MIN30', type: 'fixed_amount', value: '5', minSubtotal: '30' });
    const cart = await cartWith(tn, [{ productId: p.id, quantity: 1 }]);
    const reasons = await Promise.all(
      ['NOPE', 'off', 'OLD', 'SOON', 'BIG', 'ELSEWHERE'].map(async (c) => invalid(await addCode(tn, cart.id, c))),
    );
    expect(reasons).toEqual(
      ['not_found', 'disabled', 'expired', 'not_started', 'min_subtotal', 'not_applicable'].map((reason) => ({
        status: 409,
        code: 'DISCOUNT_CODE_INVALID',
        reason,
      })),
    );
    expect((await must(await api('get', `/carts/${cart.id}`, guest(tn)), 200)).discountCodes).toEqual([]);

    expect((await must(await addCode(tn, cart.id, 'min30'), 200)).total).toBe('35.00');
    // The merchant raises the minimum: the code stays on the cart but no longer applies.
    await must(await api('patch', `/promotions/${ok.id}`, key(tn), { minSubtotal: '45' }), 200);
    const later = await must(await api('get', `/carts/${cart.id}`, guest(tn)), 200);
    expect(later).toMatchObject({
      discountCodes: ['MIN30'],
      discounts: [],
      discountCodeDetails: [{ code: 'MIN30', applied: false, reason: 'min_subtotal' }],
      discountTotal: '0.00',
      total: '40.00',
    });
    const removed = await must(await api('delete', `/carts/${cart.id}/discount-codes/min30`, guest(tn)), 200);
    expect(removed).toMatchObject({ discountCodes: [], discountCodeDetails: [] });
  });

  it('a non-combinable promotion applies only alone and stops the rest, in priority order', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const p = await createProduct(t.app, tn, { price: '100.00', quantity: 10 });
    await promo(tn, { type: 'percentage', value: '10', priority: 5, combinable: true });
    const first = await promo(tn, { code: 'SOLO', type: 'percentage', value: '20', priority: 1 });
    await promo(tn, { code: 'LATE', type: 'percentage', value: '30', priority: 9 });
    const cart = await cartWith(tn, [{ productId: p.id, quantity: 1 }]);
    // SOLO runs first (priority 1) and stops the automatic 10 %.
    const solo = await must(await addCode(tn, cart.id, 'SOLO'), 200);
    expect(solo.discounts).toEqual([{ code: 'SOLO', promotionId: first.id, amount: '20.00' }]);
    // LATE (non-combinable, priority 9) comes after something applied: refused.
    expect(invalid(await addCode(tn, cart.id, 'LATE'))).toEqual({
      status: 409,
      code: 'DISCOUNT_CODE_INVALID',
      reason: 'not_combinable',
    });
  });

  it('a read after any promotion write prices with it: automatic promotions are cached per process until one changes', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const p = await createProduct(t.app, tn, { price: '50.00', quantity: 10 });
    const cart = await cartWith(tn, [{ productId: p.id, quantity: 1 }]);
    const read = async () => (await must(await api('get', `/carts/${cart.id}`, guest(tn)), 200)).discountTotal;
    expect(await read()).toBe('0.00');
    const auto = await promo(tn, { type: 'fixed_amount', value: '5' });
    expect(await read()).toBe('5.00');
    await must(await api('patch', `/promotions/${auto.id}`, key(tn), { value: '7' }), 200);
    expect(await read()).toBe('7.00');
    await must(await api('patch', `/promotions/${auto.id}`, key(tn), { status: 'disabled' }), 200);
    expect(await read()).toBe('0.00');
    await must(await api('patch', `/promotions/${auto.id}`, key(tn), { status: 'active' }), 200);
    expect(await read()).toBe('7.00');
    expect((await api('delete', `/promotions/${auto.id}`, key(tn))).status).toBe(204);
    expect(await read()).toBe('0.00');
  });

  it('POST /orders applies discountCodes and automatic promotions, and refuses a code that does not apply', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const p = await createProduct(t.app, tn, { price: '20.00', quantity: 10 });
    await promo(tn, { code: 'TWO', type: 'fixed_amount', value: '2' });
    const customer = await registerCustomer(t.app, tn);
    const auth = { Authorization: `Bearer ${customer.accessToken}` };
    const body = { items: [{ productId: p.id, quantity: 2 }], shippingAddress: US };
    const refused = await api('post', '/orders', auth, { ...body, discountCodes: ['NOPE'] });
    expect(invalid(refused)).toEqual({ status: 409, code: 'DISCOUNT_CODE_INVALID', reason: 'not_found' });
    const counted = await redeemed('fixed_amount');
    const order = await must(await api('post', '/orders', auth, { ...body, discountCodes: ['two'] }), 201);
    expect(await redeemed('fixed_amount')).toBe(counted + 1);
    expect(order).toMatchObject({ subtotal: '40.00', discountTotal: '2.00', totalAmount: '38.00' });
    expect(order.discounts).toEqual([expect.objectContaining({ code: 'TWO', amount: '2.00' })]);
    const orders = await ownerQuery<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1`, [
      tn.tenantId,
    ]);
    expect(orders[0]!.n).toBe(1);
  });
});
