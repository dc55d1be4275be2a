// A customer's address book (GET|POST /customers/me/addresses, PATCH|DELETE …/:id): defaults
// that replace each other (also under concurrency), the first address as default, another
// customer's id 404, staff 403, validation that changes nothing, the cap, audit without PII.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;

const PATH = '/api/v1/customers/me/addresses';
const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.accessToken}` });
const home = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '12 Analytical Row',
  line2: 'Flat 3',
  city: 'London',
  postalCode: 'NW1 6XE',
  country: 'GB',
  phone: '+44 20 7946 0000',
};
const work = {
  company: 'Engines Ltd',
  line1: '1 Difference St',
  city: 'Cambridge',
  postalCode: 'CB2 1TN',
  country: 'GB',
};

const post = (u: TestUser, body: object) => request(t.app).post(PATH).set(bearer(u)).send(body);
const patch = (u: TestUser, id: string, body: object) =>
  request(t.app).patch(`${PATH}/${id}`).set(bearer(u)).send(body);
const del = (u: TestUser, id: string) => request(t.app).delete(`${PATH}/${id}`).set(bearer(u));
const listOf = async (u: TestUser) => {
  const res = await request(t.app).get(PATH).set(bearer(u));
  expect(res.status).toBe(200);
  return res.body.data as Array<{ id: string; isDefaultShipping: boolean; isDefaultBilling: boolean }>;
};
const rowsOf = (customerId: string) =>
  ownerQuery<{ id: string; line1: string; is_default_shipping: boolean; is_default_billing: boolean }>(
    'SELECT id, line1, is_default_shipping, is_default_billing FROM customer_addresses WHERE customer_id = $1 ORDER BY created_at, id',
    [customerId],
  );
const defaultsOf = async (customerId: string) => {
  const rows = await rowsOf(customerId);
  return {
    shipping: rows.filter((r) => r.is_default_shipping).map((r) => r.id),
    billing: rows.filter((r) => r.is_default_billing).map((r) => r.id),
  };
};

beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
});
afterAll(async () => t.close());

describe('create, list, defaults', () => {
  let ada: TestUser;
  beforeAll(async () => {
    ada = await registerCustomer(t.app, A);
  });

  it('the first address becomes the default shipping and billing address; the view is an Address', async () => {
    const res = await post(ada, home);
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ id: expect.any(String), ...home, isDefaultShipping: true, isDefaultBilling: true });
    expect(await listOf(ada)).toEqual([res.body.data]);
  });

  it('a later address is not a default unless asked; asking replaces the previous default of that kind only', async () => {
    const [first] = await listOf(ada);
    const plain = await post(ada, work);
    expect(plain.status).toBe(201);
    expect(plain.body.data).toMatchObject({ isDefaultShipping: false, isDefaultBilling: false });
    expect(plain.body.data).not.toHaveProperty('line2'); // absent fields are omitted, not null

    const ship = await post(ada, { ...work, line1: '2 Difference St', isDefaultShipping: true });
    expect(ship.status).toBe(201);
    expect(ship.body.data).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
    expect(await defaultsOf(ada.id)).toEqual({ shipping: [ship.body.data.id], billing: [first!.id] });

    const listed = await listOf(ada);
    expect(listed.map((a) => a.id)).toEqual([first!.id, plain.body.data.id, ship.body.data.id]);
    expect(listed[0]).toMatchObject({ isDefaultShipping: false, isDefaultBilling: true });
  });

  it('PATCH a flag true moves that default; false leaves the customer without one', async () => {
    const [first, second] = await listOf(ada);
    const res = await patch(ada, second!.id, { isDefaultBilling: true });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: second!.id, ...work, isDefaultBilling: true });
    expect((await defaultsOf(ada.id)).billing).toEqual([second!.id]);
    expect((await listOf(ada))[0]).toMatchObject({ id: first!.id, isDefaultBilling: false });

    const off = await patch(ada, second!.id, { isDefaultBilling: false });
    expect(off.status).toBe(200);
    expect((await defaultsOf(ada.id)).billing).toEqual([]);
  });

  it('PATCH is partial; null clears an optional field', async () => {
    const [first] = await listOf(ada);
    const res = await patch(ada, first!.id, { city: 'Marylebone', line2: null, company: 'Babbage & Co' });
    expect(res.status).toBe(200);
    const { line2: _gone, ...rest } = home;
    expect(res.body.data).toEqual({
      id: first!.id,
      ...rest,
      city: 'Marylebone',
      company: 'Babbage & Co',
      isDefaultShipping: false,
      isDefaultBilling: false,
    });
    const [row] = await ownerQuery<{ line2: string | null }>('SELECT line2 FROM customer_addresses WHERE id = $1', [
      first!.id,
    ]);
    expect(row!.line2).toBeNull();
  });

  it('DELETE is 204; deleting the default leaves none, and the next address becomes the default', async () => {
    const listed = await listOf(ada);
    const shipDefault = listed.find((a) => a.isDefaultShipping)!;
    expect((await del(ada, shipDefault.id)).status).toBe(204);
    expect((await listOf(ada)).map((a) => a.id)).not.toContain(shipDefault.id);
    expect((await defaultsOf(ada.id)).shipping).toEqual([]);
    expect((await del(ada, shipDefault.id)).status).toBe(404);

    const next = await post(ada, { ...home, line1: '99 New Rd', isDefaultBilling: false });
    expect(next.status).toBe(201);
    expect(next.body.data).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
  });

  it('an explicit false opts the first address out of being a default', async () => {
    const eve = await registerCustomer(t.app, A);
    const res = await post(eve, { ...home, isDefaultShipping: false });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ isDefaultShipping: false, isDefaultBilling: true });
  });

  it('writes audit rows (resource customer_address) that hold no street, name or phone', async () => {
    const rows = await ownerQuery<{ action: string; resource_id: string; user_id: string; changes: unknown }>(
      `SELECT action, resource_id, user_id, changes FROM audit_logs WHERE tenant_id = $1 AND resource = 'customer_address'`,
      [A.tenantId],
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['CREATE', 'UPDATE', 'DELETE']));
    expect(rows.filter((r) => r.user_id === ada.id).length).toBeGreaterThanOrEqual(8);
    const text = JSON.stringify(rows);
    for (const pii of [home.line1, home.lastName, home.phone, work.line1, 'Marylebone', 'Babbage'])
      expect(text).not.toContain(pii);
    // The patch that changed city, line2 and company names the fields only.
    const fieldsChanged = rows
      .map((r) => (r.changes as { after?: { changedFields?: string[] } }).after?.changedFields ?? [])
      .find((f) => f.includes('city'));
    expect([...fieldsChanged!].sort()).toEqual(['city', 'company', 'line2']);
    expect(t.logs.join('\n')).not.toContain(home.line1);
  });
});

describe('validation changes nothing', () => {
  it('bad bodies are 400 and leave the address book as it was', async () => {
    const u = await registerCustomer(t.app, A);
    const made = await post(u, home);
    expect(made.status).toBe(201);
    const before = await rowsOf(u.id);
    const bad: object[] = [
      {},
      { ...home, country: 'XX' },
      { ...home, country: 'gb' },
      { ...home, postalCode: '!' },
      { ...home, line1: '   ' },
      { ...home, phone: 'call me' },
      { ...home, isDefaultShipping: 'yes' },
      { ...home, id: randomUUID() },
      { ...home, extra: 1 },
      { line1: 'only a street' },
    ];
    for (const body of bad) expect({ body, status: (await post(u, body)).status }).toEqual({ body, status: 400 });
    const badPatches: object[] = [{}, { country: 'ZZ' }, { line1: null }, { city: '' }, { isDefaultBilling: null }];
    for (const body of badPatches)
      expect({ body, status: (await patch(u, made.body.data.id, body)).status }).toEqual({ body, status: 400 });
    expect((await patch(u, 'not-a-uuid', { city: 'X' })).status).toBe(400);
    expect(await rowsOf(u.id)).toEqual(before);
  });
});

describe('ownership, roles and tenants', () => {
  it("another customer's address id is 404 for PATCH and DELETE, and stays unchanged", async () => {
    const [owner, other] = await Promise.all([registerCustomer(t.app, A), registerCustomer(t.app, A)]);
    const mine = await post(owner, home);
    expect((await patch(other, mine.body.data.id, { city: 'Elsewhere' })).status).toBe(404);
    expect((await patch(other, mine.body.data.id, { isDefaultShipping: true })).status).toBe(404);
    expect((await del(other, mine.body.data.id)).status).toBe(404);
    expect((await patch(owner, randomUUID(), { city: 'X' })).status).toBe(404);
    expect(await listOf(other)).toEqual([]);
    expect(await listOf(owner)).toEqual([mine.body.data]);
  });

  it("tenant B's customer sees none of tenant A's addresses and gets 404 by id", async () => {
    const a = await registerCustomer(t.app, A);
    const b = await registerCustomer(t.app, B);
    const mine = await post(a, home);
    expect((await patch(b, mine.body.data.id, { city: 'Elsewhere' })).status).toBe(404);
    expect((await del(b, mine.body.data.id)).status).toBe(404);
    expect(await listOf(b)).toEqual([]);
    expect(await listOf(a)).toEqual([mine.body.data]);
  });

  it('staff (MERCHANT, ADMIN, API key) get 403; no credentials 401', async () => {
    const merchant = await createStaff(t.app, A, 'MERCHANT');
    const admin = await adminToken(t.app, A);
    const id = randomUUID();
    for (const auth of [
      { Authorization: `Bearer ${merchant.accessToken}` },
      { Authorization: `Bearer ${admin}` },
      { 'X-API-Key': A.apiKey },
    ]) {
      expect((await request(t.app).get(PATH).set(auth)).status).toBe(403);
      expect((await request(t.app).post(PATH).set(auth).send(home)).status).toBe(403);
      expect((await request(t.app).patch(`${PATH}/${id}`).set(auth).send({ city: 'X' })).status).toBe(403);
      expect((await request(t.app).delete(`${PATH}/${id}`).set(auth)).status).toBe(403);
    }
    expect((await request(t.app).get(PATH)).status).toBe(401);
    expect((await request(t.app).post(PATH).set('X-Tenant', A.subdomain).send(home)).status).toBe(401);
  });
});

describe('limits and concurrency', () => {
  it(`caps a customer's addresses: the 51st is 409 TOO_MANY_ADDRESSES`, async () => {
    const u = await registerCustomer(t.app, A);
    await ownerQuery(
      `INSERT INTO customer_addresses (id, tenant_id, customer_id, line1, city, postal_code, country, updated_at)
       SELECT gen_random_uuid(), $1, $2, 'Street ' || g, 'City', '12345', 'US', now() FROM generate_series(1, 50) g`,
      [A.tenantId, u.id],
    );
    const res = await post(u, home);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'TOO_MANY_ADDRESSES', details: { limit: 50 } });
    expect(await rowsOf(u.id)).toHaveLength(50);
    const page = await request(t.app).get(PATH).set(bearer(u));
    expect(page.body.meta).toEqual({ page: 1, limit: 50, total: 50 });
    expect(page.body.data).toHaveLength(50);
  });

  it('concurrent "set default" writes leave exactly one default of each kind, and none fails', async () => {
    const u = await registerCustomer(t.app, A);
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(u, { ...home, line1: `${i} Race St`, isDefaultShipping: true })),
    );
    expect(made.map((r) => r.status)).toEqual(Array(8).fill(201));
    const ids = made.map((r) => r.body.data.id as string);
    let d = await defaultsOf(u.id);
    expect(d.shipping).toHaveLength(1);
    expect(d.billing).toHaveLength(1);

    const switched = await Promise.all(
      ids.map((id) => patch(u, id, { isDefaultShipping: true, isDefaultBilling: true })),
    );
    expect(switched.map((r) => r.status)).toEqual(Array(8).fill(200));
    d = await defaultsOf(u.id);
    expect(d.shipping).toHaveLength(1);
    expect(d.billing).toEqual(d.shipping);
  });
});
