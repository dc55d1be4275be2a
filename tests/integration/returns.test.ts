// Returns (issue 17): of fulfilled items only, never more than fulfilled − returned; received
// once, with or without restock (on_hand); events, audit; customer views; isolation.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, orderBody, outboxTypes, postOrder, variantStock } from './orders.fixtures';

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
  items: Array<{ id: string; variantId: string; quantity: number }>;
}

const staff = (r: request.Test, apiKey = tenant.apiKey) => r.set('X-API-Key', apiKey);
const bearer = (r: request.Test, u: TestUser) => r.set('Authorization', `Bearer ${u.accessToken}`);

/** Alice's PAID order of `quantity` units of a new product (10 on hand), `fulfilled` of them shipped. */
async function shippedOrder(quantity: number, fulfilled: number): Promise<Order> {
  const p = await createProduct(t.app, tenant, { price: '10.00', quantity: 10 });
  const res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: p.id, quantity }]));
  expect(res.status).toBe(201);
  const o: Order = res.body.data;
  expect((await staff(request(t.app).patch(`/api/v1/orders/${o.id}/status`)).send({ status: 'PAID' })).status).toBe(
    200,
  );
  if (fulfilled > 0) {
    const f = await staff(request(t.app).post(`/api/v1/orders/${o.id}/fulfillments`)).send({
      items: [{ orderItemId: o.items[0]!.id, quantity: fulfilled }],
    });
    expect(f.status).toBe(201);
  }
  return o;
}

const askReturn = (o: Order, quantity: number, who: (r: request.Test) => request.Test, reason?: string) =>
  who(request(t.app).post(`/api/v1/orders/${o.id}/returns`)).send({
    items: [{ orderItemId: o.items[0]!.id, quantity }],
    ...(reason ? { reason } : {}),
  });
const asAlice = (r: request.Test) => bearer(r, alice);
const asStaff = (r: request.Test) => staff(r);

const receive = (id: string, restock: boolean, apiKey = tenant.apiKey) =>
  staff(request(t.app).post(`/api/v1/returns/${id}/receive`), apiKey).send({ restock });

describe('returns', () => {
  it('the customer returns fulfilled items; received with restock puts them back on hand (once)', async () => {
    const o = await shippedOrder(3, 3);
    const v = o.items[0]!.variantId;
    expect(await variantStock(v)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    const r = await askReturn(o, 2, asAlice, 'too small');
    expect(r.status).toBe(201);
    expect(r.body.data).toMatchObject({
      orderId: o.id,
      status: 'requested',
      items: [{ orderItemId: o.items[0]!.id, quantity: 2 }],
      reason: 'too small',
      restock: null,
      receivedAt: null,
    });
    const got = await receive(r.body.data.id, true);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ status: 'received', restock: true });
    expect(got.body.data.receivedAt).toEqual(expect.any(String));
    expect(await variantStock(v)).toEqual({ onHand: 9, reserved: 0, available: 9 });
    const twice = await receive(r.body.data.id, true);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('RETURN_ALREADY_RECEIVED');
    expect(await variantStock(v)).toEqual({ onHand: 9, reserved: 0, available: 9 });

    const types = await outboxTypes(tenant.tenantId, o.id);
    expect(types).toEqual(expect.arrayContaining(['return.requested', 'return.received']));
    const audit = await ownerQuery<{ action: string }>(
      `SELECT action FROM audit_logs WHERE tenant_id = $1 AND resource = 'return' AND resource_id = $2 ORDER BY timestamp`,
      [tenant.tenantId, r.body.data.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'UPDATE']);
  });

  it('a refund names the received return: the return restocked once, the refund does not restock again; a foreign return is refused', async () => {
    const o = await shippedOrder(2, 2);
    const v = o.items[0]!.variantId;
    const r = await askReturn(o, 1, asAlice, 'broken');
    expect(r.status).toBe(201);
    expect((await receive(r.body.data.id, true)).status).toBe(200);
    expect(await variantStock(v)).toEqual({ onHand: 9, reserved: 0, available: 9 });
    const refund = await staff(request(t.app).post(`/api/v1/orders/${o.id}/refunds`)).send({
      items: [{ orderItemId: o.items[0]!.id, quantity: 1, restock: true }],
      returnId: r.body.data.id,
    });
    expect(refund.status).toBe(201);
    expect(refund.body.data).toMatchObject({ returnId: r.body.data.id, amount: '10.00' });
    expect(await variantStock(v)).toEqual({ onHand: 9, reserved: 0, available: 9 });
    const other = await shippedOrder(1, 1);
    const foreign = await staff(request(t.app).post(`/api/v1/orders/${other.id}/refunds`)).send({
      amount: '1.00',
      returnId: r.body.data.id,
    });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.status).toBeLessThan(500);
  });

  it('received without restock leaves stock alone', async () => {
    const o = await shippedOrder(2, 2);
    const r = await askReturn(o, 1, asStaff);
    expect(r.status).toBe(201);
    expect(r.body.data.reason).toBeNull();
    const got = await receive(r.body.data.id, false);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ status: 'received', restock: false });
    expect(await variantStock(o.items[0]!.variantId)).toEqual({ onHand: 8, reserved: 0, available: 8 });
  });

  it('never more than fulfilled − already returned (409 RETURN_EXCEEDS_FULFILLED); unfulfilled items are not returnable', async () => {
    const o = await shippedOrder(3, 1);
    const over = await askReturn(o, 2, asAlice);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({
      code: 'RETURN_EXCEEDS_FULFILLED',
      details: { orderItemId: o.items[0]!.id, requested: 2, returnable: 1 },
    });
    expect((await askReturn(o, 1, asAlice)).status).toBe(201);
    const again = await askReturn(o, 1, asAlice);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ returnable: 0 });
    const unshipped = await shippedOrder(1, 0);
    expect((await askReturn(unshipped, 1, asAlice)).body.error.code).toBe('RETURN_EXCEEDS_FULFILLED');
  });

  it('concurrent returns of the last units: exactly one succeeds', async () => {
    const o = await shippedOrder(2, 2);
    const results = await Promise.all(Array.from({ length: 3 }, () => askReturn(o, 2, asAlice)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('an order fulfilled the old way (PATCH FULFILLED) can be returned', async () => {
    const o = await shippedOrder(2, 0);
    expect(
      (await staff(request(t.app).patch(`/api/v1/orders/${o.id}/status`)).send({ status: 'FULFILLED' })).status,
    ).toBe(200);
    expect((await askReturn(o, 2, asAlice)).status).toBe(201);
  });

  it('a fulfilment whose items were returned can no longer be cancelled', async () => {
    const o = await shippedOrder(3, 2);
    const list = await staff(request(t.app).get(`/api/v1/orders/${o.id}/fulfillments`));
    expect((await askReturn(o, 1, asAlice)).status).toBe(201);
    const res = await staff(request(t.app).patch(`/api/v1/orders/${o.id}/fulfillments/${list.body.data[0].id}`)).send({
      status: 'cancelled',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('FULFILLMENT_NOT_CANCELLABLE');
  });
});

describe('views', () => {
  it('GET /orders/:id/returns: staff and the owner; another customer 404; GET /returns by status for staff only', async () => {
    const o = await shippedOrder(2, 2);
    const r = (await askReturn(o, 1, asAlice)).body.data;
    const own = await bearer(request(t.app).get(`/api/v1/orders/${o.id}/returns`), alice);
    expect(own.status).toBe(200);
    expect(own.body.data).toEqual([expect.objectContaining({ id: r.id })]);
    expect((await staff(request(t.app).get(`/api/v1/orders/${o.id}/returns`))).body.data).toHaveLength(1);
    expect((await bearer(request(t.app).get(`/api/v1/orders/${o.id}/returns`), bob)).status).toBe(404);
    expect((await askReturn(o, 1, (x) => bearer(x, bob))).status).toBe(404);

    const requested = await staff(request(t.app).get('/api/v1/returns?status=requested&limit=100'));
    expect(requested.status).toBe(200);
    expect(requested.body.data.map((x: { id: string }) => x.id)).toContain(r.id);
    expect(requested.body.meta).toMatchObject({ page: 1, limit: 100 });
    expect((await receive(r.id, false)).status).toBe(200);
    const after = await staff(request(t.app).get('/api/v1/returns?status=requested&limit=100'));
    expect(after.body.data.map((x: { id: string }) => x.id)).not.toContain(r.id);
    const received = await staff(request(t.app).get('/api/v1/returns?status=received&limit=100'));
    expect(received.body.data.map((x: { id: string }) => x.id)).toContain(r.id);
    expect((await bearer(request(t.app).get('/api/v1/returns'), alice)).status).toBe(403);
    expect(
      (await bearer(request(t.app).post(`/api/v1/returns/${r.id}/receive`), alice).send({ restock: true })).status,
    ).toBe(403);
    expect((await staff(request(t.app).get('/api/v1/returns?status=lost'))).status).toBe(400);
  });

  it("another tenant gets 404 on every return route for this tenant's ids and does not list them", async () => {
    const o = await shippedOrder(2, 2);
    const r = (await askReturn(o, 1, asAlice)).body.data;
    const asOther = (x: request.Test) => staff(x, other.apiKey);
    expect((await askReturn(o, 1, asOther)).status).toBe(404);
    expect((await asOther(request(t.app).get(`/api/v1/orders/${o.id}/returns`))).status).toBe(404);
    expect((await receive(r.id, true, other.apiKey)).status).toBe(404);
    const list = await asOther(request(t.app).get('/api/v1/returns'));
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([]);
    expect(await variantStock(o.items[0]!.variantId)).toEqual({ onHand: 8, reserved: 0, available: 8 });
  });
});
