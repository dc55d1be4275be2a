import request from 'supertest';
import { makeTestApp, signUpTenant, uniqueSubdomain, type TestApp } from '../helpers/app';
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
