// Sessions a user can end (hardening issue): the absolute lifetime of a refresh family,
// auth_time, logout-all, the re-authentication gate on MFA and password changes, and MFA
// enrolment ending the user's other sessions — against real PostgreSQL and Redis.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { login, registerCustomer, totpCode, type TokenPair } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { jwtService } from '../../src/platform/auth/jwt';
import { sha256Hex } from '../../src/platform/crypto';

let t: TestApp;
let A: SignedUpTenant;

beforeAll(async () => {
  t = await makeTestApp();
  A = await signUpTenant(t.app);
});
afterAll(async () => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const post = (app: TestApp, path: string) => request(app.app).post(`/api/v1${path}`);
const me = (token: string, app = t) => request(app.app).get('/api/v1/auth/me').set(bearer(token));
const refresh = (refreshToken: string, app = t) => post(app, '/auth/refresh').send({ refreshToken });

/**
 * The same session's access token with another auth_time, signed with the app's own key (the
 * test key material): what the API would have issued after a login at `authTime`.
 */
async function withAuthTime(token: string, authTime: number | undefined): Promise<string> {
  const c = claims(token);
  const signed = await jwtService(t.ctx).signAccessToken({
    userId: c.sub,
    tenantId: c.tenantId,
    role: c.role,
    amr: c.amr,
    sid: c.sid,
    authTime: authTime as number,
  });
  return signed.token;
}

describe('refresh family: absolute lifetime (REFRESH_FAMILY_MAX_AGE)', () => {
  it('however often it is refreshed, a family dies MAX_AGE after its login', async () => {
    const short = await makeTestApp({ REFRESH_FAMILY_MAX_AGE: '5' });
    try {
      const tenant = await signUpTenant(short.app);
      const c = await registerCustomer(short.app, tenant);
      const s = await login(short.app, tenant, c.email, c.password);
      const authTime = claims(s.accessToken).auth_time as number;
      let rt = s.refreshToken;
      // Refreshed every ~0.6 s: each rotation succeeds while the family is young…
      for (let i = 0; i < 3; i++) {
        await sleep(600);
        const r = await refresh(rt, short);
        expect(r.status).toBe(200);
        rt = r.body.data.refreshToken;
        const [row] = await ownerQuery<{ expires_at: Date }>(
          'SELECT expires_at FROM refresh_tokens WHERE token_hash = $1',
          [sha256Hex(rt)],
        );
        // …and no token of it outlives the family (REFRESH_TOKEN_TTL alone would say 30 days).
        expect(row!.expires_at.getTime()).toBeLessThanOrEqual((authTime + 5) * 1000);
      }
      while (Date.now() < (authTime + 5) * 1000 + 300) await sleep(100);
      const late = await refresh(rt, short);
      expect(late.status).toBe(401);
      expect(late.body.error.code).toBe('UNAUTHORIZED');
      // A new login starts a new family.
      const again = await login(short.app, tenant, c.email, c.password);
      expect((await refresh(again.refreshToken, short)).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it('default 90 days, counted from the login: a 91-day-old family is refused even if its token has not expired', async () => {
    const c = await registerCustomer(t.app, A);
    const old = await login(t.app, A, c.email, c.password);
    const young = await login(t.app, A, c.email, c.password);
    const age = async (s: TokenPair, days: number) =>
      ownerQuery(`UPDATE refresh_tokens SET auth_time = now() - make_interval(days => $2) WHERE token_hash = $1`, [
        sha256Hex(s.refreshToken),
        days,
      ]);
    await age(old, 91);
    await age(young, 89);
    expect((await refresh(old.refreshToken)).status).toBe(401);
    expect((await refresh(young.refreshToken)).status).toBe(200);
  });

  it('refreshing keeps auth_time (the login), while iat moves on', async () => {
    const c = await registerCustomer(t.app, A);
    const s = await login(t.app, A, c.email, c.password);
    const first = claims(s.accessToken);
    expect(Math.abs(first.auth_time - Date.now() / 1000)).toBeLessThan(60);
    await sleep(1100);
    const r = await refresh(s.refreshToken);
    expect(r.status).toBe(200);
    const next = claims(r.body.data.accessToken);
    expect(next.auth_time).toBe(first.auth_time);
    expect(next.iat).toBeGreaterThan(first.iat);
    expect(next.sid).toBe(first.sid);
  });

  it('a family with any revoked token is dead: its newest token is refused too', async () => {
    const c = await registerCustomer(t.app, A);
    const s = await login(t.app, A, c.email, c.password);
    const r = await refresh(s.refreshToken);
    expect(r.status).toBe(200);
    // A revocation that raced the rotation and marked only the older row.
    await ownerQuery('UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1', [sha256Hex(s.refreshToken)]);
    expect((await refresh(r.body.data.refreshToken)).status).toBe(401);
  });
});

describe('POST /auth/logout-all', () => {
  it('ends every session of the caller (access tokens 401 at once, refreshes refused), audited; others untouched', async () => {
    const c = await registerCustomer(t.app, A);
    const other = await registerCustomer(t.app, A);
    const sessions = [
      await login(t.app, A, c.email, c.password),
      await login(t.app, A, c.email, c.password),
      await login(t.app, A, c.email, c.password),
    ];
    const rotated = await refresh(sessions[1]!.refreshToken); // a rotated family counts too
    expect(rotated.status).toBe(200);
    for (const s of sessions) expect((await me(s.accessToken)).status).toBe(200);

    const out = await post(t, '/auth/logout-all').set(bearer(sessions[0]!.accessToken)).send({});
    expect(out.status).toBe(204);

    for (const tok of [...sessions.map((s) => s.accessToken), rotated.body.data.accessToken, c.accessToken]) {
      expect((await me(tok)).status).toBe(401);
    }
    for (const rt of [sessions[0]!.refreshToken, sessions[2]!.refreshToken, rotated.body.data.refreshToken]) {
      expect((await refresh(rt)).status).toBe(401);
    }
    const live = await ownerQuery('SELECT 1 FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [c.id]);
    expect(live).toHaveLength(0);
    // Another user's session is not affected; the user can sign in again.
    expect((await me(other.accessToken)).status).toBe(200);
    const again = await login(t.app, A, c.email, c.password);
    expect((await me(again.accessToken)).status).toBe(200);

    const audit = await ownerQuery<{ changes: { after: Record<string, unknown> } }>(
      `SELECT changes FROM audit_logs WHERE tenant_id = $1 AND resource = 'user' AND resource_id = $2
         AND changes->'after'->>'reason' = 'logout_all'`,
      [A.tenantId, c.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes.after.sessionsEnded).toBe(4); // 3 logins + the registration's
  });

  it('needs a signed-in caller (401); an API key has no sessions (204); unknown fields → 400', async () => {
    expect((await post(t, '/auth/logout-all').send({})).status).toBe(401);
    expect((await post(t, '/auth/logout-all').set('X-API-Key', A.apiKey).send({})).status).toBe(204);
    const c = await registerCustomer(t.app, A);
    expect((await post(t, '/auth/logout-all').set(bearer(c.accessToken)).send({ all: true })).status).toBe(400);
    expect((await me(c.accessToken)).status).toBe(200);
  });
});

describe('re-authentication: MFA and password changes need a login < 15 minutes old', () => {
  const sensitive = [
    ['/auth/mfa/setup', {}],
    ['/auth/mfa/enable', { code: '123456' }],
    ['/auth/mfa/disable', { code: '123456' }],
    ['/auth/password', { currentPassword: 'whatever-it-is', newPassword: 'new-password-123' }],
  ] as const;

  it('a token whose auth_time is 16 minutes old → 403 REAUTHENTICATION_REQUIRED on each; nothing changes', async () => {
    const c = await registerCustomer(t.app, A);
    const stale = await withAuthTime(c.accessToken, Math.floor(Date.now() / 1000) - 16 * 60);
    expect((await me(stale)).status).toBe(200); // an ordinary call is fine
    for (const [path, body] of sensitive) {
      const r = await post(t, path).set(bearer(stale)).send(body);
      expect({ path, status: r.status, code: r.body.error?.code }).toEqual({
        path,
        status: 403,
        code: 'REAUTHENTICATION_REQUIRED',
      });
    }
    const [row] = await ownerQuery<{ mfa_pending_secret_enc: string | null }>(
      'SELECT mfa_pending_secret_enc FROM users WHERE id = $1',
      [c.id],
    );
    expect(row!.mfa_pending_secret_enc).toBeNull();
  });

  it('a token without auth_time counts as old; one 14 minutes old passes; a fresh login lifts the gate', async () => {
    const c = await registerCustomer(t.app, A);
    const legacy = await withAuthTime(c.accessToken, undefined);
    expect(claims(legacy).auth_time).toBeUndefined();
    expect((await post(t, '/auth/mfa/setup').set(bearer(legacy)).send({})).body.error.code).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    const recent = await withAuthTime(c.accessToken, Math.floor(Date.now() / 1000) - 14 * 60);
    expect((await post(t, '/auth/mfa/setup').set(bearer(recent)).send({})).status).toBe(200);
    const fresh = await login(t.app, A, c.email, c.password);
    expect((await post(t, '/auth/mfa/setup').set(bearer(fresh.accessToken)).send({})).status).toBe(200);
  });

  it('closes "enrol my own authenticator on an old session": the stale session cannot enrol, a fresh one can', async () => {
    const c = await registerCustomer(t.app, A);
    const fresh = await login(t.app, A, c.email, c.password);
    const setup = await post(t, '/auth/mfa/setup').set(bearer(fresh.accessToken)).send({});
    expect(setup.status).toBe(200);
    const stale = await withAuthTime(c.accessToken, Math.floor(Date.now() / 1000) - 3600);
    const hijack = await post(t, '/auth/mfa/enable')
      .set(bearer(stale))
      .send({ code: totpCode(setup.body.data.secret) });
    expect(hijack.status).toBe(403);
    expect(hijack.body.error.code).toBe('REAUTHENTICATION_REQUIRED');
    const [row] = await ownerQuery<{ mfa_enabled: boolean }>('SELECT mfa_enabled FROM users WHERE id = $1', [c.id]);
    expect(row!.mfa_enabled).toBe(false);
  });
});

describe('enabling MFA ends the other sessions', () => {
  it('the enrolling session keeps working; every other session of the user is ended', async () => {
    const c = await registerCustomer(t.app, A);
    const other = await login(t.app, A, c.email, c.password);
    const mine = await login(t.app, A, c.email, c.password);
    const setup = await post(t, '/auth/mfa/setup').set(bearer(mine.accessToken)).send({});
    expect(setup.status).toBe(200);
    // Setting up is not enabling: nothing ended yet.
    expect((await me(other.accessToken)).status).toBe(200);
    const enable = await post(t, '/auth/mfa/enable')
      .set(bearer(mine.accessToken))
      .send({ code: totpCode(setup.body.data.secret) });
    expect(enable.status).toBe(200);

    expect((await me(other.accessToken)).status).toBe(401);
    expect((await me(c.accessToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(401);
    expect((await me(mine.accessToken)).status).toBe(200);
    expect((await refresh(mine.refreshToken)).status).toBe(200);
  });
});
