// Fulfilments (issue 17): partial shipping with tracking, stock moves (on_hand and reserved
// together), fulfillmentStatus and the FULFILLED transition, over-fulfilment (also raced),
// cancellation, part-1 PATCH FULFILLED after a partial fulfilment, customer views, isolation.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, orderBody, outboxTypes, postOrder, variantStock, type VariantStock } from './orders.fixtures';

let t: TestApp;
let tenant: SignedUpTenant;
let other: SignedUpTenant;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await makeTestApp();
  [tenant, other] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
  [alice, bob] = await Promise.all([registerCustomer(t.app, tenant), registerCustomer(t.app, tenant)]);
});
afterAll(async () => {
  await t.close();
});

interface Order {
  id: string;
  status: string;
  fulfillmentStatus: string;
  items: Array<{ id: string; productId: string; variantId: string; quantity: number }>;
}

const staff = (r: request.Test, apiKey = tenant.apiKey) => r.set('X-API-Key', apiKey);
const bearer = (r: request.Test, u: TestUser) => r.set('Authorization', `Bearer ${u.accessToken}`);

/** A new product with `stock` on hand; returns its id. */
const product = async (stock = 100) => (await createProduct(t.app, tenant, { price: '10.00', quantity: stock })).id;

/** Alice's order of the products and quantities, PAID (manual provider) unless `paid` is false. */
async function order(lines: Array<{ productId: string; quantity: number }>, paid = true): Promise<Order> {
  const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody(lines));
  expect(res.status).toBe(201);
  if (!paid) return res.body.data;
  const p = await staff(request(t.app).patch(`/api/v1/orders/${res.body.data.id}/status`)).send({ status: 'PAID' });
  expect(p.status).toBe(200);
  return p.body.data;
}

const getOrder = async (id: string): Promise<Order> =>
  (await staff(request(t.app).get(`/api/v1/orders/${id}`))).body.data;

const fulfil = (id: string, body: object, apiKey = tenant.apiKey) =>
  staff(request(t.app).post(`/api/v1/orders/${id}/fulfillments`), apiKey).send(body);

const patchF = (id: string, fid: string, body: object, apiKey = tenant.apiKey) =>
  staff(request(t.app).patch(`/api/v1/orders/${id}/fulfillments/${fid}`), apiKey).send(body);

const line = (o: Order, i: number, quantity: number) => ({ orderItemId: o.items[i]!.id, quantity });

const stock = (o: Order, i: number): Promise<VariantStock> => variantStock(o.items[i]!.variantId);

describe('POST /orders/:id/fulfillments', () => {
  it('ships an order in two parts: stock after each, fulfillmentStatus, then FULFILLED; order.fulfilled with tracking', async () => {
    const [a, b] = await Promise.all([product(100), product(50)]);
    const o = await order([
      { productId: a, quantity: 3 },
      { productId: b, quantity: 2 },
    ]);
    const ia = o.items.findIndex((it) => it.productId === a);
    const ib = 1 - ia;
    expect(await stock(o, ia)).toEqual({ onHand: 100, reserved: 3, available: 97 });
    expect(o.fulfillmentStatus).toBe('unfulfilled');

    const first = await fulfil(o.id, {
      items: [line(o, ia, 2)],
      carrier: 'UPS',
      trackingNumber: '1Z999',
      trackingUrl: 'https://ups.example/track/1Z999',
    });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({
      orderId: o.id,
      status: 'shipped',
      items: [{ orderItemId: o.items[ia]!.id, quantity: 2 }],
      carrier: 'UPS',
      trackingNumber: '1Z999',
      trackingUrl: 'https://ups.example/track/1Z999',
    });
    expect(await stock(o, ia)).toEqual({ onHand: 98, reserved: 1, available: 97 });
    expect(await stock(o, ib)).toEqual({ onHand: 50, reserved: 2, available: 48 });
    let now = await getOrder(o.id);
    expect(now).toMatchObject({ status: 'PAID', fulfillmentStatus: 'partially_fulfilled' });

    const second = await fulfil(o.id, { items: [line(o, ia, 1), line(o, ib, 2)], carrier: 'DHL' });
    expect(second.status).toBe(201);
    expect(second.body.data).toMatchObject({ carrier: 'DHL', trackingNumber: null, trackingUrl: null });
    expect(await stock(o, ia)).toEqual({ onHand: 97, reserved: 0, available: 97 });
    expect(await stock(o, ib)).toEqual({ onHand: 48, reserved: 0, available: 48 });
    now = await getOrder(o.id);
    expect(now).toMatchObject({ status: 'FULFILLED', fulfillmentStatus: 'fulfilled' });

    const list = await staff(request(t.app).get(`/api/v1/orders/${o.id}/fulfillments`));
    expect(list.status).toBe(200);
    expect(list.body.data.map((f: { id: string }) => f.id)).toEqual([first.body.data.id, second.body.data.id]);

    const types = await outboxTypes(tenant.tenantId, o.id);
    expect(types.filter((x) => x === 'order.fulfilled')).toHaveLength(2);
    expect(types).toContain('order.status_changed');
    const events = await ownerQuery<{ data: { status: string; fulfillmentStatus: string; fulfillment: object } }>(
      `SELECT payload->'data' AS data FROM outbox_events WHERE tenant_id = $1 AND type = 'order.fulfilled'
         AND payload->'data'->>'id' = $2 ORDER BY created_at, id`,
      [tenant.tenantId, o.id],
    );
    expect(events[0]!.data).toMatchObject({
      id: o.id,
      fulfillmentStatus: 'partially_fulfilled',
      fulfillment: { id: first.body.data.id, carrier: 'UPS', trackingNumber: '1Z999' },
    });
    expect(events[1]!.data).toMatchObject({ status: 'FULFILLED', fulfillmentStatus: 'fulfilled' });
    const audit = await ownerQuery(
      `SELECT 1 FROM audit_logs WHERE tenant_id = $1 AND resource = 'fulfillment' AND action = 'CREATE' AND resource_id = $2`,
      [tenant.tenantId, first.body.data.id],
    );
    expect(audit).toHaveLength(1);
    const metrics = await t.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/^fulfillments_total \d+/m);
  });

  it('refuses more than remains to fulfil (409 FULFILLMENT_EXCEEDS_ORDER) and items of other orders (400)', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 2 }]);
    const over = await fulfil(o.id, { items: [line(o, 0, 3)] });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({
      code: 'FULFILLMENT_EXCEEDS_ORDER',
      details: { orderItemId: o.items[0]!.id, requested: 3, remaining: 2 },
    });
    expect((await fulfil(o.id, { items: [line(o, 0, 1)] })).status).toBe(201);
    const again = await fulfil(o.id, { items: [line(o, 0, 2)] });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ remaining: 1 });
    const another = await order([{ productId: a, quantity: 1 }]);
    const foreign = await fulfil(o.id, { items: [line(another, 0, 1)] });
    expect(foreign.status).toBe(400);
    const dup = await fulfil(o.id, { items: [line(o, 0, 1), line(o, 0, 1)] });
    expect(dup.status).toBe(400);
    expect(await stock(o, 0)).toEqual({ onHand: 9, reserved: 2, available: 7 });
  });

  it('two fulfilments racing for the last units: exactly one succeeds, stock is taken once', async () => {
    const a = await product(20);
    const o = await order([{ productId: a, quantity: 4 }]);
    expect((await fulfil(o.id, { items: [line(o, 0, 2)] })).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 4 }, () => fulfil(o.id, { items: [line(o, 0, 2)] })));
    const codes = results.map((r) => r.status).sort();
    expect(codes).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.error.code).toBe('FULFILLMENT_EXCEEDS_ORDER');
    expect(await stock(o, 0)).toEqual({ onHand: 16, reserved: 0, available: 16 });
    expect(await getOrder(o.id)).toMatchObject({ status: 'FULFILLED', fulfillmentStatus: 'fulfilled' });
  });

  it('only PAID orders: PENDING and CANCELLED → 409 ORDER_NOT_PAID; FULFILLED the old way → nothing left', async () => {
    const a = await product(10);
    const pending = await order([{ productId: a, quantity: 1 }], false);
    const r1 = await fulfil(pending.id, { items: [line(pending, 0, 1)] });
    expect(r1.status).toBe(409);
    expect(r1.body.error).toMatchObject({ code: 'ORDER_NOT_PAID', details: { status: 'PENDING' } });
    const cancelled = await order([{ productId: a, quantity: 1 }], false);
    expect((await staff(request(t.app).delete(`/api/v1/orders/${cancelled.id}`))).status).toBe(200);
    const r2 = await fulfil(cancelled.id, { items: [line(cancelled, 0, 1)] });
    expect(r2.body.error.code).toBe('ORDER_NOT_PAID');
    const old = await order([{ productId: a, quantity: 1 }]);
    expect(
      (await staff(request(t.app).patch(`/api/v1/orders/${old.id}/status`)).send({ status: 'FULFILLED' })).status,
    ).toBe(200);
    const r3 = await fulfil(old.id, { items: [line(old, 0, 1)] });
    expect(r3.status).toBe(409);
    expect(r3.body.error.code).toBe('FULFILLMENT_EXCEEDS_ORDER');
    // The PENDING order still holds its unit; the old way shipped the other.
    expect(await stock(old, 0)).toEqual({ onHand: 9, reserved: 1, available: 8 });
  });

  it('part-1 PATCH FULFILLED after a partial fulfilment ships only the rest', async () => {
    const a = await product(30);
    const o = await order([{ productId: a, quantity: 5 }]);
    expect((await fulfil(o.id, { items: [line(o, 0, 2)] })).status).toBe(201);
    expect(await stock(o, 0)).toEqual({ onHand: 28, reserved: 3, available: 25 });
    const res = await staff(request(t.app).patch(`/api/v1/orders/${o.id}/status`)).send({ status: 'FULFILLED' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'FULFILLED', fulfillmentStatus: 'fulfilled' });
    expect(await stock(o, 0)).toEqual({ onHand: 25, reserved: 0, available: 25 });
    // The old way from PAID still ships the whole order.
    const whole = await order([{ productId: a, quantity: 3 }]);
    expect(
      (await staff(request(t.app).patch(`/api/v1/orders/${whole.id}/status`)).send({ status: 'FULFILLED' })).status,
    ).toBe(200);
    expect(await stock(o, 0)).toEqual({ onHand: 22, reserved: 0, available: 22 });
  });

  it('cancelling a partially fulfilled PAID order releases only its unfulfilled stock', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 3 }]);
    expect((await fulfil(o.id, { items: [line(o, 0, 1)] })).status).toBe(201);
    const res = await staff(request(t.app).delete(`/api/v1/orders/${o.id}`));
    expect(res.status).toBe(200);
    expect(await stock(o, 0)).toEqual({ onHand: 9, reserved: 0, available: 9 });
  });
});

describe('with refunds', () => {
  const refund = (o: Order, quantity: number, restock: boolean) =>
    staff(request(t.app).post(`/api/v1/orders/${o.id}/refunds`)).send({
      items: [{ orderItemId: o.items[0]!.id, quantity, restock }],
    });

  it('refunded unshipped units are not fulfilled: the rest completes the order', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 3 }]);
    expect((await refund(o, 1, true)).status).toBe(201);
    expect(await stock(o, 0)).toEqual({ onHand: 10, reserved: 2, available: 8 });
    const over = await fulfil(o.id, { items: [line(o, 0, 3)] });
    expect(over.status).toBe(409);
    expect(over.body.error.details).toMatchObject({ remaining: 2 });
    expect((await fulfil(o.id, { items: [line(o, 0, 2)] })).status).toBe(201);
    expect(await getOrder(o.id)).toMatchObject({ status: 'FULFILLED' });
    expect(await stock(o, 0)).toEqual({ onHand: 8, reserved: 0, available: 8 });
  });

  it('one unit shipped, the other refunded: fulfilled and partially refunded, nothing left to ship', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 2 }]);
    expect((await fulfil(o.id, { items: [line(o, 0, 1)] })).status).toBe(201);
    expect(await getOrder(o.id)).toMatchObject({ fulfillmentStatus: 'partially_fulfilled' });
    expect((await refund(o, 1, true)).status).toBe(201);
    expect(await getOrder(o.id)).toMatchObject({
      fulfillmentStatus: 'fulfilled',
      paymentStatus: 'partially_refunded',
    });
    expect(await stock(o, 0)).toEqual({ onHand: 9, reserved: 0, available: 9 });
  });

  it('PATCH FULFILLED after a written-off refund and a partial fulfilment ships only what is still reserved', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 4 }]);
    expect((await refund(o, 1, false)).status).toBe(201);
    expect((await fulfil(o.id, { items: [line(o, 0, 1)] })).status).toBe(201);
    expect(await stock(o, 0)).toEqual({ onHand: 8, reserved: 2, available: 6 });
    const res = await staff(request(t.app).patch(`/api/v1/orders/${o.id}/status`)).send({ status: 'FULFILLED' });
    expect(res.status).toBe(200);
    expect(await stock(o, 0)).toEqual({ onHand: 6, reserved: 0, available: 6 });
  });

  it('a fulfilment whose shipped units were refunded cannot be cancelled', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 2 }]);
    const f = (await fulfil(o.id, { items: [line(o, 0, 2)] })).body.data;
    expect((await refund(o, 1, false)).status).toBe(201);
    const res = await patchF(o.id, f.id, { status: 'cancelled' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('FULFILLMENT_NOT_CANCELLABLE');
    expect(await stock(o, 0)).toEqual({ onHand: 8, reserved: 0, available: 8 });
  });
});

describe('PATCH /orders/:id/fulfillments/:fid', () => {
  it('a cancelled fulfilment restores its quantities and the unfulfilled status; cancelled is final', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 3 }]);
    const f = (await fulfil(o.id, { items: [line(o, 0, 2)] })).body.data;
    expect(await stock(o, 0)).toEqual({ onHand: 8, reserved: 1, available: 7 });
    const res = await patchF(o.id, f.id, { status: 'cancelled' });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('cancelled');
    expect(await stock(o, 0)).toEqual({ onHand: 10, reserved: 3, available: 7 });
    expect(await getOrder(o.id)).toMatchObject({ status: 'PAID', fulfillmentStatus: 'unfulfilled' });
    const again = await patchF(o.id, f.id, { status: 'cancelled' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATUS_TRANSITION');
    expect(await stock(o, 0)).toEqual({ onHand: 10, reserved: 3, available: 7 });
    // The cancelled quantities can be fulfilled again.
    expect((await fulfil(o.id, { items: [line(o, 0, 3)] })).status).toBe(201);
    expect(await stock(o, 0)).toEqual({ onHand: 7, reserved: 0, available: 7 });
  });

  it('delivered updates tracking; delivered → cancelled is refused', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 2 }]);
    const f = (await fulfil(o.id, { items: [line(o, 0, 1)] })).body.data;
    const d = await patchF(o.id, f.id, { status: 'delivered', trackingNumber: 'NEW-1' });
    expect(d.status).toBe(200);
    expect(d.body.data).toMatchObject({ status: 'delivered', trackingNumber: 'NEW-1' });
    const c = await patchF(o.id, f.id, { status: 'cancelled' });
    expect(c.status).toBe(409);
    expect(c.body.error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { from: 'delivered' } });
    expect((await patchF(o.id, f.id, { status: 'shipped' })).status).toBe(400);
  });

  it('cancelling the fulfilment that completed an order makes it PAID and unfulfilled again', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 2 }]);
    const f = (await fulfil(o.id, { items: [line(o, 0, 2)] })).body.data;
    expect((await getOrder(o.id)).status).toBe('FULFILLED');
    expect((await patchF(o.id, f.id, { status: 'cancelled' })).status).toBe(200);
    expect(await getOrder(o.id)).toMatchObject({ status: 'PAID', fulfillmentStatus: 'unfulfilled' });
    expect(await stock(o, 0)).toEqual({ onHand: 10, reserved: 2, available: 8 });
    // Once the order moved on (SHIPPED), a fulfilment can no longer be cancelled.
    const g = (await fulfil(o.id, { items: [line(o, 0, 2)] })).body.data;
    expect(
      (await staff(request(t.app).patch(`/api/v1/orders/${o.id}/status`)).send({ status: 'SHIPPED' })).status,
    ).toBe(200);
    const refused = await patchF(o.id, g.id, { status: 'cancelled' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'FULFILLMENT_NOT_CANCELLABLE',
      details: { orderStatus: 'SHIPPED' },
    });
  });
});

describe('customer views and isolation', () => {
  it('the owner customer sees the fulfilments with tracking; another customer gets 404; customers cannot fulfil', async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 1 }]);
    const f = (await fulfil(o.id, { items: [line(o, 0, 1)], trackingNumber: 'T-1' })).body.data;
    const own = await bearer(request(t.app).get(`/api/v1/orders/${o.id}/fulfillments`), alice);
    expect(own.status).toBe(200);
    expect(own.body.data).toEqual([expect.objectContaining({ id: f.id, trackingNumber: 'T-1' })]);
    expect((await bearer(request(t.app).get(`/api/v1/orders/${o.id}/fulfillments`), bob)).status).toBe(404);
    const post = await bearer(request(t.app).post(`/api/v1/orders/${o.id}/fulfillments`), alice).send({
      items: [line(o, 0, 1)],
    });
    expect(post.status).toBe(403);
    const patch = await bearer(request(t.app).patch(`/api/v1/orders/${o.id}/fulfillments/${f.id}`), alice).send({
      status: 'delivered',
    });
    expect(patch.status).toBe(403);
    expect((await request(t.app).get(`/api/v1/orders/${o.id}/fulfillments`)).status).toBe(401);
  });

  it("another tenant gets 404 on every fulfilment route for this tenant's ids", async () => {
    const a = await product(10);
    const o = await order([{ productId: a, quantity: 2 }]);
    const f = (await fulfil(o.id, { items: [line(o, 0, 1)] })).body.data;
    expect((await fulfil(o.id, { items: [line(o, 0, 1)] }, other.apiKey)).status).toBe(404);
    expect((await staff(request(t.app).get(`/api/v1/orders/${o.id}/fulfillments`), other.apiKey)).status).toBe(404);
    expect((await patchF(o.id, f.id, { status: 'cancelled' }, other.apiKey)).status).toBe(404);
    expect(await stock(o, 0)).toEqual({ onHand: 9, reserved: 1, available: 8 });
    expect((await getOrder(o.id)).fulfillmentStatus).toBe('partially_fulfilled');
  });
});
