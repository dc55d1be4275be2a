// PATCH /users/:id (ADMIN): disabling locks a user out at once (refresh refused, access
// tokens denied, login refused), re-enabling lets them back in, staff role changes, and the
// store always keeps an active ADMIN. Real PostgreSQL and Redis.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, login, registerCustomer, totpCode } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { jwtService } from '../../src/platform/auth/jwt';

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
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const patch = (id: string, body: unknown, token = admin) =>
  request(t.app)
    .patch(`/api/v1/users/${id}`)
    .set(bearer(token))
    .send(body as object);
const me = (token: string) => request(t.app).get('/api/v1/auth/me').set(bearer(token));
const refresh = (refreshToken: string) => request(t.app).post('/api/v1/auth/refresh').send({ refreshToken });
const loginRaw = (tn: SignedUpTenant, email: string, password: string) =>
  request(t.app).post('/api/v1/auth/login').set('X-Tenant', tn.subdomain).send({ email, password });

describe('PATCH /users/:id {disabled}', () => {
  it('locks a staff user out at once: access token 401, refresh refused, login refused (same answer as a wrong password)', async () => {
    const m = await createStaff(t.app, tenant, 'MERCHANT');
    const s = await login(t.app, tenant, m.email, m.password);
    expect((await me(s.accessToken)).status).toBe(200);

    const res = await patch(m.id, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: m.id, role: 'MERCHANT', disabled: true });

    for (const tok of [s.accessToken, m.accessToken]) {
      const r = await me(tok);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHORIZED');
    }
    expect((await refresh(s.refreshToken)).status).toBe(401);
    const refused = await loginRaw(tenant, m.email, m.password);
    const wrong = await loginRaw(tenant, m.email, 'not-the-password');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(wrong.body);

    // Even a token a login racing the disabling might still have minted (a new session id) is denied.
    const raced = await jwtService(t.ctx).signAccessToken({
      userId: m.id,
      tenantId: tenant.tenantId,
      role: 'MERCHANT',
      amr: ['pwd'],
      sid: randomUUID(),
      authTime: Math.floor(Date.now() / 1000),
    });
    expect((await me(raced.token)).status).toBe(401);

    const audit = await ownerQuery<{ changes: unknown; user_id: string }>(
      `SELECT changes, user_id FROM audit_logs WHERE tenant_id = $1 AND resource = 'user' AND resource_id = $2
         AND action = 'UPDATE'`,
      [tenant.tenantId, m.id],
    );
    expect(audit.map((a) => a.changes)).toContainEqual({
      before: { role: 'MERCHANT', disabled: false },
      after: { role: 'MERCHANT', disabled: true, sessionsEnded: 2 },
    });
    expect(audit.every((a) => a.user_id === claims(admin).sub)).toBe(true);
  });

  it('re-enabling lets the user log in again; the sessions ended by the disabling stay ended', async () => {
    const m = await createStaff(t.app, tenant, 'MERCHANT');
    const s = await login(t.app, tenant, m.email, m.password);
    expect((await patch(m.id, { disabled: true })).status).toBe(200);
    const on = await patch(m.id, { disabled: false });
    expect(on.status).toBe(200);
    expect(on.body.data.disabled).toBe(false);
    const again = await login(t.app, tenant, m.email, m.password);
    expect((await me(again.accessToken)).status).toBe(200);
    expect((await refresh(again.refreshToken)).status).toBe(200);
    expect((await me(s.accessToken)).status).toBe(401);
    expect((await refresh(s.refreshToken)).status).toBe(401);
    const list = await request(t.app).get('/api/v1/users?role=MERCHANT&limit=100').set(bearer(admin));
    expect(list.body.data.find((u: { id: string }) => u.id === m.id)).toMatchObject({ disabled: false });
  });

  it('a disabled user with MFA cannot finish a login begun before the disabling', async () => {
    const a2 = await createStaff(t.app, tenant, 'ADMIN'); // MFA enrolled
    const challenge = await loginRaw(tenant, a2.email, a2.password);
    expect(challenge.body.data.mfaRequired).toBe(true);
    expect((await patch(a2.id, { disabled: true })).status).toBe(200);
    const verify = await request(t.app)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: challenge.body.data.mfaToken, code: totpCode(a2.totpSecret!, 1) });
    expect(verify.status).toBe(401);
  });

  it('a customer can be disabled too (cannot log in); their role cannot change (409 ROLE_CHANGE_NOT_ALLOWED)', async () => {
    const c = await registerCustomer(t.app, tenant);
    const role = await patch(c.id, { role: 'MERCHANT' });
    expect(role.status).toBe(409);
    expect(role.body.error.code).toBe('ROLE_CHANGE_NOT_ALLOWED');
    expect((await me(c.accessToken)).status).toBe(200);
    expect((await patch(c.id, { disabled: true })).status).toBe(200);
    expect((await me(c.accessToken)).status).toBe(401);
    expect((await loginRaw(tenant, c.email, c.password)).status).toBe(401);
  });
});

describe('PATCH /users/:id {role}', () => {
  it('moves staff between MERCHANT and ADMIN; the old tokens end so none keeps the old role', async () => {
    const m = await createStaff(t.app, tenant, 'MERCHANT');
    const res = await patch(m.id, { role: 'ADMIN' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ role: 'ADMIN', disabled: false });
    expect((await me(m.accessToken)).status).toBe(401);
    const again = await login(t.app, tenant, m.email, m.password);
    expect(claims(again.accessToken).role).toBe('ADMIN');
  });

  it('an unchanged value is a no-op (200, sessions kept)', async () => {
    const m = await createStaff(t.app, tenant, 'MERCHANT');
    const res = await patch(m.id, { role: 'MERCHANT', disabled: false });
    expect(res.status).toBe(200);
    expect((await me(m.accessToken)).status).toBe(200);
  });
});

describe('the store keeps an active ADMIN (409 LAST_ADMIN)', () => {
  it('the only active ADMIN cannot disable or demote themselves; with a second one they can', async () => {
    const tn = await signUpTenant(t.app);
    const tok = await adminToken(t.app, tn);
    const self = (body: unknown) =>
      request(t.app)
        .patch(`/api/v1/users/${tn.adminId}`)
        .set(bearer(tok))
        .send(body as object);
    for (const body of [{ disabled: true }, { role: 'MERCHANT' }, { role: 'MERCHANT', disabled: true }]) {
      const r = await self(body);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('LAST_ADMIN');
    }
    expect((await me(tok)).status).toBe(200);

    await createStaff(t.app, tn, 'ADMIN');
    const demoted = await self({ role: 'MERCHANT' });
    expect(demoted.status).toBe(200);
    expect((await me(tok)).status).toBe(401); // their own sessions ended with the role change
  });

  it('a disabled ADMIN does not count: the last active one is still protected', async () => {
    const tn = await signUpTenant(t.app);
    const tok = await adminToken(t.app, tn);
    const a2 = await createStaff(t.app, tn, 'ADMIN');
    const off = await request(t.app).patch(`/api/v1/users/${a2.id}`).set(bearer(tok)).send({ disabled: true });
    expect(off.status).toBe(200);
    const r = await request(t.app).patch(`/api/v1/users/${tn.adminId}`).set(bearer(tok)).send({ disabled: true });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('LAST_ADMIN');
  });

  it('two ADMINs disabling each other at once: exactly one succeeds, the store keeps one active ADMIN', async () => {
    const tn = await signUpTenant(t.app);
    const tok1 = await adminToken(t.app, tn);
    const a2 = await createStaff(t.app, tn, 'ADMIN');
    const [r1, r2] = await Promise.all([
      request(t.app).patch(`/api/v1/users/${a2.id}`).set(bearer(tok1)).send({ disabled: true }),
      request(t.app).patch(`/api/v1/users/${tn.adminId}`).set(bearer(a2.accessToken)).send({ disabled: true }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const active = await ownerQuery(`SELECT 1 FROM users WHERE tenant_id = $1 AND role = 'ADMIN' AND NOT disabled`, [
      tn.tenantId,
    ]);
    expect(active).toHaveLength(1);
  });
});

describe('PATCH /users/:id: validation and access', () => {
  it('empty body or unknown fields → 400; CUSTOMER role → 400; unknown id → 404; another store’s user → 404', async () => {
    const m = await createStaff(t.app, tenant, 'MERCHANT');
    for (const body of [{}, { disabled: 'yes' }, { role: 'CUSTOMER' }, { email: 'x@example.com' }]) {
      const r = await patch(m.id, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await patch(randomUUID(), { disabled: true })).status).toBe(404);
    const other = await signUpTenant(t.app);
    const r = await patch(other.adminId, { disabled: true });
    expect(r.status).toBe(404);
    const [row] = await ownerQuery<{ disabled: boolean }>('SELECT disabled FROM users WHERE id = $1', [other.adminId]);
    expect(row!.disabled).toBe(false);
  });

  it('ADMIN only: a MERCHANT and an API key → 403; an ADMIN without MFA → 403 MFA_REQUIRED', async () => {
    const m = await createStaff(t.app, tenant, 'MERCHANT');
    const victim = await createStaff(t.app, tenant, 'MERCHANT');
    expect((await patch(victim.id, { disabled: true }, m.accessToken)).status).toBe(403);
    const key = await request(t.app)
      .patch(`/api/v1/users/${victim.id}`)
      .set('X-API-Key', tenant.apiKey)
      .send({ disabled: true });
    expect(key.status).toBe(403);
    const noMfa = await adminToken(t.app, tenant, { mfa: false });
    const gate = await patch(victim.id, { disabled: true }, noMfa);
    expect(gate.status).toBe(403);
    expect(gate.body.error.code).toBe('MFA_REQUIRED');
    expect((await me(victim.accessToken)).status).toBe(200);
  });
});
