// Register, login, refresh rotation with reuse detection, logout, cross-tenant isolation,
// and brute-force limits — against real PostgreSQL and Redis.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, login, registerCustomer, TEST_PASSWORD } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { sha256Hex } from '../../src/platform/crypto';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;

beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
});
afterAll(async () => t.close());

const post = (path: string, tenant?: SignedUpTenant) => {
  const r = request(t.app).post(`/api/v1${path}`);
  return tenant ? r.set('X-Tenant', tenant.subdomain) : r;
};
const me = (token: string) => request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

describe('POST /auth/register', () => {
  it('creates a CUSTOMER in the X-Tenant store (201), password stored as argon2id, audit row written', async () => {
    const email = `New.Person+${Date.now()}@Example.com`;
    const res = await post('/auth/register', A).send({ email, password: TEST_PASSWORD, name: 'New Person' });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(String),
      email: email.toLowerCase(),
      name: 'New Person',
      role: 'CUSTOMER',
      mfaEnabled: false,
      disabled: false,
      createdAt: expect.any(String),
    });
    const [row] = await ownerQuery<{ tenant_id: string; password_hash: string }>(
      'SELECT tenant_id, password_hash FROM users WHERE id = $1',
      [res.body.data.id],
    );
    expect(row!.tenant_id).toBe(A.tenantId);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    const audit = await ownerQuery<{ changes: unknown }>(
      `SELECT changes FROM audit_logs WHERE tenant_id = $1 AND resource = 'user' AND resource_id = $2 AND action = 'CREATE'`,
      [A.tenantId, res.body.data.id],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.changes)).not.toMatch(/argon2|correct-horse/);
  });

  it('also resolves the tenant from Host {subdomain}.{BASE_DOMAIN}', async () => {
    const res = await post('/auth/register')
      .set('Host', `${A.subdomain}.localhost`)
      .send({ email: `host-${Date.now()}@example.com`, password: TEST_PASSWORD });
    expect(res.status).toBe(201);
  });

  it('the role cannot be chosen: an unknown field (role) → 400 and nothing is created', async () => {
    const email = `sneaky-${Date.now()}@example.com`;
    const res = await post('/auth/register', A).send({ email, password: TEST_PASSWORD, role: 'ADMIN' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'unrecognized_keys' })]),
    );
    expect(await ownerQuery('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);
  });

  it('password policy: < 10 or > 256 characters → 400', async () => {
    for (const password of ['short-pw1', 'x'.repeat(257)]) {
      const res = await post('/auth/register', A).send({ email: `p-${Date.now()}@example.com`, password });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('password');
    }
  });

  it('e-mail is unique per tenant, case-insensitively (409 EMAIL_TAKEN), but the same e-mail may join another store', async () => {
    const email = `dup-${Date.now()}@example.com`;
    expect((await post('/auth/register', A).send({ email, password: TEST_PASSWORD })).status).toBe(201);
    const again = await post('/auth/register', A).send({ email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
    expect((await post('/auth/register', B).send({ email, password: TEST_PASSWORD })).status).toBe(201);
  });

  it('needs a tenant: none → 400, unknown subdomain → 404', async () => {
    const body = { email: `x-${Date.now()}@example.com`, password: TEST_PASSWORD };
    expect((await post('/auth/register').send(body)).status).toBe(400);
    const res = await post('/auth/register').set('X-Tenant', 'no-such-store-xyz').send(body);
    expect(res.status).toBe(404);
  });
});

describe('POST /auth/login', () => {
  it('returns {accessToken, refreshToken, tokenType, expiresIn}; e-mail is case-insensitive', async () => {
    const c = await registerCustomer(t.app, A);
    const res = await post('/auth/login', A).send({ email: c.email.toUpperCase(), password: c.password });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^rt_[A-Za-z0-9_-]{40,}$/),
      tokenType: 'Bearer',
      expiresIn: 3600,
    });
    const rows = await ownerQuery<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [
      c.id,
    ]);
    expect(rows.map((r) => r.token_hash)).toContain(sha256Hex(res.body.data.refreshToken));
    expect(JSON.stringify(rows)).not.toContain(res.body.data.refreshToken);
  });

  it('unknown e-mail and wrong password get the identical 401 answer', async () => {
    const c = await registerCustomer(t.app, A);
    const wrong = await post('/auth/login', A).send({ email: c.email, password: 'wrong-password-123' });
    const unknown = await post('/auth/login', A).send({ email: `nobody-${Date.now()}@example.com`, password: 'x' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
  });

  it('unknown e-mails cost the same password-hashing work as known ones (no timing oracle)', async () => {
    const c = await registerCustomer(t.app, A);
    const time = async (email: string) => {
      const t0 = process.hrtime.bigint();
      await post('/auth/login', A).send({ email, password: 'wrong-password-123' });
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await time(c.email));
      unknown.push(await time(`ghost-${i}-${Date.now()}@example.com`));
    }
    const ratio = median(unknown) / median(known);
    // argon2id dominates both paths: an unknown e-mail skipping the hash would be ~10x faster.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("cross-tenant: A's admin cannot log in through B", async () => {
    const res = await post('/auth/login', B).send({ email: A.adminEmail, password: A.adminPassword });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('unknown fields → 400', async () => {
    const res = await post('/auth/login', A).send({
      email: A.adminEmail,
      password: A.adminPassword,
      tenantId: B.tenantId,
    });
    expect(res.status).toBe(400);
  });
});

describe("cross-tenant: A's token on B's resources", () => {
  it("→ 404 for B's user by id; lists show only A's users even with X-Tenant: B", async () => {
    const [tokA, tokB] = await Promise.all([adminToken(t.app, A), adminToken(t.app, B)]);
    const bUser = (await request(t.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${tokB}`)).body.data;
    const res = await request(t.app).get(`/api/v1/users/${bUser.id}`).set('Authorization', `Bearer ${tokA}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const own = await request(t.app).get(`/api/v1/users/${A.adminId}`).set('Authorization', `Bearer ${tokA}`);
    expect(own.status).toBe(200);

    const list = await request(t.app)
      .get('/api/v1/users?limit=100')
      .set('Authorization', `Bearer ${tokA}`)
      .set('X-Tenant', B.subdomain);
    expect(list.status).toBe(200);
    const ids = list.body.data.map((u: { id: string }) => u.id);
    expect(ids).toContain(A.adminId);
    expect(ids).not.toContain(B.adminId);
  });
});

describe('refresh tokens', () => {
  it('rotate: a refresh gives a new pair and spends the old refresh token', async () => {
    const c = await registerCustomer(t.app, A);
    const first = await login(t.app, A, c.email, c.password);
    const r1 = await post('/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.data).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    expect(r1.body.data.refreshToken).not.toBe(first.refreshToken);
    expect((await me(r1.body.data.accessToken)).body.data.id).toBe(c.id);
    const r2 = await post('/auth/refresh').send({ refreshToken: r1.body.data.refreshToken });
    expect(r2.status).toBe(200);
    const spent = await ownerQuery<{ spent_at: Date | null }>(
      'SELECT spent_at FROM refresh_tokens WHERE token_hash = $1',
      [sha256Hex(first.refreshToken)],
    );
    expect(spent[0]!.spent_at).not.toBeNull();
  });

  it('reuse of a spent token revokes the whole family (both the thief and the victim are logged out)', async () => {
    const c = await registerCustomer(t.app, A);
    const first = await login(t.app, A, c.email, c.password);
    const other = await login(t.app, A, c.email, c.password); // another session: must survive
    const rotated = await post('/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);

    const replay = await post('/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHORIZED');
    // The legitimate newer token of the same family is dead too…
    const victim = await post('/auth/refresh').send({ refreshToken: rotated.body.data.refreshToken });
    expect(victim.status).toBe(401);
    // …and so is the family's access token.
    expect((await me(rotated.body.data.accessToken)).status).toBe(401);
    // The other session is untouched.
    expect((await post('/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(200);
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('concurrent refreshes of one token: exactly one succeeds', async () => {
    const c = await registerCustomer(t.app, A);
    const { refreshToken } = await login(t.app, A, c.email, c.password);
    const results = await Promise.all([1, 2, 3, 4].map(() => post('/auth/refresh').send({ refreshToken })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(3);
  });

  it('unknown, expired and garbage refresh tokens → 401; missing → 400', async () => {
    expect((await post('/auth/refresh').send({ refreshToken: 'rt_nope' })).status).toBe(401);
    const c = await registerCustomer(t.app, A);
    const { refreshToken } = await login(t.app, A, c.email, c.password);
    await ownerQuery(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      sha256Hex(refreshToken),
    ]);
    expect((await post('/auth/refresh').send({ refreshToken })).status).toBe(401);
    expect((await post('/auth/refresh').send({})).status).toBe(400);
  });
});

describe('POST /auth/logout', () => {
  it('revokes the access token immediately and the refresh family', async () => {
    const c = await registerCustomer(t.app, A);
    const s = await login(t.app, A, c.email, c.password);
    expect((await me(s.accessToken)).status).toBe(200);
    const out = await post('/auth/logout').set('Authorization', `Bearer ${s.accessToken}`).send({});
    expect(out.status).toBe(204);
    const after = await me(s.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHORIZED');
    expect((await post('/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    // The jti sits on the Redis deny-list with a TTL no longer than the token's remaining life.
    const jti = JSON.parse(Buffer.from(s.accessToken.split('.')[1]!, 'base64url').toString()).jti;
    const ttl = await t.ctx.redis.ttl(`${t.config.REDIS_PREFIX}:auth:deny:jti:${jti}`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3605);
  });

  it('the deny-list is shared: another API instance refuses the logged-out token too', async () => {
    const other = await makeTestApp();
    try {
      const c = await registerCustomer(t.app, A);
      expect(
        (await request(other.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${c.accessToken}`)).status,
      ).toBe(200);
      await post('/auth/logout').set('Authorization', `Bearer ${c.accessToken}`).send({});
      expect(
        (await request(other.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${c.accessToken}`)).status,
      ).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('does not affect the user’s other sessions; without a token → 401', async () => {
    const c = await registerCustomer(t.app, A);
    const s2 = await login(t.app, A, c.email, c.password);
    await post('/auth/logout').set('Authorization', `Bearer ${c.accessToken}`).send({});
    expect((await me(s2.accessToken)).status).toBe(200);
    expect((await post('/auth/refresh').send({ refreshToken: s2.refreshToken })).status).toBe(200);
    expect((await post('/auth/logout').send({})).status).toBe(401);
  });
});

describe('brute-force limits (Redis, 15-minute window)', () => {
  let lim: TestApp;
  beforeAll(async () => {
    // Own Redis prefix: the per-IP counter is not shared with other test files.
    lim = await makeTestApp({
      LOGIN_ATTEMPTS_PER_15MIN: '3',
      REDIS_PREFIX: `${process.env.TEST_REDIS_PREFIX ?? 'test:local'}:bf${process.pid}`,
    });
  });
  afterAll(async () => lim.close());

  const attempt = (tenant: SignedUpTenant, email: string, password: string) =>
    request(lim.app).post('/api/v1/auth/login').set('X-Tenant', tenant.subdomain).send({ email, password });

  it('per (tenant, e-mail): after the limit → 429 RATE_LIMITED with Retry-After, even with the right password', async () => {
    const tenant = await signUpTenant(lim.app);
    for (let i = 0; i < 3; i++) expect((await attempt(tenant, tenant.adminEmail, 'wrong-password!')).status).toBe(401);
    const blocked = await attempt(tenant, tenant.adminEmail, tenant.adminPassword);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    const retry = Number(blocked.headers['retry-after']);
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
    // A second replica sharing Redis sees the same counter.
    const replica = await makeTestApp({ LOGIN_ATTEMPTS_PER_15MIN: '3', REDIS_PREFIX: lim.config.REDIS_PREFIX });
    try {
      const r = await request(replica.app)
        .post('/api/v1/auth/login')
        .set('X-Tenant', tenant.subdomain)
        .send({ email: tenant.adminEmail, password: tenant.adminPassword });
      expect(r.status).toBe(429);
    } finally {
      await replica.close();
    }
    // Other users of the store are not affected.
    const c = await request(lim.app)
      .post('/api/v1/auth/register')
      .set('X-Tenant', tenant.subdomain)
      .send({ email: `ok-${Date.now()}@example.com`, password: TEST_PASSWORD });
    expect((await attempt(tenant, c.body.data.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('successful logins do not count; parallel guesses cannot exceed the limit', async () => {
    const tenant = await signUpTenant(lim.app);
    for (let i = 0; i < 5; i++)
      expect((await attempt(tenant, tenant.adminEmail, tenant.adminPassword)).status).toBe(200);
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => attempt(tenant, tenant.adminEmail, 'wrong-password!')),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(3);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(5);
  });

  it('per IP: ×5 the limit of failures across many e-mails → 429', async () => {
    await lim.ctx.rateLimiter.reset('login:ip:::ffff:127.0.0.1');
    await lim.ctx.rateLimiter.reset('login:ip:127.0.0.1');
    await lim.ctx.rateLimiter.reset('login:ip:::1');
    const tenant = await signUpTenant(lim.app);
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      statuses.push((await attempt(tenant, `guess-${i}@example.com`, 'wrong-password!')).status);
    }
    expect(statuses.slice(0, 15).every((s) => s === 401)).toBe(true);
    expect(statuses[15]).toBe(429);
  });
});

describe('Redis unavailable', () => {
  it('bearer tokens and logins fail closed with 503 (a revoked token is never accepted blindly); API keys still work', async () => {
    const c = await registerCustomer(t.app, A);
    const down = await makeTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, { allowRedisDown: true });
    try {
      const me = await request(down.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${c.accessToken}`);
      expect(me.status).toBe(503);
      expect(me.body.error.code).toBe('SERVICE_UNAVAILABLE');
      const li = await request(down.app)
        .post('/api/v1/auth/login')
        .set('X-Tenant', A.subdomain)
        .send({ email: c.email, password: c.password });
      expect(li.status).toBe(503);
      expect((await request(down.app).get('/api/v1/auth/me').set('X-API-Key', A.apiKey)).status).toBe(200);
    } finally {
      await down.close();
    }
  });
});
