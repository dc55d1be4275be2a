// Staff users (ADMIN only), RBAC per route, and secret API keys (MERCHANT; rotation).
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, login, registerCustomer, TEST_PASSWORD } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { sha256Hex } from '../../src/platform/crypto';

let t: TestApp;
let tenant: SignedUpTenant;
let admin: string;

beforeAll(async () => {
  t = await makeTestApp();
  tenant = await signUpTenant(t.app);
  admin = await adminToken(t.app, tenant);
});
afterAll(async () => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const staffBody = (role: string, extra: Record<string, unknown> = {}) => ({
  email: `Staff-${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@Example.com`,
  password: TEST_PASSWORD,
  role,
  ...extra,
});

describe('POST /users (ADMIN)', () => {
  it('creates a MERCHANT who can log in with that role; an audit row without secrets in the same tenant', async () => {
    const body = staffBody('MERCHANT', { name: 'Mia Merchant' });
    const res = await request(t.app).post('/api/v1/users').set(bearer(admin)).send(body);
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(String),
      email: body.email.toLowerCase(),
      name: 'Mia Merchant',
      role: 'MERCHANT',
      mfaEnabled: false,
      disabled: false,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
    const { accessToken } = await login(t.app, tenant, body.email, TEST_PASSWORD);
    const me = await request(t.app).get('/api/v1/auth/me').set(bearer(accessToken));
    expect(me.body.data).toMatchObject({ id: res.body.data.id, role: 'MERCHANT', tenantId: tenant.tenantId });

    const audit = await ownerQuery<{ user_id: string; actor_type: string; changes: unknown; correlation_id: string }>(
      `SELECT user_id, actor_type, changes, correlation_id FROM audit_logs
       WHERE tenant_id = $1 AND resource = 'user' AND resource_id = $2 AND action = 'CREATE'`,
      [tenant.tenantId, res.body.data.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: tenant.adminId, actor_type: 'user' });
    expect(audit[0]!.correlation_id).toBe(res.headers['x-correlation-id']);
    expect(JSON.stringify(audit[0]!.changes)).not.toMatch(/argon2|correct-horse|password/i);
  });

  it('creates an ADMIN', async () => {
    const res = await request(t.app).post('/api/v1/users').set(bearer(admin)).send(staffBody('ADMIN'));
    expect(res.status).toBe(201);
    expect(res.body.data.role).toBe('ADMIN');
  });

  it('refuses CUSTOMER as a staff role, unknown fields and weak passwords (400); a taken e-mail (409 EMAIL_TAKEN)', async () => {
    for (const body of [
      staffBody('CUSTOMER'),
      staffBody('MERCHANT', { tenantId: tenant.tenantId }),
      staffBody('MERCHANT', { password: 'short' }),
    ]) {
      const res = await request(t.app).post('/api/v1/users').set(bearer(admin)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    const dup = await request(t.app)
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: tenant.adminEmail.toUpperCase(), password: TEST_PASSWORD, role: 'MERCHANT' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('EMAIL_TAKEN');
  });
});

describe('GET /users (ADMIN)', () => {
  it('lists the tenant’s users with page meta, filterable by role, never exposing hashes or secrets', async () => {
    const own = await signUpTenant(t.app);
    const tok = await adminToken(t.app, own);
    await createStaff(t.app, own, 'MERCHANT');
    await registerCustomer(t.app, own);
    const all = await request(t.app).get('/api/v1/users').set(bearer(tok));
    expect(all.status).toBe(200);
    expect(all.body.meta).toEqual({ page: 1, limit: 20, total: 3 });
    expect(all.body.data.map((u: { role: string }) => u.role).sort()).toEqual(['ADMIN', 'CUSTOMER', 'MERCHANT']);
    expect(JSON.stringify(all.body)).not.toMatch(/passwordHash|password_hash|argon2|mfaSecret/);
    const merchants = await request(t.app).get('/api/v1/users?role=MERCHANT&limit=1&page=1').set(bearer(tok));
    expect(merchants.body.meta).toEqual({ page: 1, limit: 1, total: 1 });
    expect(merchants.body.data[0].role).toBe('MERCHANT');
    expect((await request(t.app).get('/api/v1/users?limit=101').set(bearer(tok))).status).toBe(400);
    expect((await request(t.app).get('/api/v1/users?foo=1').set(bearer(tok))).status).toBe(400);
  });

  it('GET /users/:id: 404 for an unknown id, 400 for a non-UUID', async () => {
    expect(
      (await request(t.app).get('/api/v1/users/00000000-0000-4000-8000-000000000000').set(bearer(admin))).status,
    ).toBe(404);
    expect((await request(t.app).get('/api/v1/users/nope').set(bearer(admin))).status).toBe(400);
  });
});

describe('RBAC: one guard per route', () => {
  it('MERCHANT and CUSTOMER → 403 FORBIDDEN on staff and key management; anonymous → 401', async () => {
    const merchant = await createStaff(t.app, tenant, 'MERCHANT');
    const customer = await registerCustomer(t.app, tenant);
    for (const token of [merchant.accessToken, customer.accessToken]) {
      for (const [method, path] of [
        ['post', '/api/v1/users'],
        ['get', '/api/v1/users'],
        ['get', `/api/v1/users/${tenant.adminId}`],
        ['post', '/api/v1/tenants/current/api-keys/rotate'],
      ] as const) {
        const res = await request(t.app)[method](path).set(bearer(token)).send(staffBody('MERCHANT'));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    }
    expect((await request(t.app).get('/api/v1/users')).status).toBe(401);
    expect((await request(t.app).post('/api/v1/tenants/current/api-keys/rotate').send({})).status).toBe(401);
  });

  it('a customer reaches only their own identity through /auth/me', async () => {
    const c = await registerCustomer(t.app, tenant);
    const me = await request(t.app).get('/api/v1/auth/me').set(bearer(c.accessToken));
    expect(me.body.data).toMatchObject({ id: c.id, role: 'CUSTOMER', email: c.email });
  });
});

describe('secret API keys', () => {
  it('X-API-Key authenticates as MERCHANT of its tenant; a wrong key → 401', async () => {
    const me = await request(t.app).get('/api/v1/auth/me').set('X-API-Key', tenant.apiKey);
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ type: 'api_key', role: 'MERCHANT', tenantId: tenant.tenantId });
    const bad = await request(t.app).get('/api/v1/auth/me').set('X-API-Key', `${tenant.apiKey}x`);
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('UNAUTHORIZED');
    expect((await request(t.app).get('/api/v1/auth/me').set('X-API-Key', 'not-a-key')).status).toBe(401);
  });

  it('an API key cannot do ADMIN things (403 FORBIDDEN)', async () => {
    const own = await signUpTenant(t.app);
    const key = { 'X-API-Key': own.apiKey };
    const rotate = await request(t.app).post('/api/v1/tenants/current/api-keys/rotate').set(key).send({});
    expect(rotate.status).toBe(403);
    expect(rotate.body.error.code).toBe('FORBIDDEN');
    const create = await request(t.app).post('/api/v1/users').set(key).send(staffBody('ADMIN'));
    expect(create.status).toBe(403);
    expect((await request(t.app).get('/api/v1/users').set(key)).status).toBe(403);
    // The key still works (it was not rotated by its own failed attempt).
    expect((await request(t.app).get('/api/v1/auth/me').set(key)).status).toBe(200);
  });

  it('rotation (ADMIN with MFA): the new key works at once, the old one → 401; stored hashed; audited without the key', async () => {
    const own = await signUpTenant(t.app);
    const tok = await adminToken(t.app, own);
    const res = await request(t.app).post('/api/v1/tenants/current/api-keys/rotate').set(bearer(tok)).send({});
    expect(res.status).toBe(201);
    const newKey: string = res.body.data.apiKey;
    expect(res.body.data).toEqual({
      id: expect.any(String),
      prefix: newKey.slice(0, 7),
      apiKey: expect.stringMatching(/^sk_[A-Za-z0-9_-]{40,}$/),
      createdAt: expect.any(String),
    });
    expect(newKey).not.toBe(own.apiKey);

    const viaNew = await request(t.app).get('/api/v1/auth/me').set('X-API-Key', newKey);
    expect(viaNew.status).toBe(200);
    expect(viaNew.body.data.id).toBe(res.body.data.id);
    const viaOld = await request(t.app).get('/api/v1/auth/me').set('X-API-Key', own.apiKey);
    expect(viaOld.status).toBe(401);
    expect(viaOld.body.error.code).toBe('UNAUTHORIZED');

    const keys = await ownerQuery<{ key_hash: string; revoked_at: Date | null }>(
      'SELECT key_hash, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY created_at',
      [own.tenantId],
    );
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatchObject({ key_hash: sha256Hex(own.apiKey), revoked_at: expect.any(Date) });
    expect(keys[1]).toMatchObject({ key_hash: sha256Hex(newKey), revoked_at: null });

    const audit = await ownerQuery<{ action: string; changes: unknown; user_id: string }>(
      `SELECT action, changes, user_id FROM audit_logs WHERE tenant_id = $1 AND resource = 'api_key'
       AND correlation_id = $2 ORDER BY action`,
      [own.tenantId, res.headers['x-correlation-id']],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'DELETE']);
    expect(audit.every((a) => a.user_id === own.adminId)).toBe(true);
    const dump = JSON.stringify(audit);
    expect(dump).not.toContain(newKey);
    expect(dump).not.toContain(own.apiKey);
    expect(dump).not.toContain(sha256Hex(newKey));

    // Rotating again revokes the second key too.
    const again = await request(t.app).post('/api/v1/tenants/current/api-keys/rotate').set(bearer(tok)).send({});
    expect(again.status).toBe(201);
    expect((await request(t.app).get('/api/v1/auth/me').set('X-API-Key', newKey)).status).toBe(401);
    expect((await request(t.app).get('/api/v1/auth/me').set('X-API-Key', again.body.data.apiKey)).status).toBe(200);
  });

  it("rotating in tenant A does not touch tenant B's key", async () => {
    const [a, b] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
    const tok = await adminToken(t.app, a);
    expect(
      (await request(t.app).post('/api/v1/tenants/current/api-keys/rotate').set(bearer(tok)).send({})).status,
    ).toBe(201);
    expect((await request(t.app).get('/api/v1/auth/me').set('X-API-Key', b.apiKey)).status).toBe(200);
  });
});
