// Password change and the headless password reset: the token travels to the merchant only in
// the signed webhook event customer.password_reset_requested (outbox → relay → BullMQ →
// HTTP delivery to a local receiver), and is confirmed from there. Real PostgreSQL and Redis.
import { Client } from 'pg';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { signUpTenant, testDbUrl, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff, login, registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import type { Received, Receiver } from '../helpers/receiver';
import { startWebhookPipeline, type WebhookPipeline } from '../helpers/webhook-pipeline';
import { sha256Hex } from '../../src/platform/crypto';

let pipeline: WebhookPipeline;
let t: TestApp;
let rx: Receiver;
const relayed = new Set<string>();

beforeAll(async () => {
  pipeline = await startWebhookPipeline('pwd', relayed);
  ({ t, rx } = pipeline);
});
afterAll(() => pipeline?.close());

const NEW_PASSWORD = 'a-brand-new-password-42';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const post = (path: string) => request(t.app).post(`/api/v1${path}`);
const me = (token: string) => request(t.app).get('/api/v1/auth/me').set(bearer(token));
const refresh = (refreshToken: string) => post('/auth/refresh').send({ refreshToken });
const loginRaw = (tn: SignedUpTenant, email: string, password: string) =>
  post('/auth/login').set('X-Tenant', tn.subdomain).send({ email, password });
const requestReset = (tn: SignedUpTenant, email: string) =>
  post('/auth/password-reset').set('X-Tenant', tn.subdomain).send({ email });

/** A store whose events are relayed, with one endpoint subscribed to password resets. */
async function storeWithHook(): Promise<{ tn: SignedUpTenant; path: string; secret: string; endpointId: string }> {
  const tn = await signUpTenant(t.app);
  relayed.add(tn.tenantId);
  const path = `/resets/${tn.tenantId}`;
  const res = await post('/webhook-endpoints')
    .set('X-API-Key', tn.apiKey)
    .send({ url: rx.url(path), events: ['customer.password_reset_requested'] });
  expect(res.status).toBe(201);
  return { tn, path, secret: res.body.data.secret, endpointId: res.body.data.id };
}

function verified(secret: string, r: Received): { type: string; tenantId: string; data: Record<string, string> } {
  const h = r.headers as Record<string, string>;
  return new Webhook(secret).verify(r.body, {
    'webhook-id': h['webhook-id']!,
    'webhook-timestamp': h['webhook-timestamp']!,
    'webhook-signature': h['webhook-signature']!,
  }) as never;
}

/**
 * The reset tokens issued to `email` (at least n, waiting for them), read from the outbox, where
 * they are sealed with ENCRYPTION_KEY (opened here with the app's SecretBox, as the delivery does).
 */
async function tokensFromOutbox(tn: SignedUpTenant, email: string, n = 1): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const rows = await ownerQuery<{ sealed: string }>(
      `SELECT payload->'data'->'token'->>'$sealed' AS sealed FROM outbox_events
       WHERE tenant_id = $1 AND type = 'customer.password_reset_requested' AND payload->'data'->>'email' = $2
       ORDER BY created_at`,
      [tn.tenantId, email],
    );
    if (rows.length >= n) return rows.map((r) => t.ctx.secretBox.decrypt(r.sealed));
    await sleep(25);
  }
  throw new Error(`fewer than ${n} reset tokens for ${email}`);
}
const tokenFromOutbox = async (tn: SignedUpTenant, email: string) => (await tokensFromOutbox(tn, email))[0]!;

async function twoSessions(tn: SignedUpTenant, u: TestUser) {
  return [await login(t.app, tn, u.email, u.password), await login(t.app, tn, u.email, u.password)] as const;
}

describe('POST /auth/password', () => {
  let tn: SignedUpTenant;
  beforeAll(async () => {
    tn = await signUpTenant(t.app);
  });

  it('changes the password; every other session ends, the caller’s is kept; audited without secrets', async () => {
    const u = await registerCustomer(t.app, tn);
    const [mine, other] = await twoSessions(tn, u);
    const res = await post('/auth/password')
      .set(bearer(mine.accessToken))
      .send({ currentPassword: u.password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);

    expect((await me(other.accessToken)).status).toBe(401);
    expect((await me(u.accessToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(401);
    expect((await me(mine.accessToken)).status).toBe(200);
    expect((await refresh(mine.refreshToken)).status).toBe(200);

    expect((await loginRaw(tn, u.email, u.password)).status).toBe(401);
    expect((await loginRaw(tn, u.email, NEW_PASSWORD)).status).toBe(200);

    const audit = await ownerQuery<{ changes: unknown }>(
      `SELECT changes FROM audit_logs WHERE tenant_id = $1 AND resource = 'user' AND resource_id = $2
         AND changes->'after'->>'password' = 'changed'`,
      [tn.tenantId, u.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toEqual({ before: null, after: { password: 'changed', sessionsEnded: 2 } });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('a wrong current password → 401 and nothing changes; a weak new one → 400; an API key → 403', async () => {
    const u = await registerCustomer(t.app, tn);
    const [, other] = await twoSessions(tn, u);
    const wrong = await post('/auth/password')
      .set(bearer(u.accessToken))
      .send({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await me(u.accessToken)).status).toBe(200);
    expect((await loginRaw(tn, u.email, u.password)).status).toBe(200);

    const weak = await post('/auth/password')
      .set(bearer(u.accessToken))
      .send({ currentPassword: u.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['newPassword']);
    const key = await post('/auth/password')
      .set('X-API-Key', tn.apiKey)
      .send({ currentPassword: u.password, newPassword: NEW_PASSWORD });
    expect(key.status).toBe(403);
    expect((await loginRaw(tn, u.email, u.password)).status).toBe(200);
  });
});

describe('password reset through the webhook event', () => {
  it('full flow: 202 → signed event with the token → confirm → every session ended, new password works, token single use', async () => {
    const { tn, path, secret } = await storeWithHook();
    const u = await registerCustomer(t.app, tn);
    const [s1, s2] = await twoSessions(tn, u);

    const known = await requestReset(tn, u.email.toUpperCase());
    const unknown = await requestReset(tn, `nobody-${Date.now()}@example.com`);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(known.body.data).toEqual({ status: 'accepted', message: expect.any(String) });

    await rx.waitFor(() => rx.on(path).length >= 1);
    await sleep(300); // an event for the unknown e-mail would have arrived by now
    const got = rx.on(path);
    expect(got).toHaveLength(1);
    const event = verified(secret, got[0]!);
    expect(event.type).toBe('customer.password_reset_requested');
    expect(event.tenantId).toBe(tn.tenantId);
    expect(event.data).toEqual({
      userId: u.id,
      email: u.email,
      token: expect.stringMatching(/^prt_[A-Za-z0-9_-]{40,}$/),
      expiresAt: expect.any(String),
    });
    const ttl = Date.parse(event.data.expiresAt!) - Date.now();
    expect(ttl).toBeGreaterThan(55 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);
    const { token } = event.data as { token: string };

    // Stored hashed only.
    const rows = await ownerQuery<{ token_hash: string }>(
      'SELECT token_hash FROM password_reset_tokens WHERE user_id = $1',
      [u.id],
    );
    expect(rows.map((r) => r.token_hash)).toEqual([sha256Hex(token)]);

    // Requesting did not change anything yet.
    expect((await me(s1.accessToken)).status).toBe(200);

    const confirm = await post('/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD });
    expect(confirm.status).toBe(204);
    for (const s of [s1, s2]) {
      expect((await me(s.accessToken)).status).toBe(401);
      expect((await refresh(s.refreshToken)).status).toBe(401);
    }
    expect((await me(u.accessToken)).status).toBe(401);
    expect((await loginRaw(tn, u.email, u.password)).status).toBe(401);
    expect((await loginRaw(tn, u.email, NEW_PASSWORD)).status).toBe(200);

    const again = await post('/auth/password-reset/confirm').send({ token, newPassword: 'yet-another-password-1' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('INVALID_TOKEN');
    expect((await loginRaw(tn, u.email, NEW_PASSWORD)).status).toBe(200);

    const audit = await ownerQuery<{ resource: string; changes: unknown }>(
      `SELECT resource, changes FROM audit_logs WHERE tenant_id = $1
         AND (resource = 'password_reset' OR (resource = 'user' AND resource_id = $2 AND action = 'UPDATE'))`,
      [tn.tenantId, u.id],
    );
    expect(audit.map((a) => a.resource).sort()).toEqual(['password_reset', 'user']);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('the token is sealed at rest: the outbox row holds no token, the delivery and a manual redelivery carry it', async () => {
    const { tn, path, secret, endpointId } = await storeWithHook();
    const u = await registerCustomer(t.app, tn);
    expect((await requestReset(tn, u.email)).status).toBe(202);
    await rx.waitFor(() => rx.on(path).length >= 1);
    const token = verified(secret, rx.on(path)[0]!).data.token!;
    expect(token).toMatch(/^prt_/);

    // The raw row (what a database read or a backup shows): ciphertext in place of the token.
    const [row] = await ownerQuery<{ payload: { data: { token: unknown } } }>(
      `SELECT payload FROM outbox_events WHERE tenant_id = $1 AND type = 'customer.password_reset_requested'`,
      [tn.tenantId],
    );
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(4, 20));
    expect(row!.payload.data.token).toEqual({ $sealed: expect.stringMatching(/^v1\./) });

    // The delivery log shows neither the token nor its ciphertext.
    const log = await request(t.app)
      .get(`/api/v1/webhook-endpoints/${endpointId}/deliveries`)
      .set('X-API-Key', tn.apiKey);
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(1);
    expect(JSON.stringify(log.body)).not.toContain(token);
    expect(JSON.stringify(log.body)).not.toContain('$sealed');

    // "Redeliver now" unseals the stored row again: the same plain token, and it confirms the reset.
    const retry = await post(`/webhook-deliveries/${log.body.data[0].id}/retry`).set('X-API-Key', tn.apiKey);
    expect(retry.status).toBe(202);
    expect(JSON.stringify(retry.body)).not.toContain('$sealed');
    await rx.waitFor(() => rx.on(path).length >= 2);
    expect(verified(secret, rx.on(path)[1]!).data.token).toBe(token);
    expect((await post('/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD })).status).toBe(204);
    expect((await loginRaw(tn, u.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('applies to staff too (a MERCHANT of the store)', async () => {
    const { tn, path, secret } = await storeWithHook();
    const m = await createStaff(t.app, tn, 'MERCHANT');
    expect((await requestReset(tn, m.email)).status).toBe(202);
    await rx.waitFor(() => rx.on(path).length >= 1);
    const event = verified(secret, rx.on(path)[0]!);
    expect(event.data).toMatchObject({ userId: m.id, email: m.email });
    expect(
      (await post('/auth/password-reset/confirm').send({ token: event.data.token, newPassword: NEW_PASSWORD })).status,
    ).toBe(204);
    expect((await me(m.accessToken)).status).toBe(401);
    expect((await loginRaw(tn, m.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('answers before doing the work: a known e-mail is not slowed down by writing the token', async () => {
    const tn = await signUpTenant(t.app);
    const u = await registerCustomer(t.app, tn);
    // Hold the token table: a request that wrote the token before answering would wait here.
    const blocker = new Client({ connectionString: testDbUrl() });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE password_reset_tokens IN ACCESS EXCLUSIVE MODE');
      const t0 = Date.now();
      const res = await requestReset(tn, u.email).timeout(3000);
      expect(res.status).toBe(202);
      expect(Date.now() - t0).toBeLessThan(1500);
      const none = await ownerQuery('SELECT 1 FROM outbox_events WHERE tenant_id = $1 AND type = $2', [
        tn.tenantId,
        'customer.password_reset_requested',
      ]);
      expect(none).toHaveLength(0);
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    // Once the table is free, the work completes.
    expect(await tokenFromOutbox(tn, u.email)).toMatch(/^prt_/);
  });

  it('an expired, unknown or malformed token → 400 INVALID_TOKEN (or VALIDATION_ERROR), nothing changes', async () => {
    const tn = await signUpTenant(t.app);
    const u = await registerCustomer(t.app, tn);
    expect((await requestReset(tn, u.email)).status).toBe(202);
    const token = await tokenFromOutbox(tn, u.email);
    await ownerQuery(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      u.id,
    ]);
    const expired = await post('/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('INVALID_TOKEN');
    const unknown = await post('/auth/password-reset/confirm').send({ token: 'prt_nope', newPassword: NEW_PASSWORD });
    expect(unknown.body.error.code).toBe('INVALID_TOKEN');
    const missing = await post('/auth/password-reset/confirm').send({ newPassword: NEW_PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_ERROR');
    expect((await me(u.accessToken)).status).toBe(200);
    expect((await loginRaw(tn, u.email, u.password)).status).toBe(200);
  });

  it('confirming one token spends the user’s other outstanding ones; requesting needs a tenant (400 without)', async () => {
    const tn = await signUpTenant(t.app);
    const u = await registerCustomer(t.app, tn);
    expect((await requestReset(tn, u.email)).status).toBe(202);
    expect((await requestReset(tn, u.email)).status).toBe(202);
    const [first, second] = await tokensFromOutbox(tn, u.email, 2);
    expect(first).not.toBe(second);
    expect((await post('/auth/password-reset/confirm').send({ token: second, newPassword: NEW_PASSWORD })).status).toBe(
      204,
    );
    const other = await post('/auth/password-reset/confirm').send({ token: first, newPassword: 'attacker-password-1' });
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('INVALID_TOKEN');
    expect((await loginRaw(tn, u.email, NEW_PASSWORD)).status).toBe(200);
    expect((await post('/auth/password-reset').send({ email: u.email })).status).toBe(400);
  });

  it('a disabled user: no token is issued, and a token issued before disabling does not re-enable them', async () => {
    const tn = await signUpTenant(t.app);
    const m = await createStaff(t.app, tn, 'MERCHANT');
    expect((await requestReset(tn, m.email)).status).toBe(202);
    const token = await tokenFromOutbox(tn, m.email);
    const admin = await adminToken(t.app, tn);
    const off = await request(t.app).patch(`/api/v1/users/${m.id}`).set(bearer(admin)).send({ disabled: true });
    expect(off.status).toBe(200);

    expect((await requestReset(tn, m.email)).status).toBe(202);
    await sleep(500);
    const events = await ownerQuery('SELECT 1 FROM outbox_events WHERE tenant_id = $1 AND type = $2', [
      tn.tenantId,
      'customer.password_reset_requested',
    ]);
    expect(events).toHaveLength(1); // only the one from before the disabling

    expect((await post('/auth/password-reset/confirm').send({ token, newPassword: NEW_PASSWORD })).status).toBe(204);
    const [row] = await ownerQuery<{ disabled: boolean }>('SELECT disabled FROM users WHERE id = $1', [m.id]);
    expect(row!.disabled).toBe(true);
    expect((await loginRaw(tn, m.email, NEW_PASSWORD)).status).toBe(401);
  });

  it('names one store: another store’s user gets no token and no event, whichever store is named', async () => {
    const a = await signUpTenant(t.app);
    const b = await signUpTenant(t.app);
    const onlyInB = await registerCustomer(t.app, b);
    const res = await requestReset(a, onlyInB.email);
    expect(res.status).toBe(202);
    await sleep(500); // the work runs after the answer: give it time to (not) write
    expect(await ownerQuery('SELECT 1 FROM password_reset_tokens WHERE user_id = $1', [onlyInB.id])).toHaveLength(0);
    const events = await ownerQuery(
      `SELECT tenant_id FROM outbox_events WHERE type = 'customer.password_reset_requested' AND tenant_id IN ($1, $2)`,
      [a.tenantId, b.tenantId],
    );
    expect(events).toHaveLength(0);
    // The same request naming the user's own store does issue one, in that store only.
    expect((await requestReset(b, onlyInB.email)).status).toBe(202);
    await tokenFromOutbox(b, onlyInB.email);
    const rows = await ownerQuery<{ tenant_id: string }>(
      'SELECT tenant_id FROM password_reset_tokens WHERE user_id = $1',
      [onlyInB.id],
    );
    expect(rows.map((r) => r.tenant_id)).toEqual([b.tenantId]);
  });

  it('at most 5 tokens per (store, e-mail) per 15 minutes; the answer stays 202', async () => {
    const tn = await signUpTenant(t.app);
    const u = await registerCustomer(t.app, tn);
    for (let i = 0; i < 7; i++) expect((await requestReset(tn, u.email)).status).toBe(202);
    await tokensFromOutbox(tn, u.email, 5);
    await sleep(500); // the two over the limit would have written theirs by now
    const rows = await ownerQuery('SELECT 1 FROM password_reset_tokens WHERE user_id = $1', [u.id]);
    expect(rows).toHaveLength(5);
  });
});
