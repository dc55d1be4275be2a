import request from 'supertest';
import { makeTestApp, signUpTenant, uniqueSubdomain, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, registerCustomer } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { sha256Hex } from '../../src/platform/crypto';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.close());

const body = (subdomain: string, extra: Record<string, unknown> = {}) => ({
  name: 'Acme Store',
  subdomain,
  admin: { email: `Owner@${subdomain}.example.com`, password: 'correct-horse-battery' },
  ...extra,
});

describe('POST /api/v1/tenants', () => {
  it('creates tenant, admin and a once-shown API key stored only as a hash', async () => {
    const sub = uniqueSubdomain();
    const res = await request(t.app)
      .post('/api/v1/tenants')
      .send(body(sub, { currency: 'EUR' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      error: null,
      data: {
        tenant: { id: expect.any(String), name: 'Acme Store', subdomain: sub, currency: 'EUR' },
        admin: { id: expect.any(String), email: `owner@${sub}.example.com`, role: 'ADMIN' },
        apiKey: expect.stringMatching(/^sk_[A-Za-z0-9_-]{40,}$/),
      },
    });
    const keys = await ownerQuery<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE tenant_id = $1', [
      res.body.data.tenant.id,
    ]);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.key_hash).toBe(sha256Hex(res.body.data.apiKey));
    const dump = JSON.stringify(
      await ownerQuery('SELECT * FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE t.id = $1', [
        res.body.data.tenant.id,
      ]),
    );
    expect(dump).not.toContain(res.body.data.apiKey);
    const users = await ownerQuery<{ password_hash: string }>('SELECT password_hash FROM users WHERE tenant_id = $1', [
      res.body.data.tenant.id,
    ]);
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('defaults currency to USD', async () => {
    const res = await request(t.app).post('/api/v1/tenants').send(body(uniqueSubdomain()));
    expect(res.status).toBe(201);
    expect(res.body.data.tenant.currency).toBe('USD');
  });

  it('refuses a taken subdomain with 409 SUBDOMAIN_TAKEN', async () => {
    const sub = uniqueSubdomain();
    expect((await request(t.app).post('/api/v1/tenants').send(body(sub))).status).toBe(201);
    const res = await request(t.app).post('/api/v1/tenants').send(body(sub));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SUBDOMAIN_TAKEN');
    expect(res.body.success).toBe(false);
    expect(res.body.data).toBeNull();
  });

  it.each([
    ['uppercase', 'Acme'],
    ['too short', 'ab'],
    ['leading hyphen', '-acme'],
    ['trailing hyphen', 'acme-'],
    ['underscore', 'ac_me'],
    ['reserved www', 'www'],
    ['reserved api', 'api'],
    ['reserved admin', 'admin'],
    ['too long', 'a'.repeat(64)],
  ])('400 for a bad subdomain (%s)', async (_label, sub) => {
    const res = await request(t.app).post('/api/v1/tenants').send(body(sub));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('subdomain');
  });

  it('400 for unknown fields, listing each path, and creates nothing', async () => {
    const sub = uniqueSubdomain();
    const res = await request(t.app)
      .post('/api/v1/tenants')
      .send({ ...body(sub), plan: 'gold', admin: { email: 'a@b.co', password: 'correct-horse-battery', role: 'X' } });
    expect(res.status).toBe(400);
    const issues = res.body.error.details.issues as { path: string; code: string }[];
    expect(issues.some((i) => i.code === 'unrecognized_keys' && i.path === '')).toBe(true);
    expect(issues.some((i) => i.code === 'unrecognized_keys' && i.path === 'admin')).toBe(true);
    expect(await ownerQuery('SELECT 1 FROM tenants WHERE subdomain = $1', [sub])).toHaveLength(0);
  });

  it('400 for a short password, a bad e-mail and a bad currency', async () => {
    const sub = uniqueSubdomain();
    const res = await request(t.app)
      .post('/api/v1/tenants')
      .send({ name: 'x', subdomain: sub, currency: 'XYZ', admin: { email: 'not-an-email', password: 'short' } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['currency', 'admin.email', 'admin.password']));
  });

  it('creates the admin in the same transaction: a failure after the tenant insert leaves no tenant', async () => {
    const sub = uniqueSubdomain('fail');
    // A trigger that makes the admin insert fail, only for this sub-domain's admin e-mail.
    await ownerQuery(`CREATE OR REPLACE FUNCTION test_fail_user_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.email LIKE '%@${sub}.example.com' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`);
    await ownerQuery(`CREATE TRIGGER test_fail_user_insert_${sub.replace(/-/g, '_')} BEFORE INSERT ON users
      FOR EACH ROW EXECUTE FUNCTION test_fail_user_insert()`);
    try {
      const res = await request(t.app).post('/api/v1/tenants').send(body(sub));
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL_ERROR');
      expect(JSON.stringify(res.body)).not.toMatch(/boom|INSERT|users|stack/i);
      expect(await ownerQuery('SELECT 1 FROM tenants WHERE subdomain = $1', [sub])).toHaveLength(0);
      expect(await ownerQuery('SELECT 1 FROM users WHERE email LIKE $1', [`%@${sub}.example.com`])).toHaveLength(0);
    } finally {
      await ownerQuery(`DROP TRIGGER IF EXISTS test_fail_user_insert_${sub.replace(/-/g, '_')} ON users`);
    }
  });

  it('resolves a store through X-Tenant and Host right after sign-up, even after a miss', async () => {
    const sub = uniqueSubdomain();
    const before = await request(t.app).get('/api/v1/products').set('X-Tenant', sub);
    expect(before.status).toBe(404);
    expect(before.body.error.code).toBe('NOT_FOUND');
    expect((await request(t.app).post('/api/v1/tenants').send(body(sub))).status).toBe(201);
    expect((await request(t.app).get('/api/v1/products').set('X-Tenant', sub)).status).toBe(200);
    expect((await request(t.app).get('/api/v1/products').set('Host', `${sub}.localhost`)).status).toBe(200);
    expect((await request(t.app).get('/api/v1/products').set('Host', `${sub}.other-domain.com`)).status).toBe(400);
  });

  it('the API key authenticates as MERCHANT of its tenant', async () => {
    const s = await signUpTenant(t.app);
    const res = await request(t.app).get('/api/v1/inventory').set('X-API-Key', s.apiKey);
    expect(res.status).toBe(200);
    expect((await request(t.app).get('/api/v1/inventory').set('X-API-Key', `${s.apiKey}x`)).status).toBe(401);
  });
});

describe('GET/PATCH /api/v1/tenants/current', () => {
  let T: SignedUpTenant;
  let admin: string;
  beforeAll(async () => {
    T = await signUpTenant(t.app, { currency: 'EUR' });
    admin = await adminToken(t.app, T);
  });
  const get = (auth: Record<string, string>) => request(t.app).get('/api/v1/tenants/current').set(auth);
  const patch = (body: unknown, token = admin) =>
    request(t.app)
      .patch('/api/v1/tenants/current')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  it('shows the settings with their defaults to ADMIN and MERCHANT (API key), not to customers or the public', async () => {
    const expected = {
      id: T.tenantId,
      name: `Store ${T.subdomain}`,
      subdomain: T.subdomain,
      currency: 'EUR',
      requireAdminMfa: true,
      pricesIncludeTax: false,
      allowedOrigins: [],
    };
    const res = await get({ Authorization: `Bearer ${admin}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: expected, error: null });
    expect((await get({ 'X-API-Key': T.apiKey })).body.data).toEqual(expected);
    const customer = await registerCustomer(t.app, T);
    expect((await get({ Authorization: `Bearer ${customer.accessToken}` })).status).toBe(403);
    expect((await get({ 'X-Tenant': T.subdomain })).status).toBe(401);
  });

  it('PATCH changes settings (origins lower-cased and de-duplicated) and audits the changed fields', async () => {
    const res = await patch({
      name: 'Renamed Store',
      pricesIncludeTax: true,
      allowedOrigins: ['https://Shop.Example.com', 'http://localhost:5173', 'https://shop.example.com'],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: T.tenantId,
      name: 'Renamed Store',
      subdomain: T.subdomain,
      currency: 'EUR',
      requireAdminMfa: true,
      pricesIncludeTax: true,
      allowedOrigins: ['https://shop.example.com', 'http://localhost:5173'],
    });
    expect((await get({ Authorization: `Bearer ${admin}` })).body.data).toEqual(res.body.data);
    const audit = await ownerQuery<{ user_id: string; changes: unknown; correlation_id: string }>(
      `SELECT user_id, changes, correlation_id FROM audit_logs
       WHERE tenant_id = $1 AND resource = 'tenant' AND action = 'UPDATE'`,
      [T.tenantId],
    );
    expect(audit).toEqual([
      {
        user_id: expect.any(String),
        correlation_id: res.headers['x-correlation-id'],
        changes: {
          before: { name: `Store ${T.subdomain}`, pricesIncludeTax: false, allowedOrigins: [] },
          after: {
            name: 'Renamed Store',
            pricesIncludeTax: true,
            allowedOrigins: ['https://shop.example.com', 'http://localhost:5173'],
          },
        },
      },
    ]);
    // The same values again change nothing and write no audit row.
    expect((await patch({ pricesIncludeTax: true })).status).toBe(200);
    const again = await ownerQuery(
      `SELECT 1 FROM audit_logs WHERE tenant_id = $1 AND resource = 'tenant' AND action = 'UPDATE'`,
      [T.tenantId],
    );
    expect(again).toHaveLength(1);
    expect((await patch({ allowedOrigins: [] })).body.data.allowedOrigins).toEqual([]);
  });

  it.each([
    ['a path', 'https://shop.example.com/app'],
    ['a trailing slash', 'https://shop.example.com/'],
    ['a query', 'https://shop.example.com?x=1'],
    ['a fragment', 'https://shop.example.com#top'],
    ['user info', 'https://user:pw@shop.example.com'],
    ['another scheme', 'ftp://shop.example.com'],
    ['the null origin', 'null'],
    ['a wildcard', '*'],
    ['a default port', 'https://shop.example.com:443'],
    ['a bare host', 'shop.example.com'],
    ['an empty label', 'https://shop..example.com'],
    ['a port out of range', 'https://shop.example.com:70000'],
    ['a non-punycode name', 'https://bücher.example'],
    ['a non-string', 42],
  ])('PATCH refuses an origin with %s: 400 VALIDATION_ERROR, nothing changed', async (_label, origin) => {
    const settings = 'SELECT name, allowed_origins, prices_include_tax FROM tenants WHERE id = $1';
    const before = await ownerQuery(settings, [T.tenantId]);
    const res = await patch({ allowedOrigins: ['https://ok.example.com', origin], name: 'Never Applied' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['allowedOrigins.1']);
    expect(await ownerQuery(settings, [T.tenantId])).toEqual(before);
  });

  it('PATCH refuses more than 20 origins, unknown or read-only fields, an empty body, wrong types', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `https://s${i}.example.com`);
    for (const body of [
      { allowedOrigins: many },
      { subdomain: 'other' },
      { currency: 'USD' },
      { id: T.tenantId },
      {},
      { requireAdminMfa: 'false' },
      { allowedOrigins: 'https://shop.example.com' },
      { name: '' },
    ]) {
      const res = await patch(body);
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        400,
        'VALIDATION_ERROR',
      ]);
    }
    expect((await patch({ allowedOrigins: many.slice(0, 20) })).status).toBe(200);
    expect((await patch({ allowedOrigins: [] })).status).toBe(200);
  });

  it('PATCH is for ADMINs only, with MFA while the tenant requires it', async () => {
    const merchant = await createStaff(t.app, T, 'MERCHANT');
    expect((await patch({ pricesIncludeTax: false }, merchant.accessToken)).status).toBe(403);
    const apiKey = await request(t.app)
      .patch('/api/v1/tenants/current')
      .set('X-API-Key', T.apiKey)
      .send({ pricesIncludeTax: false });
    expect(apiKey.status).toBe(403);
    const pwdOnly = await adminToken(t.app, T, { mfa: false });
    const refused = await patch({ pricesIncludeTax: false }, pwdOnly);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('MFA_REQUIRED');
    expect((await request(t.app).patch('/api/v1/tenants/current').send({ pricesIncludeTax: false })).status).toBe(401);
  });

  it('turning requireAdminMfa off applies at once in this process (its cached tenant is dropped)', async () => {
    const other = await signUpTenant(t.app);
    const otp = await adminToken(t.app, other);
    const pwdOnly = await adminToken(t.app, other, { mfa: false });
    // The pwd-only token's tenant is now cached with requireAdminMfa on.
    expect((await patch({ pricesIncludeTax: true }, pwdOnly)).status).toBe(403);
    expect((await patch({ requireAdminMfa: false }, otp)).body.data.requireAdminMfa).toBe(false);
    const now = await patch({ pricesIncludeTax: true }, pwdOnly);
    expect(now.status).toBe(200);
    expect(now.body.data).toMatchObject({ id: other.tenantId, requireAdminMfa: false, pricesIncludeTax: true });
  });

  it('each tenant sees and changes only its own settings', async () => {
    const other = await signUpTenant(t.app);
    await patch({ allowedOrigins: ['https://mine.example.com'] });
    const theirs = await get({ 'X-API-Key': other.apiKey });
    expect(theirs.body.data).toMatchObject({ id: other.tenantId, allowedOrigins: [] });
    const row = await ownerQuery('SELECT allowed_origins FROM tenants WHERE id = $1', [other.tenantId]);
    expect(row[0]!.allowed_origins).toEqual([]);
  });
});
