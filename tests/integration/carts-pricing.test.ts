// Carts priced against live data: shipping eligibility by subtotal and country (min/max,
// freeAbove, ADDRESS_REQUIRED, SHIPPING_RATE_UNAVAILABLE, the method dropped on an address
// change), tax by country and state (state row first), inclusive prices, and re-pricing
// after a price change. Every amount hand-computed.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct } from './orders.fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

type Headers = Record<string, string>;
const api = (method: 'get' | 'post' | 'patch', path: string, h: Headers, body?: object) => {
  const r = request(t.app)[method](`/api/v1${path}`).set(h);
  return body ? r.send(body) : r;
};
const guest = (tn: SignedUpTenant): Headers => ({ 'X-Tenant': tn.subdomain });
const key = (tn: SignedUpTenant): Headers => ({ 'X-API-Key': tn.apiKey });
const addr = (country: string, state?: string) => ({
  line1: '1 Main St',
  city: 'Town',
  postalCode: '10001',
  country,
  ...(state ? { state } : {}),
});

async function must(res: request.Response, status: number) {
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function zone(tn: SignedUpTenant, countries: string[], rates: object[]) {
  return must(await api('post', '/shipping-zones', key(tn), { name: 'Zone', countries, rates }), 201);
}
async function taxRate(tn: SignedUpTenant, body: object) {
  return must(await api('post', '/tax-rates', key(tn), body), 201);
}

describe('shipping', () => {
  it('offers the rates eligible for subtotal and country, with freeAbove, and drops a method an address change rules out', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const z = await zone(
      tn,
      ['US', 'CA'],
      [
        { name: 'Standard', amount: '5', maxSubtotal: '100' },
        { name: 'Saver', amount: '8', freeAbove: '50' },
        { name: 'Bulk', amount: '20', minSubtotal: '100' },
      ],
    );
    const [standard, saver, bulk] = z.rates as { id: string }[];
    const p = await createProduct(t.app, tn, { price: '30.00', quantity: 100 });
    const cart = await must(await api('post', '/carts', guest(tn), { items: [{ productId: p.id, quantity: 1 }] }), 201);
    const path = `/carts/${cart.id}`;

    const noAddress = await api('get', `${path}/shipping-rates`, guest(tn));
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.code).toBe('ADDRESS_REQUIRED');
    expect((await api('post', `${path}/shipping-method`, guest(tn), { rateId: standard!.id })).body.error.code).toBe(
      'ADDRESS_REQUIRED',
    );

    await must(await api('patch', path, guest(tn), { shippingAddress: addr('US') }), 200);
    // 30.00: Standard (< 100) and Saver (8, free from 50); not Bulk (from 100).
    expect(await must(await api('get', `${path}/shipping-rates`, guest(tn)), 200)).toEqual([
      { id: standard!.id, name: 'Standard', amount: '5.00' },
      { id: saver!.id, name: 'Saver', amount: '8.00' },
    ]);
    const refused = await api('post', `${path}/shipping-method`, guest(tn), { rateId: bulk!.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SHIPPING_RATE_UNAVAILABLE');
    const unknown = await api('post', `${path}/shipping-method`, guest(tn), {
      rateId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.code).toBe('SHIPPING_RATE_UNAVAILABLE');

    const chosen = await must(await api('post', `${path}/shipping-method`, guest(tn), { rateId: saver!.id }), 200);
    expect(chosen).toMatchObject({
      shippingMethod: { rateId: saver!.id, name: 'Saver', amount: '8.00' },
      subtotal: '30.00',
      shippingTotal: '8.00',
      total: '38.00',
    });
    // 60.00: Saver is free from 50.
    const more = await must(await api('post', `${path}/items`, guest(tn), { productId: p.id, quantity: 1 }), 200);
    expect(more).toMatchObject({ shippingMethod: { amount: '0.00' }, shippingTotal: '0.00', total: '60.00' });
    // 120.00: Standard is out (max 100), Bulk is in.
    const item = more.items[0];
    await must(await api('patch', `${path}/items/${item.id}`, guest(tn), { quantity: 4 }), 200);
    expect(await must(await api('get', `${path}/shipping-rates`, guest(tn)), 200)).toEqual([
      { id: saver!.id, name: 'Saver', amount: '0.00' },
      { id: bulk!.id, name: 'Bulk', amount: '20.00' },
    ]);

    // CA is in the same zone: the method stays.
    const ca = await must(await api('patch', path, guest(tn), { shippingAddress: addr('CA') }), 200);
    expect(ca.shippingMethod).toEqual({ rateId: saver!.id, name: 'Saver', amount: '0.00' });
    // FR is in no zone: no rates, and the method is dropped (also in the database).
    const fr = await must(await api('patch', path, guest(tn), { shippingAddress: addr('FR') }), 200);
    expect(fr).toMatchObject({ shippingMethod: null, shippingTotal: '0.00', total: '120.00' });
    expect(await must(await api('get', `${path}/shipping-rates`, guest(tn)), 200)).toEqual([]);
    const [row] = await ownerQuery<{ shipping_rate_id: string | null }>(
      'SELECT shipping_rate_id FROM carts WHERE id = $1',
      [cart.id],
    );
    expect(row!.shipping_rate_id).toBeNull();
    expect(
      (await must(await api('patch', path, guest(tn), { shippingAddress: addr('US') }), 200)).shippingMethod,
    ).toBeNull();
  });

  it('shows a chosen method as null (without dropping it) while the subtotal makes it ineligible', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const z = await zone(tn, ['US'], [{ name: 'Small', amount: '4', maxSubtotal: '50' }]);
    const p = await createProduct(t.app, tn, { price: '30.00', quantity: 10 });
    const cart = await must(await api('post', '/carts', guest(tn), { items: [{ productId: p.id, quantity: 1 }] }), 201);
    const path = `/carts/${cart.id}`;
    await must(await api('patch', path, guest(tn), { shippingAddress: addr('US') }), 200);
    await must(await api('post', `${path}/shipping-method`, guest(tn), { rateId: z.rates[0].id }), 200);
    const two = await must(await api('patch', `${path}/items/${cart.items[0].id}`, guest(tn), { quantity: 2 }), 200);
    expect(two).toMatchObject({ shippingMethod: null, total: '60.00' });
    const one = await must(await api('patch', `${path}/items/${cart.items[0].id}`, guest(tn), { quantity: 1 }), 200);
    expect(one).toMatchObject({ shippingMethod: { amount: '4.00' }, total: '34.00' });
  });
});

describe('tax', () => {
  it('uses the state row before the country row, per line, with shipping tax when it applies', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const z = await zone(tn, ['US'], [{ name: 'Standard', amount: '5', maxSubtotal: '100' }]);
    await taxRate(tn, { country: 'US', name: 'US tax', rate: '5', appliesToShipping: false });
    await taxRate(tn, { country: 'US', state: 'NY', name: 'NY tax', rate: '8.875', appliesToShipping: true });
    const p = await createProduct(t.app, tn, { price: '33.33', quantity: 10 });
    const cart = await must(await api('post', '/carts', guest(tn), { items: [{ productId: p.id, quantity: 3 }] }), 201);
    const path = `/carts/${cart.id}`;

    // NY: 99.99 × 8.875 % = 8.874… → 8.87 (per line, not 3 × 2.96); shipping 5.00 × 8.875 % = 0.44.
    await must(await api('patch', path, guest(tn), { shippingAddress: addr('US', 'NY') }), 200);
    const ny = await must(await api('post', `${path}/shipping-method`, guest(tn), { rateId: z.rates[0].id }), 200);
    expect(ny).toMatchObject({ subtotal: '99.99', shippingTotal: '5.00', taxTotal: '9.31', total: '114.30' });
    expect(ny.items[0]).toMatchObject({ subtotal: '99.99', taxTotal: '8.87', total: '108.86' });

    // Another state: the country row (5 %, not on shipping): 4.9995 → 5.00.
    const ca = await must(await api('patch', path, guest(tn), { shippingAddress: addr('US', 'CA') }), 200);
    expect(ca).toMatchObject({ taxTotal: '5.00', shippingTotal: '5.00', total: '109.99' });
    expect(ca.items[0]).toMatchObject({ taxTotal: '5.00', total: '104.99' });

    // No address: no tax.
    const none = await must(await api('patch', path, guest(tn), { shippingAddress: null }), 200);
    expect(none).toMatchObject({ taxTotal: '0.00', shippingMethod: null, total: '99.99' });
  });

  it('with pricesIncludeTax, shows the contained tax and totals without adding it', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const admin = await adminToken(t.app, tn);
    await must(
      await api('patch', '/tenants/current', { Authorization: `Bearer ${admin}` }, { pricesIncludeTax: true }),
      200,
    );
    const z = await zone(tn, ['US'], [{ name: 'Standard', amount: '5.45' }]);
    await taxRate(tn, { country: 'US', name: 'Sales tax', rate: '9', appliesToShipping: true });
    const p = await createProduct(t.app, tn, { price: '109.00', quantity: 10 });
    const cart = await must(await api('post', '/carts', guest(tn), { items: [{ productId: p.id, quantity: 1 }] }), 201);
    const path = `/carts/${cart.id}`;
    await must(await api('patch', path, guest(tn), { shippingAddress: addr('US') }), 200);
    const res = await must(await api('post', `${path}/shipping-method`, guest(tn), { rateId: z.rates[0].id }), 200);
    // 109.00 × 9 / 109 = 9.00; 5.45 × 9 / 109 = 0.45; total = 109.00 + 5.45.
    expect(res).toMatchObject({ subtotal: '109.00', shippingTotal: '5.45', taxTotal: '9.45', total: '114.45' });
    expect(res.items[0]).toMatchObject({ taxTotal: '9.00', total: '109.00' });
  });
});

describe('live prices', () => {
  it('re-prices a cart after a price change on every read', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const p = await createProduct(t.app, tn, { price: '10.00', quantity: 10 });
    const cart = await must(await api('post', '/carts', guest(tn), { items: [{ productId: p.id, quantity: 3 }] }), 201);
    expect(cart.total).toBe('30.00');
    await ownerQuery('UPDATE product_variants SET price = 12.50 WHERE id = $1', [cart.items[0].variantId]);
    const got = await must(await api('get', `/carts/${cart.id}`, guest(tn)), 200);
    expect(got.items[0]).toMatchObject({ unitPrice: '12.50', subtotal: '37.50' });
    expect(got.total).toBe('37.50');
  });
});
