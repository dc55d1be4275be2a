// Tax rates: CRUD, TAX_RATE_CONFLICT (country-wide rates, state null, included), rate
// validation (0–100, three decimals) with 400s that change nothing, roles, tenant isolation.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, registerCustomer } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
});
afterAll(async () => t.close());

interface TaxRate {
  id: string;
  country: string;
  state: string | null;
  name: string;
  rate: string;
  appliesToShipping: boolean;
}

const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const post = (tn: SignedUpTenant, body: Record<string, unknown>) =>
  request(t.app).post('/api/v1/tax-rates').set(key(tn)).send(body);
const patch = (tn: SignedUpTenant, id: string, body: Record<string, unknown>) =>
  request(t.app).patch(`/api/v1/tax-rates/${id}`).set(key(tn)).send(body);
const list = async (tn: SignedUpTenant): Promise<TaxRate[]> => {
  const res = await request(t.app).get('/api/v1/tax-rates?limit=100').set(key(tn));
  expect(res.status).toBe(200);
  return res.body.data as TaxRate[];
};

async function create(tn: SignedUpTenant, body: Record<string, unknown>): Promise<TaxRate> {
  const res = await post(tn, { name: 'Tax', rate: '10', ...body });
  if (res.status !== 201) throw new Error(`create tax rate: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as TaxRate;
}

const rateCount = async (tn: SignedUpTenant) =>
  (await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM tax_rates WHERE tenant_id = $1', [tn.tenantId]))[0]!
    .n;

describe('tax rates CRUD', () => {
  it('creates, lists, patches and deletes rates, each write audited', async () => {
    const tn = await signUpTenant(t.app);
    const ny = await post(tn, {
      country: 'US',
      state: 'ny',
      name: 'NY sales tax',
      rate: '8.875',
      appliesToShipping: true,
    });
    expect(ny.status).toBe(201);
    expect(ny.body.data).toEqual({
      id: expect.any(String),
      country: 'US',
      state: 'NY',
      name: 'NY sales tax',
      rate: '8.875',
      appliesToShipping: true,
    });
    const us = await create(tn, { country: 'US', name: 'US', rate: 0 });
    expect(us).toMatchObject({ state: null, rate: '0', appliesToShipping: false });
    const de = await create(tn, { country: 'DE', state: null, name: 'MwSt', rate: 19 });
    expect(de.rate).toBe('19');

    expect((await list(tn)).map((r) => [r.country, r.state])).toEqual([
      ['DE', null],
      ['US', null],
      ['US', 'NY'],
    ]);

    const p = await patch(tn, de.id, { rate: '7.5', appliesToShipping: true });
    expect(p.status).toBe(200);
    expect(p.body.data).toEqual({ ...de, rate: '7.5', appliesToShipping: true });
    const del = await request(t.app).delete(`/api/v1/tax-rates/${ny.body.data.id}`).set(key(tn));
    expect(del.status).toBe(204);
    expect((await list(tn)).map((r) => r.id)).toEqual([de.id, us.id]);
    expect((await request(t.app).delete(`/api/v1/tax-rates/${ny.body.data.id}`).set(key(tn))).status).toBe(404);

    const audit = await ownerQuery<{ action: string }>(
      `SELECT action::text AS action FROM audit_logs WHERE tenant_id = $1 AND resource = 'tax_rate' AND resource_id = $2
       ORDER BY "timestamp", id`,
      [tn.tenantId, de.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'UPDATE']);
  });
});

describe('TAX_RATE_CONFLICT', () => {
  it('one rate per (country, state), the country-wide one (state null) included', async () => {
    const tn = await signUpTenant(t.app);
    await create(tn, { country: 'US', state: 'CA' });
    const wide = await create(tn, { country: 'US' });

    const dupState = await post(tn, { country: 'US', state: ' ca ', name: 'Again', rate: '1' });
    expect(dupState.status).toBe(409);
    expect(dupState.body.error).toMatchObject({ code: 'TAX_RATE_CONFLICT', details: { country: 'US', state: 'CA' } });
    const dupNull = await post(tn, { country: 'US', state: null, name: 'Again', rate: '1' });
    expect(dupNull.status).toBe(409);
    expect(dupNull.body.error.code).toBe('TAX_RATE_CONFLICT');
    // PATCH onto an existing (country, state) conflicts too.
    const onto = await patch(tn, wide.id, { state: 'CA', name: 'Moved' });
    expect(onto.status).toBe(409);
    expect(onto.body.error.code).toBe('TAX_RATE_CONFLICT');
    expect(await rateCount(tn)).toBe(2);
    expect((await list(tn)).find((r) => r.id === wide.id)).toEqual(wide);
  });

  it('the index holds when two creates of the country-wide rate race: exactly one wins', async () => {
    const tn = await signUpTenant(t.app);
    const results = await Promise.all([
      post(tn, { country: 'FR', name: 'TVA', rate: '20' }),
      post(tn, { country: 'FR', state: null, name: 'TVA', rate: '20' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('TAX_RATE_CONFLICT');
    expect(await rateCount(tn)).toBe(1);
  });

  it('the same (country, state) in two tenants is no conflict', async () => {
    await create(A, { country: 'GB' });
    await create(B, { country: 'GB' });
  });
});

describe('validation: 400 and nothing changes', () => {
  it.each([
    ['no country', { name: 'T', rate: '1' }],
    ['unknown country', { country: 'XX', name: 'T', rate: '1' }],
    ['no name', { country: 'US', rate: '1' }],
    ['four decimals', { country: 'US', name: 'T', rate: '8.8751' }],
    ['over 100', { country: 'US', name: 'T', rate: '100.001' }],
    ['negative', { country: 'US', name: 'T', rate: -1 }],
    ['not a number', { country: 'US', name: 'T', rate: 'abc' }],
    ['empty state', { country: 'US', state: '  ', name: 'T', rate: '1' }],
    ['unknown field', { country: 'US', name: 'T', rate: '1', compound: true }],
  ])('POST with %s → 400', async (_label, body) => {
    const tn = await signUpTenant(t.app);
    const res = await post(tn, body);
    expect(res.status).toBe(400);
    expect(await rateCount(tn)).toBe(0);
  });

  it('PATCH with a bad rate → 400, the rate unchanged; 100 and 0 are accepted', async () => {
    const tn = await signUpTenant(t.app);
    const r = await create(tn, { country: 'US' });
    expect((await patch(tn, r.id, { rate: '101', name: 'X' })).status).toBe(400);
    expect((await list(tn))[0]).toEqual(r);
    expect((await patch(tn, r.id, { rate: '100' })).body.data.rate).toBe('100');
  });
});

describe('roles', () => {
  it('MERCHANT, ADMIN and API keys read and write; a customer gets 403; anonymous 401', async () => {
    const tn = await signUpTenant(t.app);
    const merchant = await createStaff(t.app, tn, 'MERCHANT');
    const admin = await adminToken(t.app, tn);
    const customer = await registerCustomer(t.app, tn);

    const m = await request(t.app)
      .post('/api/v1/tax-rates')
      .set(bearer(merchant.accessToken))
      .send({ country: 'US', name: 'T', rate: '5' });
    expect(m.status).toBe(201);
    const a = await request(t.app)
      .post('/api/v1/tax-rates')
      .set(bearer(admin))
      .send({ country: 'CA', name: 'T', rate: '5' });
    expect(a.status).toBe(201);
    expect((await request(t.app).get('/api/v1/tax-rates').set(bearer(merchant.accessToken))).status).toBe(200);
    expect((await request(t.app).get('/api/v1/tax-rates').set(bearer(admin))).status).toBe(200);

    const c = bearer(customer.accessToken);
    expect((await request(t.app).get('/api/v1/tax-rates').set(c)).status).toBe(403);
    expect(
      (await request(t.app).post('/api/v1/tax-rates').set(c).send({ country: 'MX', name: 'T', rate: '1' })).status,
    ).toBe(403);
    expect((await request(t.app).patch(`/api/v1/tax-rates/${m.body.data.id}`).set(c).send({ rate: '1' })).status).toBe(
      403,
    );
    expect((await request(t.app).delete(`/api/v1/tax-rates/${m.body.data.id}`).set(c)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/tax-rates').set('X-Tenant', tn.subdomain)).status).toBe(401);
    expect(await rateCount(tn)).toBe(2);
  });
});

describe('tenant isolation', () => {
  it("tenant B sees none of A's rates and gets 404 by id", async () => {
    const r = await create(A, { country: 'IT', name: 'IVA', rate: '22' });
    expect((await list(B)).map((x) => x.id)).not.toContain(r.id);
    expect((await patch(B, r.id, { rate: '1' })).status).toBe(404);
    expect((await request(t.app).delete(`/api/v1/tax-rates/${r.id}`).set(key(B))).status).toBe(404);
    expect((await list(A)).find((x) => x.id === r.id)).toEqual(r);
  });
});
