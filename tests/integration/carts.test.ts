// Carts: guest and customer lifecycles, holder rules, stock at add (also onto an existing
// line), variant refusals, discount codes (none valid yet), completed carts read-only, the
// staff list, expiry, and tenant isolation of every route.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { CartsService } from '../../src/modules/carts';
import { createProduct, createVariantProduct, type TestProduct } from './orders.fixtures';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
let P: TestProduct;
let C1: TestUser;
let C2: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app, { currency: 'USD' }), signUpTenant(t.app, { currency: 'USD' })]);
  P = await createProduct(t.app, A, { price: '10.00', quantity: 5 });
  [C1, C2] = await Promise.all([registerCustomer(t.app, A), registerCustomer(t.app, A)]);
});
afterAll(async () => t.close());

type Headers = Record<string, string>;
const guest = (tn: SignedUpTenant): Headers => ({ 'X-Tenant': tn.subdomain });
const bearer = (u: TestUser): Headers => ({ Authorization: `Bearer ${u.accessToken}` });
const staff = (tn: SignedUpTenant): Headers => ({ 'X-API-Key': tn.apiKey });
const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, h: Headers, body?: object) => {
  const r = request(t.app)[method](`/api/v1${path}`).set(h);
  return body ? r.send(body) : r;
};

async function newCart(h: Headers, body: object = {}) {
  const res = await api('post', '/carts', h, body);
  if (res.status !== 201) throw new Error(`create cart: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

const DAY = 24 * 3600 * 1000;

describe('guest cart lifecycle', () => {
  it('creates, reads, adds, changes and removes lines, priced exactly', async () => {
    const cart = await newCart(guest(A), { email: ' Guest@Example.COM ', items: [{ productId: P.id, quantity: 2 }] });
    expect(cart).toMatchObject({
      customerId: null,
      email: 'guest@example.com',
      currency: 'USD',
      shippingAddress: null,
      billingAddress: null,
      shippingMethod: null,
      discountCodes: [],
      subtotal: '20.00',
      discountTotal: '0.00',
      shippingTotal: '0.00',
      taxTotal: '0.00',
      total: '20.00',
      status: 'open',
      orderId: null,
    });
    expect(cart.items).toEqual([
      {
        id: expect.any(String),
        productId: P.id,
        variantId: expect.any(String),
        sku: P.sku,
        name: expect.any(String),
        variantTitle: 'Default',
        quantity: 2,
        unitPrice: '10.00',
        subtotal: '20.00',
        discountTotal: '0.00',
        taxTotal: '0.00',
        total: '20.00',
      },
    ]);
    const ttl = Date.parse(cart.expiresAt) - Date.parse(cart.updatedAt);
    expect(Math.abs(ttl - 30 * DAY)).toBeLessThan(1000);
    const variantId = cart.items[0].variantId;

    const got = await api('get', `/carts/${cart.id}`, guest(A));
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(cart);

    // The same variant again adds to its line: 2 + 3 = 5 (all of the stock).
    const added = await api('post', `/carts/${cart.id}/items`, guest(A), { variantId, quantity: 3 });
    expect(added.status).toBe(200);
    expect(added.body.data.items).toHaveLength(1);
    expect(added.body.data.items[0]).toMatchObject({ id: cart.items[0].id, quantity: 5, total: '50.00' });
    expect(added.body.data.total).toBe('50.00');
    expect(Date.parse(added.body.data.updatedAt)).toBeGreaterThanOrEqual(Date.parse(cart.updatedAt));

    // One more than available on the existing line → 409, nothing changes.
    const over = await api('post', `/carts/${cart.id}/items`, guest(A), { productId: P.id, quantity: 1 });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { productId: P.id, variantId, requested: 6, available: 5 },
    });
    expect((await api('get', `/carts/${cart.id}`, guest(A))).body.data.items[0].quantity).toBe(5);

    const itemId = cart.items[0].id;
    const lowered = await api('patch', `/carts/${cart.id}/items/${itemId}`, guest(A), { quantity: 1 });
    expect(lowered.status).toBe(200);
    expect(lowered.body.data).toMatchObject({ subtotal: '10.00', total: '10.00' });
    const tooMany = await api('patch', `/carts/${cart.id}/items/${itemId}`, guest(A), { quantity: 6 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('INSUFFICIENT_STOCK');

    const zero = await api('patch', `/carts/${cart.id}/items/${itemId}`, guest(A), { quantity: 0 });
    expect(zero.status).toBe(200);
    expect(zero.body.data).toMatchObject({ items: [], total: '0.00' });
    expect((await api('delete', `/carts/${cart.id}/items/${itemId}`, guest(A))).status).toBe(404);

    await api('post', `/carts/${cart.id}/items`, guest(A), { variantId, quantity: 1 });
    const line = (await api('get', `/carts/${cart.id}`, guest(A))).body.data.items[0];
    const removed = await api('delete', `/carts/${cart.id}/items/${line.id}`, guest(A));
    expect(removed.status).toBe(200);
    expect(removed.body.data.items).toEqual([]);
  });

  it('refuses multi-variant products by productId, archived variants, unknown ids and bad quantities', async () => {
    const shirt = await createVariantProduct(t.app, A, [
      { size: 'S', price: '12.00', quantity: 3 },
      { size: 'M', price: '13.00', quantity: 3 },
    ]);
    const cart = await newCart(guest(A));
    const byProduct = await api('post', `/carts/${cart.id}/items`, guest(A), { productId: shirt.id, quantity: 1 });
    expect(byProduct.status).toBe(400);
    expect(byProduct.body.error).toMatchObject({ code: 'VARIANT_REQUIRED', details: { productId: shirt.id } });

    const m = shirt.variants.find((v) => v.optionValues.Size === 'M')!;
    const ok = await api('post', `/carts/${cart.id}/items`, guest(A), { variantId: m.id, quantity: 2 });
    expect(ok.body.data).toMatchObject({ subtotal: '26.00' });
    expect(ok.body.data.items[0]).toMatchObject({ variantTitle: m.title, sku: m.sku, unitPrice: '13.00' });

    const s = shirt.variants.find((v) => v.optionValues.Size === 'S')!;
    await ownerQuery(`UPDATE product_variants SET status = 'archived' WHERE id = $1`, [s.id]);
    const archived = await api('post', `/carts/${cart.id}/items`, guest(A), { variantId: s.id, quantity: 1 });
    expect(archived.status).toBe(409);
    expect(archived.body.error).toMatchObject({ code: 'VARIANT_UNAVAILABLE', details: { variantId: s.id } });

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api('post', `/carts/${cart.id}/items`, guest(A), { variantId: unknown, quantity: 1 })).status).toBe(
      404,
    );
    expect((await api('post', `/carts/${cart.id}/items`, guest(A), { variantId: m.id, quantity: 0 })).status).toBe(400);
    expect((await api('post', `/carts/${cart.id}/items`, guest(A), { variantId: m.id, quantity: 1001 })).status).toBe(
      400,
    );
    expect((await api('get', `/carts/${unknown}`, guest(A))).status).toBe(404);
    // Creation checks stock over the summed lines of one variant.
    const summed = await api('post', '/carts', guest(A), {
      items: [
        { variantId: m.id, quantity: 2 },
        { variantId: m.id, quantity: 2 },
      ],
    });
    expect(summed.status).toBe(409);
    expect(summed.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { requested: 4, available: 3 } });
  });

  it('refuses every discount code (no promotions yet) and 404s removing one the cart lacks', async () => {
    const cart = await newCart(guest(A));
    const res = await api('post', `/carts/${cart.id}/discount-codes`, guest(A), { code: 'SAVE10' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'DISCOUNT_CODE_INVALID',
      details: { reason: 'not_found', code: 'SAVE10' },
    });
    expect((await api('delete', `/carts/${cart.id}/discount-codes/SAVE10`, guest(A))).status).toBe(404);
    expect((await api('get', `/carts/${cart.id}`, guest(A))).body.data.discountCodes).toEqual([]);
  });

  it('PATCH sets the e-mail (trimmed, lower-cased) and addresses; null clears them', async () => {
    const cart = await newCart(guest(A));
    const address = { firstName: 'Ann', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
    const res = await api('patch', `/carts/${cart.id}`, guest(A), {
      email: '  Ann@Example.com',
      shippingAddress: address,
      billingAddress: { ...address, line1: '2 Side St' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      email: 'ann@example.com',
      shippingAddress: address,
      billingAddress: { ...address, line1: '2 Side St' },
    });
    expect((await api('get', `/carts/${cart.id}`, guest(A))).body.data).toEqual(res.body.data);
    const cleared = await api('patch', `/carts/${cart.id}`, guest(A), { billingAddress: null, email: null });
    expect(cleared.body.data).toMatchObject({ email: null, billingAddress: null, shippingAddress: address });
    expect((await api('patch', `/carts/${cart.id}`, guest(A), { email: 'nope' })).status).toBe(400);
    expect((await api('patch', `/carts/${cart.id}`, guest(A), { shippingAddress: { line1: 'x' } })).status).toBe(400);
  });
});

describe('holders', () => {
  it("binds a customer's cart to them: other customers, guests and staff writes get 404; staff may read", async () => {
    const cart = await newCart(bearer(C1), { items: [{ productId: P.id, quantity: 1 }] });
    expect(cart.customerId).toBe(C1.id);
    expect((await api('get', `/carts/${cart.id}`, bearer(C1))).status).toBe(200);
    expect((await api('get', `/carts/${cart.id}`, bearer(C2))).status).toBe(404);
    expect((await api('get', `/carts/${cart.id}`, guest(A))).status).toBe(404);
    expect((await api('post', `/carts/${cart.id}/items`, guest(A), { productId: P.id, quantity: 1 })).status).toBe(404);
    expect((await api('patch', `/carts/${cart.id}`, bearer(C2), { email: 'x@example.com' })).status).toBe(404);
    expect((await api('get', `/carts/${cart.id}/shipping-rates`, bearer(C2))).status).toBe(404);
    const staffRead = await api('get', `/carts/${cart.id}`, staff(A));
    expect(staffRead.status).toBe(200);
    expect(staffRead.body.data.id).toBe(cart.id);
    expect((await api('patch', `/carts/${cart.id}`, staff(A), { email: 'x@example.com' })).status).toBe(404);
  });

  it('lets anyone with a guest cart id use it, a signed-in customer included; staff cannot create carts', async () => {
    const cart = await newCart(guest(A));
    const res = await api('post', `/carts/${cart.id}/items`, bearer(C2), { productId: P.id, quantity: 1 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ customerId: null, total: '10.00' });
    expect((await api('post', '/carts', staff(A), {})).status).toBe(403);
    expect((await api('post', '/carts', {}, {})).status).toBe(400);
  });

  it('lists carts to staff only, newest first, by status', async () => {
    const tn = await signUpTenant(t.app, { currency: 'USD' });
    const first = await newCart(guest(tn));
    const second = await newCart(guest(tn));
    const third = await newCart(guest(tn));
    await ownerQuery(`UPDATE carts SET created_at = created_at - interval '1 minute' WHERE id = $1`, [first.id]);
    await ownerQuery(`UPDATE carts SET status = 'completed' WHERE id = $1`, [second.id]);
    const all = await api('get', '/carts', staff(tn));
    expect(all.status).toBe(200);
    expect(all.body.data.map((c: { id: string }) => c.id)).toEqual([third.id, second.id, first.id]);
    expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 3 });
    const open = await api('get', '/carts?status=open&limit=1', staff(tn));
    expect(open.body.data.map((c: { id: string }) => c.id)).toEqual([third.id]);
    expect(open.body.meta).toEqual({ page: 1, limit: 1, total: 2 });
    const done = await api('get', '/carts?status=completed', staff(tn));
    expect(done.body.data.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      [second.id, 'completed'],
    ]);
    expect((await api('get', '/carts', bearer(C1))).status).toBe(403);
    expect((await api('get', '/carts', guest(tn))).status).toBe(401);
  });
});

describe('completed carts', () => {
  it('are read-only (409 CART_COMPLETED) and GET still shows them', async () => {
    const cart = await newCart(guest(A), { items: [{ productId: P.id, quantity: 1 }] });
    await ownerQuery(`UPDATE carts SET status = 'completed' WHERE id = $1`, [cart.id]);
    const itemId = cart.items[0].id;
    const attempts = [
      api('patch', `/carts/${cart.id}`, guest(A), { email: 'a@example.com' }),
      api('post', `/carts/${cart.id}/items`, guest(A), { productId: P.id, quantity: 1 }),
      api('patch', `/carts/${cart.id}/items/${itemId}`, guest(A), { quantity: 2 }),
      api('delete', `/carts/${cart.id}/items/${itemId}`, guest(A)),
      api('post', `/carts/${cart.id}/shipping-method`, guest(A), { rateId: itemId }),
      api('post', `/carts/${cart.id}/discount-codes`, guest(A), { code: 'X' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CART_COMPLETED');
    }
    const got = await api('get', `/carts/${cart.id}`, guest(A));
    expect(got.body.data).toMatchObject({ status: 'completed', orderId: null, total: '10.00' });
  });
});

describe('expiry', () => {
  it('deleteExpired removes open carts past expires_at (with their lines) and keeps the rest', async () => {
    const old = await newCart(guest(A), { items: [{ productId: P.id, quantity: 1 }] });
    const fresh = await newCart(guest(A));
    const doneOld = await newCart(guest(A));
    await ownerQuery(`UPDATE carts SET expires_at = now() - interval '1 day' WHERE id = ANY($1::uuid[])`, [
      [old.id, doneOld.id],
    ]);
    await ownerQuery(`UPDATE carts SET status = 'completed' WHERE id = $1`, [doneOld.id]);
    const deleted = await new CartsService(t.ctx).deleteExpired();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect((await api('get', `/carts/${old.id}`, guest(A))).status).toBe(404);
    expect((await api('get', `/carts/${fresh.id}`, guest(A))).status).toBe(200);
    expect((await api('get', `/carts/${doneOld.id}`, guest(A))).status).toBe(200);
    const lines = await ownerQuery('SELECT 1 FROM cart_items WHERE cart_id = $1', [old.id]);
    expect(lines).toHaveLength(0);
  });

  it('a write moves expires_at forward', async () => {
    const cart = await newCart(guest(A));
    await ownerQuery(`UPDATE carts SET expires_at = now() + interval '1 day' WHERE id = $1`, [cart.id]);
    const res = await api('patch', `/carts/${cart.id}`, guest(A), { email: 'later@example.com' });
    expect(Date.parse(res.body.data.expiresAt) - Date.now()).toBeGreaterThan(29 * DAY);
  });
});

describe('tenant isolation', () => {
  it("shows nothing of tenant A's carts to tenant B's callers on any route", async () => {
    const cart = await newCart(guest(A), { items: [{ productId: P.id, quantity: 1 }] });
    const itemId = cart.items[0].id;
    const asB = [guest(B), staff(B)];
    for (const h of asB) {
      const results = await Promise.all([
        api('get', `/carts/${cart.id}`, h),
        api('patch', `/carts/${cart.id}`, h, { email: 'b@example.com' }),
        api('post', `/carts/${cart.id}/items`, h, { productId: P.id, quantity: 1 }),
        api('patch', `/carts/${cart.id}/items/${itemId}`, h, { quantity: 2 }),
        api('delete', `/carts/${cart.id}/items/${itemId}`, h),
        api('get', `/carts/${cart.id}/shipping-rates`, h),
        api('post', `/carts/${cart.id}/shipping-method`, h, { rateId: itemId }),
        api('post', `/carts/${cart.id}/discount-codes`, h, { code: 'X' }),
        api('delete', `/carts/${cart.id}/discount-codes/X`, h),
        api('post', `/carts/${cart.id}/complete`, h),
      ]);
      for (const res of results) expect(res.status).toBe(404);
    }
    const listB = await api('get', '/carts', staff(B));
    expect(listB.body.data.map((c: { id: string }) => c.id)).not.toContain(cart.id);
    // Unchanged in A.
    const got = await api('get', `/carts/${cart.id}`, guest(A));
    expect(got.body.data).toMatchObject({ email: null, total: '10.00' });
  });
});
