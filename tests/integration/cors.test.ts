// CORS for browser storefronts (contract "CORS"): preflights and actual requests with a real
// Origin header, from origins a tenant allows and from origins it does not.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { makeTestApp, signUpTenant, testDbUrl, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, registerCustomer } from '../helpers/auth';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
let adminA: string;
const tag = randomUUID().slice(0, 8);
const originA = `https://shop-a-${tag}.example.com`;
const originA2 = `http://localhost:${5000 + Math.floor(Math.random() * 1000)}`;
const originB = `https://shop-b-${tag}.example.com`;
const stranger = `https://evil-${tag}.example.net`;

const setOrigins = async (token: string, allowedOrigins: string[]): Promise<void> => {
  const res = await request(t.app)
    .patch('/api/v1/tenants/current')
    .set('Authorization', `Bearer ${token}`)
    .send({ allowedOrigins });
  expect(res.status).toBe(200);
};

beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
  adminA = await adminToken(t.app, A);
  await setOrigins(adminA, [originA, originA2]);
  await setOrigins(await adminToken(t.app, B), [originB]);
});
afterAll(async () => t.close());

const corsHeaders = (res: request.Response): Record<string, string> =>
  Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.startsWith('access-control-'))) as Record<
    string,
    string
  >;
const list = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim().toLowerCase());

/** What a browser sends before `POST /orders` with a JSON body, a bearer token and X-Tenant. */
const preflight = (origin: string, path = '/api/v1/orders') =>
  request(t.app)
    .options(path)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key,x-tenant');

function expectAllowed(res: request.Response, origin: string): void {
  expect(res.headers['access-control-allow-origin']).toBe(origin);
  expect(list(res.headers.vary)).toContain('origin');
  expect(res.headers['access-control-allow-credentials']).toBeUndefined();
}

function expectExposed(res: request.Response): void {
  expect(list(res.headers['access-control-expose-headers'])).toEqual(
    expect.arrayContaining([
      'x-correlation-id',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
      'retry-after',
    ]),
  );
}

describe('preflight', () => {
  it('from an allowed origin: 204 with the methods and headers, answered before rate limit and auth', async () => {
    for (const origin of [originA, originA2, originB]) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectAllowed(res, origin);
      expect(list(res.headers['access-control-allow-methods'])).toEqual(
        expect.arrayContaining(['get', 'post', 'patch', 'delete']),
      );
      expect(list(res.headers['access-control-allow-headers'])).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-tenant', 'x-api-key']),
      );
      expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
      expect(res.headers['ratelimit-limit']).toBeUndefined(); // never counted
      expect(res.headers['x-correlation-id']).toBeDefined();
    }
  });

  it('from a refused origin: no CORS headers', async () => {
    for (const origin of [stranger, `${originA}:8443`, originA.toUpperCase(), 'null', 'https://x.example.com/']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(corsHeaders(res)).toEqual({});
    }
  });

  it('is decided by the tenant the Host or X-Tenant names, by any tenant when neither names one', async () => {
    const viaHost = (host: string, origin: string) => preflight(origin).set('Host', host);
    expectAllowed(await viaHost(`${A.subdomain}.localhost`, originA), originA);
    expect(corsHeaders(await viaHost(`${A.subdomain}.localhost`, originB))).toEqual({});
    expectAllowed(await viaHost(`${B.subdomain}.localhost:3000`, originB), originB);
    expectAllowed(await preflight(originB).set('X-Tenant', B.subdomain), originB);
    expect(corsHeaders(await preflight(originB).set('X-Tenant', A.subdomain))).toEqual({});
    // A Host whose subdomain is no tenant (the API's own name) names none.
    expectAllowed(await viaHost('api.localhost', originA), originA);
  });
});

describe('actual requests', () => {
  it('from an allowed origin: Allow-Origin, Expose-Headers and Vary, tenant by X-Tenant, Host or token', async () => {
    const byHeader = await request(t.app).get('/api/v1/products').set('X-Tenant', A.subdomain).set('Origin', originA);
    expect(byHeader.status).toBe(200);
    expectAllowed(byHeader, originA);
    expectExposed(byHeader);
    const byHost = await request(t.app)
      .get('/api/v1/products')
      .set('Host', `${B.subdomain}.localhost`)
      .set('Origin', originB);
    expect(byHost.status).toBe(200);
    expectAllowed(byHost, originB);
    const customer = await registerCustomer(t.app, A);
    const byToken = await request(t.app)
      .get('/api/v1/orders')
      .set('Authorization', `Bearer ${customer.accessToken}`)
      .set('Origin', originA2);
    expect(byToken.status).toBe(200);
    expectAllowed(byToken, originA2);
    const created = await request(t.app)
      .post('/api/v1/auth/register')
      .set('X-Tenant', A.subdomain)
      .set('Origin', originA)
      .send({ email: `cors-${tag}@example.com`, password: 'correct-horse-battery-staple' });
    expect(created.status).toBe(201);
    expectAllowed(created, originA);
  });

  it('from a refused origin, or an origin only another tenant allows: no CORS headers', async () => {
    const customer = await registerCustomer(t.app, A);
    for (const [origin, headers] of [
      [stranger, { 'X-Tenant': A.subdomain }],
      [originB, { 'X-Tenant': A.subdomain }],
      [originA, { 'X-Tenant': B.subdomain }],
      [originB, { Authorization: `Bearer ${customer.accessToken}` }],
      [originB, { Host: `${A.subdomain}.localhost` }],
    ] as Array<[string, Record<string, string>]>) {
      const res = await request(t.app).get('/api/v1/products').set(headers).set('Origin', origin);
      expect(res.status).toBe(200);
      expect(corsHeaders(res)).toEqual({});
      expect(list(res.headers.vary)).toContain('origin');
    }
  });

  it('without an Origin header: no CORS headers and no Vary', async () => {
    const res = await request(t.app).get('/api/v1/products').set('X-Tenant', A.subdomain);
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual({});
    expect(res.headers.vary).toBeUndefined();
  });

  it('error envelopes carry the headers for an allowed origin, and only for it', async () => {
    const customer = await registerCustomer(t.app, A);
    const cases: Array<[number, () => request.Test]> = [
      // 401: a bad token; the tenant is only known from X-Tenant
      [
        401,
        () => request(t.app).get('/api/v1/inventory').set('X-Tenant', A.subdomain).set('Authorization', 'Bearer x'),
      ],
      // 401: no credentials on a staff route
      [401, () => request(t.app).get('/api/v1/inventory').set('X-Tenant', A.subdomain)],
      // 403: a customer's token (the tenant comes from the token)
      [403, () => request(t.app).get('/api/v1/inventory').set('Authorization', `Bearer ${customer.accessToken}`)],
      // 404: no such route
      [404, () => request(t.app).get('/api/v1/no-such-thing').set('X-Tenant', A.subdomain)],
      // 400: malformed JSON, refused before authentication
      [
        400,
        () =>
          request(t.app)
            .post('/api/v1/auth/login')
            .set('X-Tenant', A.subdomain)
            .set('Content-Type', 'application/json')
            .send('{"email":'),
      ],
    ];
    for (const [status, send] of cases) {
      const allowed = await send().set('Origin', originA);
      expect([status, allowed.status, allowed.body.success]).toEqual([status, status, false]);
      expectAllowed(allowed, originA);
      expectExposed(allowed);
      const refused = await send().set('Origin', stranger);
      expect(refused.status).toBe(status);
      expect(corsHeaders(refused)).toEqual({});
    }
  });

  it('429 from the per-IP limit carries them too, while preflights are still answered', async () => {
    const limited = await makeTestApp({ RATE_LIMIT_PER_MINUTE: '2', REDIS_PREFIX: `cors-${randomUUID()}` });
    try {
      const get = (origin: string) =>
        request(limited.app).get('/api/v1/products').set('X-Tenant', A.subdomain).set('Origin', origin);
      expect((await get(originA)).status).toBe(200);
      expect((await get(originA)).status).toBe(200);
      const over = await get(originA);
      expect(over.status).toBe(429);
      expect(over.headers['retry-after']).toBeDefined();
      expectAllowed(over, originA);
      expectExposed(over);
      const refused = await get(stranger);
      expect(refused.status).toBe(429);
      expect(corsHeaders(refused)).toEqual({});
      const pre = await request(limited.app)
        .options('/api/v1/products')
        .set('Origin', originA)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'x-tenant');
      expect(pre.status).toBe(204);
      expectAllowed(pre, originA);
    } finally {
      await limited.close();
    }
  });

  it('a request that names no tenant is decided like a preflight (any tenant)', async () => {
    const signUp = (origin: string) => request(t.app).post('/api/v1/tenants').set('Origin', origin).send({ name: 'x' }); // invalid: 400
    const ok = await signUp(originB);
    expect(ok.status).toBe(400);
    expectAllowed(ok, originB);
    expect(corsHeaders(await signUp(stranger))).toEqual({});
    const notFound = await request(t.app).get('/api/v1/no-such-thing').set('Origin', originA);
    expect(notFound.status).toBe(404);
    expectAllowed(notFound, originA);
  });
});

describe('changing allowedOrigins', () => {
  it('applies at once in the process that served the PATCH', async () => {
    const added = `https://new-${tag}.example.org`;
    // Every answer about `added` is cached as a refusal first.
    expect(corsHeaders(await preflight(added))).toEqual({});
    expect(corsHeaders(await preflight(added).set('X-Tenant', A.subdomain))).toEqual({});
    const get = () => request(t.app).get('/api/v1/products').set('X-Tenant', A.subdomain).set('Origin', added);
    expect(corsHeaders(await get())).toEqual({});

    await setOrigins(adminA, [originA, originA2, added]);
    expectAllowed(await preflight(added), added);
    expectAllowed(await preflight(added).set('X-Tenant', A.subdomain), added);
    expectAllowed(await get(), added);

    await setOrigins(adminA, [originA, originA2]);
    expect(corsHeaders(await preflight(added))).toEqual({});
    expect(corsHeaders(await preflight(added).set('X-Tenant', A.subdomain))).toEqual({});
    expect(corsHeaders(await get())).toEqual({});
  });
});

describe('the any-tenant look-up (app_origin_allowed_by_any_tenant)', () => {
  it('reads tenants_allowed_origins_idx, not every tenant, for an origin no tenant lists', async () => {
    const c = new Client({ connectionString: testDbUrl() });
    await c.connect();
    try {
      await c.query('BEGIN'); // rolled back: the 20 000 tenants exist only for this plan
      await c.query(`INSERT INTO tenants (id, name, subdomain, allowed_origins, updated_at)
        SELECT gen_random_uuid(), 'n', 'plan-${tag}-' || g, ARRAY['https://s' || g || '.example.com'], now()
        FROM generate_series(1, 20000) g`);
      await c.query('ANALYZE tenants');
      await c.query('SET LOCAL ROLE commerce_definer');
      const body = (
        await c.query<{ src: string }>(
          `SELECT prosrc AS src FROM pg_proc WHERE proname = 'app_origin_allowed_by_any_tenant'`,
        )
      ).rows[0]!.src.replace(/p_origin/g, `'${stranger}'`);
      const plan = JSON.stringify((await c.query(`EXPLAIN (FORMAT JSON) ${body}`)).rows[0]);
      expect(plan).toContain('tenants_allowed_origins_idx');
      expect(plan).not.toContain('Seq Scan');
      const [hit, miss] = (
        await c.query('SELECT app_origin_allowed_by_any_tenant($1) AS a, app_origin_allowed_by_any_tenant($2) AS b', [
          'https://s77.example.com',
          stranger,
        ])
      ).rows.map((r) => [r.a, r.b])[0]!;
      expect([hit, miss]).toEqual([true, false]);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  });
});
