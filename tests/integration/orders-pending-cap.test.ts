// A customer holds at most MAX_PENDING_ORDERS_PER_CUSTOMER unpaid (PENDING) orders: 409
// TOO_MANY_PENDING_ORDERS past it, also under concurrency; paying or cancelling frees a slot;
// idempotent replays still replay; staff (API-key) orders are not capped.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, orderBody, postOrder, stockOf, type TestProduct } from './orders.fixtures';

const CAP = 5;
let t: TestApp;
let T: SignedUpTenant;
let product: TestProduct;

beforeAll(async () => {
  t = await makeTestApp({ MAX_PENDING_ORDERS_PER_CUSTOMER: String(CAP) });
  T = await signUpTenant(t.app);
  product = await createProduct(t.app, T, { price: '1.00', quantity: 1000 });
});
afterAll(() => t.close());

const one = () => orderBody([{ productId: product.id, quantity: 1 }]);
const pendingOf = async (customerId: string) => {
  const [row] = await ownerQuery<{ counted: number; actual: number }>(
    `SELECT u.pending_orders AS counted,
       (SELECT count(*)::int FROM orders o WHERE o.customer_id = u.id AND o.status = 'PENDING') AS actual
     FROM users u WHERE u.id = $1`,
    [customerId],
  );
  return row!;
};

describe('pending-order cap', () => {
  let c: TestUser;
  let created: { id: string; key: string; body: unknown }[];

  it(`20 concurrent orders of one customer: exactly ${CAP} are created, the rest get 409 and take no stock`, async () => {
    c = await registerCustomer(t.app, T);
    const before = await stockOf(product.id);
    const keys = Array.from({ length: 20 }, (_, i) => `cap-${c.id}-${i}`);
    const results = await Promise.all(keys.map((k) => postOrder(t.app, { bearer: c.accessToken }, one(), k)));
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(CAP);
    expect(refused).toHaveLength(20 - CAP);
    for (const r of refused) {
      expect(r.body.error.code).toBe('TOO_MANY_PENDING_ORDERS');
      expect(r.body.error.details).toEqual({ maxPendingOrders: CAP });
    }
    expect(await stockOf(product.id)).toBe(before - CAP);
    expect(await pendingOf(c.id)).toEqual({ counted: CAP, actual: CAP });
    created = results
      .map((r, i) => ({ r, key: keys[i]! }))
      .filter(({ r }) => r.status === 201)
      .map(({ r, key }) => ({ id: r.body.data.id as string, key, body: r.body }));
  });

  it('an idempotent replay of a created order still replays (201, same body), not 409', async () => {
    const first = created[0]!;
    const again = await postOrder(t.app, { bearer: c.accessToken }, one(), first.key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('a refused key is not stored: the same key succeeds once a slot is free', async () => {
    const refusedKey = `cap-${c.id}-refused`;
    expect((await postOrder(t.app, { bearer: c.accessToken }, one(), refusedKey)).status).toBe(409);
    const cancel = await request(t.app)
      .delete(`/api/v1/orders/${created[1]!.id}`)
      .set('Authorization', `Bearer ${c.accessToken}`);
    expect(cancel.status).toBe(200);
    expect(await pendingOf(c.id)).toEqual({ counted: CAP - 1, actual: CAP - 1 });
    expect((await postOrder(t.app, { bearer: c.accessToken }, one(), refusedKey)).status).toBe(201);
    expect((await postOrder(t.app, { bearer: c.accessToken }, one(), `cap-${c.id}-x`)).status).toBe(409);
  });

  it('paying an order frees a slot', async () => {
    const paid = await request(t.app)
      .patch(`/api/v1/orders/${created[2]!.id}/status`)
      .set('X-API-Key', T.apiKey)
      .send({ status: 'PAID' });
    expect(paid.status).toBe(200);
    expect(await pendingOf(c.id)).toEqual({ counted: CAP - 1, actual: CAP - 1 });
    expect((await postOrder(t.app, { bearer: c.accessToken }, one(), `cap-${c.id}-after-pay`)).status).toBe(201);
    // Later transitions of a paid order change nothing.
    await request(t.app)
      .patch(`/api/v1/orders/${created[2]!.id}/status`)
      .set('X-API-Key', T.apiKey)
      .send({ status: 'FULFILLED' });
    expect(await pendingOf(c.id)).toEqual({ counted: CAP, actual: CAP });
  });

  it('staff (API-key) orders for the customer are not capped, and count toward the customer', async () => {
    const staff = await postOrder(
      t.app,
      { apiKey: T.apiKey },
      orderBody([{ productId: product.id, quantity: 1 }], c.id),
    );
    expect(staff.status).toBe(201);
    expect(await pendingOf(c.id)).toEqual({ counted: CAP + 1, actual: CAP + 1 });
    expect((await postOrder(t.app, { bearer: c.accessToken }, one(), `cap-${c.id}-over`)).status).toBe(409);
  });

  it('the cap is per customer', async () => {
    const other = await registerCustomer(t.app, T);
    expect((await postOrder(t.app, { bearer: other.accessToken }, one(), `cap-${other.id}-0`)).status).toBe(201);
  });
});
