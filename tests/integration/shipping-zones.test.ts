// Shipping zones: CRUD with rates, ZONE_CONFLICT (also two concurrent creates claiming one
// country), rate ids kept on PATCH, 400s that change nothing, roles, tenant isolation.
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

interface Rate {
  id: string;
  name: string;
  amount: string;
  minSubtotal?: string;
  maxSubtotal?: string;
  freeAbove?: string;
}
interface Zone {
  id: string;
  name: string;
  countries: string[];
  rates: Rate[];
}

const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const post = (tn: SignedUpTenant, body: Record<string, unknown>) =>
  request(t.app).post('/api/v1/shipping-zones').set(key(tn)).send(body);
const patch = (tn: SignedUpTenant, id: string, body: Record<string, unknown>) =>
  request(t.app).patch(`/api/v1/shipping-zones/${id}`).set(key(tn)).send(body);

async function create(tn: SignedUpTenant, body: Record<string, unknown>): Promise<Zone> {
  const res = await post(tn, { name: 'Zone', ...body });
  if (res.status !== 201) throw new Error(`create zone: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as Zone;
}

const rowCounts = async (tn: SignedUpTenant) =>
  (
    await ownerQuery<{ z: number; c: number; r: number }>(
      `SELECT (SELECT count(*)::int FROM shipping_zones WHERE tenant_id = $1) AS z,
              (SELECT count(*)::int FROM shipping_zone_countries WHERE tenant_id = $1) AS c,
              (SELECT count(*)::int FROM shipping_rates WHERE tenant_id = $1) AS r`,
      [tn.tenantId],
    )
  )[0]!;

describe('shipping zones CRUD', () => {
  it('creates, reads, lists, patches and deletes a zone with its rates, each write audited', async () => {
    const tn = await signUpTenant(t.app);
    const res = await post(tn, {
      name: 'North America',
      countries: ['US', 'CA'],
      rates: [
        { name: 'Standard', amount: '5', minSubtotal: '0', maxSubtotal: '100.00', freeAbove: 50 },
        { name: 'Express', amount: 15.5 },
      ],
    });
    expect(res.status).toBe(201);
    const z = res.body.data as Zone;
    expect(z).toMatchObject({ name: 'North America', countries: ['CA', 'US'] });
    expect(z.rates).toEqual([
      {
        id: expect.any(String),
        name: 'Standard',
        amount: '5.00',
        minSubtotal: '0.00',
        maxSubtotal: '100.00',
        freeAbove: '50.00',
      },
      { id: expect.any(String), name: 'Express', amount: '15.50' },
    ]);

    const got = await request(t.app).get(`/api/v1/shipping-zones/${z.id}`).set(key(tn));
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(z);
    const list = await request(t.app).get('/api/v1/shipping-zones').set(key(tn));
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([z]);
    expect(list.body.meta).toMatchObject({ total: 1 });

    // PATCH: the Standard rate sent with its id keeps it; Express goes; Overnight is new.
    const standard = z.rates[0]!;
    const p = await patch(tn, z.id, {
      name: 'NA',
      countries: ['US', 'MX'],
      rates: [
        { name: 'Overnight', amount: '30' },
        { id: standard.id, name: 'Standard', amount: '6' },
      ],
    });
    expect(p.status).toBe(200);
    expect(p.body.data).toEqual({
      id: z.id,
      name: 'NA',
      countries: ['MX', 'US'],
      rates: [
        { id: expect.any(String), name: 'Overnight', amount: '30.00' },
        { id: standard.id, name: 'Standard', amount: '6.00' },
      ],
    });
    // A PATCH without rates leaves them alone.
    const renamed = await patch(tn, z.id, { name: 'North America' });
    expect(renamed.body.data.rates).toEqual(p.body.data.rates);

    const del = await request(t.app).delete(`/api/v1/shipping-zones/${z.id}`).set(key(tn));
    expect(del.status).toBe(204);
    expect((await request(t.app).get(`/api/v1/shipping-zones/${z.id}`).set(key(tn))).status).toBe(404);
    expect(await rowCounts(tn)).toEqual({ z: 0, c: 0, r: 0 });

    const audit = await ownerQuery<{ action: string }>(
      `SELECT action::text AS action FROM audit_logs WHERE tenant_id = $1 AND resource = 'shipping_zone' AND resource_id = $2
       ORDER BY "timestamp", id`,
      [tn.tenantId, z.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'DELETE']);
  });

  it('a freed country can join another zone', async () => {
    const tn = await signUpTenant(t.app);
    const a = await create(tn, { countries: ['FR', 'DE'] });
    const b = await create(tn, { countries: ['IT'] });
    expect((await patch(tn, a.id, { countries: ['DE'] })).status).toBe(200);
    const res = await patch(tn, b.id, { countries: ['IT', 'FR'] });
    expect(res.status).toBe(200);
    expect(res.body.data.countries).toEqual(['FR', 'IT']);
  });
});

describe('ZONE_CONFLICT', () => {
  it('refuses a country another zone holds, on create and on PATCH, and changes nothing', async () => {
    const tn = await signUpTenant(t.app);
    const a = await create(tn, { countries: ['US'], rates: [{ name: 'S', amount: '5' }] });
    const b = await create(tn, { countries: ['CA'] });
    const before = await rowCounts(tn);

    const dup = await post(tn, { name: 'Again', countries: ['GB', 'US'] });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'ZONE_CONFLICT', details: { countries: ['US'] } });
    const p = await patch(tn, b.id, { countries: ['CA', 'US'], name: 'Changed' });
    expect(p.status).toBe(409);
    expect(p.body.error.code).toBe('ZONE_CONFLICT');

    expect(await rowCounts(tn)).toEqual(before);
    const still = await request(t.app).get(`/api/v1/shipping-zones/${b.id}`).set(key(tn));
    expect(still.body.data).toMatchObject({ name: 'Zone', countries: ['CA'] });
    // Re-sending a zone's own countries is no conflict.
    expect((await patch(tn, a.id, { countries: ['US'] })).status).toBe(200);
  });

  it('two concurrent creates claiming one country: exactly one wins, the other gets 409', async () => {
    const tn = await signUpTenant(t.app);
    for (let round = 0; round < 3; round++) {
      const country = ['JP', 'KR', 'SG'][round]!;
      const results = await Promise.all([
        post(tn, { name: `X${round}`, countries: [country, ['NZ', 'FJ', 'TH'][round]!] }),
        post(tn, { name: `Y${round}`, countries: [country] }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe('ZONE_CONFLICT');
      const held = await ownerQuery<{ n: number }>(
        'SELECT count(*)::int AS n FROM shipping_zone_countries WHERE tenant_id = $1 AND country = $2',
        [tn.tenantId, country],
      );
      expect(held[0]!.n).toBe(1);
    }
    // Only the winners' zones exist (the losers left no zone or rate behind).
    expect((await rowCounts(tn)).z).toBe(3);
  });

  it('the same country in two tenants is no conflict', async () => {
    await create(A, { countries: ['BR'] });
    await create(B, { countries: ['BR'] });
  });
});

describe('validation: 400 and nothing changes', () => {
  it.each([
    ['no name', { countries: ['US'] }],
    ['no countries', { name: 'Z', countries: [] }],
    ['lower-case country', { name: 'Z', countries: ['us'] }],
    ['unknown country', { name: 'Z', countries: ['XX'] }],
    ['duplicate countries', { name: 'Z', countries: ['US', 'US'] }],
    ['negative amount', { name: 'Z', countries: ['US'], rates: [{ name: 'S', amount: '-1' }] }],
    ['three decimals', { name: 'Z', countries: ['US'], rates: [{ name: 'S', amount: '1.005' }] }],
    [
      'min = max',
      { name: 'Z', countries: ['US'], rates: [{ name: 'S', amount: '1', minSubtotal: '10', maxSubtotal: '10' }] },
    ],
    [
      'min > max',
      { name: 'Z', countries: ['US'], rates: [{ name: 'S', amount: '1', minSubtotal: '20', maxSubtotal: '10' }] },
    ],
    ['unknown field', { name: 'Z', countries: ['US'], color: 'red' }],
    [
      'rate id on create',
      { name: 'Z', countries: ['US'], rates: [{ id: '00000000-0000-4000-8000-000000000000', name: 'S', amount: '1' }] },
    ],
  ])('POST with %s → 400', async (_label, body) => {
    const tn = await signUpTenant(t.app);
    const res = await post(tn, body);
    expect(res.status).toBe(400);
    expect(await rowCounts(tn)).toEqual({ z: 0, c: 0, r: 0 });
  });

  it('PATCH with a bad rate, or a rate id of another zone → 400, the zone unchanged', async () => {
    const tn = await signUpTenant(t.app);
    const a = await create(tn, { countries: ['US'], rates: [{ name: 'S', amount: '5' }] });
    const b = await create(tn, { countries: ['CA'], rates: [{ name: 'T', amount: '7' }] });
    const bad = await patch(tn, a.id, { name: 'New', rates: [{ name: 'S', amount: 'abc' }] });
    expect(bad.status).toBe(400);
    const foreign = await patch(tn, a.id, { name: 'New', rates: [{ id: b.rates[0]!.id, name: 'S', amount: '5' }] });
    expect(foreign.status).toBe(400);
    const now = await request(t.app).get(`/api/v1/shipping-zones/${a.id}`).set(key(tn));
    expect(now.body.data).toEqual(a);
    expect((await request(t.app).get(`/api/v1/shipping-zones/${b.id}`).set(key(tn))).body.data).toEqual(b);
  });
});

describe('roles', () => {
  it('MERCHANT, ADMIN and API keys read and write; a customer gets 403; anonymous 401', async () => {
    const tn = await signUpTenant(t.app);
    const merchant = await createStaff(t.app, tn, 'MERCHANT');
    const admin = await adminToken(t.app, tn);
    const customer = await registerCustomer(t.app, tn);

    const m = await request(t.app)
      .post('/api/v1/shipping-zones')
      .set(bearer(merchant.accessToken))
      .send({ name: 'M', countries: ['US'] });
    expect(m.status).toBe(201);
    const ad = await request(t.app)
      .post('/api/v1/shipping-zones')
      .set(bearer(admin))
      .send({ name: 'A', countries: ['CA'] });
    expect(ad.status).toBe(201);
    expect((await request(t.app).get('/api/v1/shipping-zones').set(bearer(merchant.accessToken))).status).toBe(200);
    expect(
      (await request(t.app).delete(`/api/v1/shipping-zones/${ad.body.data.id}`).set(bearer(merchant.accessToken)))
        .status,
    ).toBe(204);

    const c = bearer(customer.accessToken);
    expect((await request(t.app).get('/api/v1/shipping-zones').set(c)).status).toBe(403);
    expect((await request(t.app).get(`/api/v1/shipping-zones/${m.body.data.id}`).set(c)).status).toBe(403);
    expect(
      (
        await request(t.app)
          .post('/api/v1/shipping-zones')
          .set(c)
          .send({ name: 'C', countries: ['MX'] })
      ).status,
    ).toBe(403);
    expect((await request(t.app).delete(`/api/v1/shipping-zones/${m.body.data.id}`).set(c)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/shipping-zones').set('X-Tenant', tn.subdomain)).status).toBe(401);
    expect((await rowCounts(tn)).z).toBe(1);
  });
});

describe('tenant isolation', () => {
  it("tenant B sees none of A's zones and gets 404 by id", async () => {
    const z = await create(A, { countries: ['DE'], rates: [{ name: 'S', amount: '4' }] });
    const list = await request(t.app).get('/api/v1/shipping-zones?limit=100').set(key(B));
    expect(list.status).toBe(200);
    expect((list.body.data as Zone[]).map((x) => x.id)).not.toContain(z.id);
    expect((await request(t.app).get(`/api/v1/shipping-zones/${z.id}`).set(key(B))).status).toBe(404);
    expect((await patch(B, z.id, { name: 'Stolen' })).status).toBe(404);
    expect((await request(t.app).delete(`/api/v1/shipping-zones/${z.id}`).set(key(B))).status).toBe(404);
    const still = await request(t.app).get(`/api/v1/shipping-zones/${z.id}`).set(key(A));
    expect(still.body.data).toEqual(z);
  });
});
