// GET /customers and /customers/:id (MERCHANT, ADMIN): the tenant's CUSTOMER users with
// ordersCount (every order) and totalSpent (paid orders minus refunds), ?q, pagination, roles
// and tenant isolation.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, orderBody, postOrder } from './orders.fixtures';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
let merchant: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const list = (auth: Record<string, string>, query = '') => request(t.app).get(`/api/v1/customers${query}`).set(auth);
const detail = (auth: Record<string, string>, id: string) => request(t.app).get(`/api/v1/customers/${id}`).set(auth);

/** An order (and its payment) as the owner: any status, as history can leave them. */
async function seedOrder(
  tenant: SignedUpTenant,
  customerId: string,
  total: string,
  status: string,
  payment: string | null,
): Promise<void> {
  const id = randomUUID();
  await ownerQuery(
    `INSERT INTO orders (id, tenant_id, customer_id, status, shipping_address, total_amount, subtotal, currency, updated_at)
     VALUES ($1, $2, $3, $4, '{}', $5, $5, 'USD', now())`,
    [id, tenant.tenantId, customerId, status, total],
  );
  if (payment)
    await ownerQuery(
      `INSERT INTO payments (id, tenant_id, order_id, provider, amount, currency, status, updated_at)
       VALUES ($1, $2, $3, 'manual', $4, 'USD', $5, now())`,
      [randomUUID(), tenant.tenantId, id, total, payment],
    );
}

beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
  merchant = await createStaff(t.app, A, 'MERCHANT');
  // Registered one after the other: the list is newest first.
  alice = await registerCustomer(t.app, A);
  bob = await registerCustomer(t.app, A);
  carol = await registerCustomer(t.app, A);
  await ownerQuery(`UPDATE users SET name = 'Alice Zebrafinch' WHERE id = $1`, [alice.id]);
  await ownerQuery(`UPDATE users SET name = NULL WHERE id = $1`, [bob.id]);
  await ownerQuery(`UPDATE users SET name = 'Carol 100%_Real' WHERE id = $1`, [carol.id]);

  // Alice's history: every status, paid or not, refunded or not.
  await seedOrder(A, alice.id, '10.00', 'PENDING', 'PENDING'); // unpaid: counted, not spent
  await seedOrder(A, alice.id, '20.00', 'PAID', 'PAID'); // 20.00
  await seedOrder(A, alice.id, '5.50', 'FULFILLED', 'PAID'); // 5.50
  await seedOrder(A, alice.id, '1.25', 'SHIPPED', 'PAID'); // 1.25
  await seedOrder(A, alice.id, '7.25', 'COMPLETED', null); // paid before payments were recorded: 7.25
  await seedOrder(A, alice.id, '100.00', 'CANCELLED', 'FAILED'); // never paid: 0
  await seedOrder(A, alice.id, '300.00', 'CANCELLED', null); // cancelled unpaid: 0
  await seedOrder(A, alice.id, '40.00', 'CANCELLED', 'REFUNDED'); // paid then refunded: nets 0
  await seedOrder(A, alice.id, '3.00', 'CANCELLED', 'PAID'); // refund not confirmed yet: 3.00
  await seedOrder(A, alice.id, '9.00', 'PAID', 'REFUNDED'); // refunded from the provider's dashboard: 0
});
afterAll(async () => t.close());

const ALICE_SPENT = '37.00'; // 20.00 + 5.50 + 1.25 + 7.25 + 3.00

describe('GET /customers/:id', () => {
  it('returns the customer with ordersCount (any status) and totalSpent (paid minus refunds)', async () => {
    const res = await detail({ 'X-API-Key': A.apiKey }, alice.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      id: alice.id,
      email: alice.email,
      name: 'Alice Zebrafinch',
      createdAt: expect.any(String),
      ordersCount: 10,
      totalSpent: ALICE_SPENT,
    });
  });

  it('a customer without orders has 0 and "0.00"', async () => {
    const res = await detail(bearer(merchant.accessToken), bob.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: bob.id, name: null, ordersCount: 0, totalSpent: '0.00' });
  });

  it('a staff user, an unknown id and another tenant are 404; a malformed id is 400', async () => {
    expect((await detail({ 'X-API-Key': A.apiKey }, merchant.id)).status).toBe(404);
    expect((await detail({ 'X-API-Key': A.apiKey }, A.adminId)).status).toBe(404);
    expect((await detail({ 'X-API-Key': A.apiKey }, randomUUID())).status).toBe(404);
    expect((await detail({ 'X-API-Key': B.apiKey }, alice.id)).status).toBe(404);
    expect((await detail({ 'X-API-Key': A.apiKey }, 'not-a-uuid')).status).toBe(400);
  });
});

describe('GET /customers', () => {
  it('lists only the customers, newest first, with the same aggregates', async () => {
    const res = await list({ 'X-API-Key': A.apiKey });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ page: 1, limit: 20, total: 3 });
    expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([carol.id, bob.id, alice.id]);
    expect(res.body.data[2]).toMatchObject({ ordersCount: 10, totalSpent: ALICE_SPENT });
    expect(res.body.data[0]).toMatchObject({ ordersCount: 0, totalSpent: '0.00' });
  });

  it('pages: limit and page cut the list, meta.total counts them all', async () => {
    const p1 = await list(bearer(merchant.accessToken), '?limit=2&page=1');
    const p2 = await list(bearer(merchant.accessToken), '?limit=2&page=2');
    const p3 = await list(bearer(merchant.accessToken), '?limit=2&page=3');
    expect(p1.body.meta).toEqual({ page: 1, limit: 2, total: 3 });
    expect(p1.body.data.map((c: { id: string }) => c.id)).toEqual([carol.id, bob.id]);
    expect(p2.body.data.map((c: { id: string }) => c.id)).toEqual([alice.id]);
    expect(p2.body.data[0]).toMatchObject({ ordersCount: 10, totalSpent: ALICE_SPENT });
    expect(p3.body.data).toEqual([]);
    expect(p3.body.meta.total).toBe(3);
  });

  it('?q matches a case-insensitive substring of the e-mail or the name; % and _ are literal', async () => {
    const ids = async (q: string) => {
      const res = await list({ 'X-API-Key': A.apiKey }, `?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.meta.total).toBe(res.body.data.length);
      return res.body.data.map((c: { id: string }) => c.id);
    };
    expect(await ids('ZEBRAFINCH')).toEqual([alice.id]);
    expect(await ids(bob.email.slice(0, 18).toUpperCase())).toEqual([bob.id]);
    expect(await ids('100%_r')).toEqual([carol.id]);
    expect(await ids('%')).toEqual([carol.id]); // only Carol's name holds a literal %
    expect(await ids('_')).toEqual([carol.id]); // e-mails and names hold no _ but hers
    expect(await ids('no-such-customer')).toEqual([]);
  });

  it('refuses bad queries with 400', async () => {
    for (const q of ['?q=', '?limit=0', '?limit=101', '?page=0', '?sort=name'])
      expect((await list({ 'X-API-Key': A.apiKey }, q)).status).toBe(400);
  });
});

describe('roles and tenants', () => {
  it('MERCHANT, ADMIN and the API key read; a CUSTOMER gets 403; no credentials 401', async () => {
    expect((await list(bearer(await adminToken(t.app, A)))).status).toBe(200);
    expect((await list(bearer(await adminToken(t.app, A, { mfa: false })))).status).toBe(200);
    expect((await list(bearer(merchant.accessToken))).status).toBe(200);
    expect((await list(bearer(alice.accessToken))).status).toBe(403);
    expect((await detail(bearer(alice.accessToken), alice.id)).status).toBe(403);
    expect((await list({})).status).toBe(401);
    expect((await list({ 'X-Tenant': A.subdomain })).status).toBe(401);
  });

  it("tenant B's staff see none of tenant A's customers", async () => {
    const dave = await registerCustomer(t.app, B);
    const res = await list({ 'X-API-Key': B.apiKey });
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([dave.id]);
    expect(res.body.meta.total).toBe(1);
    const q = await list({ 'X-API-Key': B.apiKey }, `?q=${encodeURIComponent(alice.email)}`);
    expect(q.body.data).toEqual([]);
  });
});

describe('through the API: orders placed, paid, cancelled and refunded', () => {
  it('counts every order and spends only what stays paid', async () => {
    const erin = await registerCustomer(t.app, A);
    const product = await createProduct(t.app, A, { price: '12.50', quantity: 100 });
    const place = async (quantity: number) => {
      const res = await postOrder(
        t.app,
        { bearer: erin.accessToken },
        orderBody([{ productId: product.id, quantity }]),
      );
      expect(res.status).toBe(201);
      return res.body.data.id as string;
    };
    const status = async (id: string, to: string) => {
      const res = await request(t.app)
        .patch(`/api/v1/orders/${id}/status`)
        .set('X-API-Key', A.apiKey)
        .send({ status: to });
      expect(res.status).toBe(200);
    };
    await place(1); // PENDING: 12.50 not spent
    await status(await place(2), 'PAID'); // 25.00 (a manual payment: no Stripe keys in tests)
    const refunded = await place(4);
    await status(refunded, 'PAID');
    await status(refunded, 'CANCELLED'); // 50.00 paid, then refunded
    const shipped = await place(1);
    for (const s of ['PAID', 'FULFILLED', 'SHIPPED']) await status(shipped, s); // 12.50
    const [pay] = await ownerQuery<{ status: string }>('SELECT status FROM payments WHERE order_id = $1', [refunded]);
    expect(pay!.status).toBe('REFUNDED');

    const res = await detail(bearer(merchant.accessToken), erin.id);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ ordersCount: 4, totalSpent: '37.50' });
  });
});
