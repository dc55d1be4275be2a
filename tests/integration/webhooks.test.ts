// Webhook endpoints API: create/list/get/patch/delete/rotate, validation, secrets at rest,
// audit rows, roles, tenant isolation, and the SSRF guard at registration.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { withTenant } from '../../src/platform/db/prisma';
import { emitEvent } from '../../src/modules/webhooks/outbox.repository';
import { oldestPendingOutboxAge, tenantsWithPendingOutbox } from '../../src/modules/webhooks/webhooks.repository';
import { startOutboxRelay } from '../../src/workers/outbox-relay';

let t: TestApp; // private URLs allowed (the test default)
let strict: TestApp; // WEBHOOK_ALLOW_PRIVATE_URLS=false, as in production
beforeAll(async () => {
  t = await makeTestApp();
  strict = await makeTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' });
});
afterAll(async () => {
  await t?.close();
  await strict?.close();
});

const api = (tn: SignedUpTenant, app = t.app) => ({
  post: (p: string, body?: object) => request(app).post(`/api/v1${p}`).set('X-API-Key', tn.apiKey).send(body),
  get: (p: string) => request(app).get(`/api/v1${p}`).set('X-API-Key', tn.apiKey),
  patch: (p: string, body: object) => request(app).patch(`/api/v1${p}`).set('X-API-Key', tn.apiKey).send(body),
  del: (p: string) => request(app).delete(`/api/v1${p}`).set('X-API-Key', tn.apiKey),
});

const hookUrl = () => `https://hooks.example.com/${randomUUID()}`;

describe('webhook endpoints API', () => {
  it('creates an endpoint and returns its whsec_ secret once; stored encrypted; never in GET, list or audit', async () => {
    const tn = await signUpTenant(t.app);
    const url = hookUrl();
    const res = await api(tn).post('/webhook-endpoints', {
      url,
      events: ['order.paid', 'order.created', 'order.paid'],
      description: 'ERP sync',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.any(String),
      url,
      events: ['order.created', 'order.paid'],
      description: 'ERP sync',
      disabled: false,
      disabledReason: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
    });
    const { id, secret } = res.body.data;
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);

    const got = await api(tn).get(`/webhook-endpoints/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.data).not.toHaveProperty('secret');
    expect(JSON.stringify(got.body)).not.toContain(secret.slice(6));
    const list = await api(tn).get('/webhook-endpoints');
    expect(list.body.meta).toEqual({ page: 1, limit: 20, total: 1 });
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));

    const [row] = await ownerQuery<{ secret_enc: string }>('SELECT secret_enc FROM webhook_endpoints WHERE id = $1', [
      id,
    ]);
    expect(row!.secret_enc).not.toContain(secret.slice(6));
    expect(t.ctx.secretBox.decrypt(row!.secret_enc)).toBe(secret);

    const audit = await ownerQuery<{ action: string; changes: unknown }>(
      `SELECT action, changes FROM audit_logs WHERE tenant_id = $1 AND resource = 'webhook_endpoint' AND resource_id = $2`,
      [tn.tenantId, id],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE']);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
    expect(t.logs.join('\n')).not.toContain(secret.slice(6));
  });

  it('accepts "*" and refuses unknown event names, empty lists and unknown fields (400 VALIDATION_ERROR)', async () => {
    const tn = await signUpTenant(t.app);
    const star = await api(tn).post('/webhook-endpoints', { url: hookUrl(), events: ['*', 'order.paid'] });
    expect(star.status).toBe(201);
    expect(star.body.data.events).toEqual(['*']);
    for (const body of [
      { url: hookUrl(), events: ['order.shipped'] },
      { url: hookUrl(), events: [] },
      { url: hookUrl() },
      { url: hookUrl(), events: ['*'], secret: 'whsec_mine' },
      { url: 'not a url', events: ['*'] },
    ]) {
      const res = await api(tn).post('/webhook-endpoints', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('patches url, events, description and disabled, with audit rows; re-enabling clears the reason', async () => {
    const tn = await signUpTenant(t.app);
    const { id } = (await api(tn).post('/webhook-endpoints', { url: hookUrl(), events: ['*'] })).body.data;
    const url = hookUrl();
    const res = await api(tn).patch(`/webhook-endpoints/${id}`, {
      url,
      events: ['product.created'],
      description: 'catalog',
      disabled: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      url,
      events: ['product.created'],
      description: 'catalog',
      disabled: true,
      disabledReason: 'disabled by a merchant',
    });
    expect(res.body.data).not.toHaveProperty('secret');
    const back = await api(tn).patch(`/webhook-endpoints/${id}`, { disabled: false, description: null });
    expect(back.body.data).toMatchObject({ disabled: false, disabledReason: null, description: null });
    expect((await api(tn).patch(`/webhook-endpoints/${id}`, { events: ['nope'] })).status).toBe(400);
    expect((await api(tn).patch(`/webhook-endpoints/${id}`, { secret: 'x' })).status).toBe(400);
    const audit = await ownerQuery<{ action: string }>(
      `SELECT action FROM audit_logs WHERE tenant_id = $1 AND resource_id = $2 ORDER BY timestamp`,
      [tn.tenantId, id],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
  });

  it('rotates the secret (new one shown once, audit row without it) and deletes endpoints', async () => {
    const tn = await signUpTenant(t.app);
    const created = (await api(tn).post('/webhook-endpoints', { url: hookUrl(), events: ['*'] })).body.data;
    const rot = await api(tn).post(`/webhook-endpoints/${created.id}/rotate-secret`);
    expect(rot.status).toBe(200);
    expect(rot.body.data.secret).toMatch(/^whsec_/);
    expect(rot.body.data.secret).not.toBe(created.secret);
    const [row] = await ownerQuery<{ secret_enc: string }>('SELECT secret_enc FROM webhook_endpoints WHERE id = $1', [
      created.id,
    ]);
    expect(t.ctx.secretBox.decrypt(row!.secret_enc)).toBe(rot.body.data.secret);
    const audit = JSON.stringify(
      await ownerQuery('SELECT changes FROM audit_logs WHERE tenant_id = $1 AND resource_id = $2', [
        tn.tenantId,
        created.id,
      ]),
    );
    expect(audit).toContain('secretRotated');
    expect(audit).not.toContain(rot.body.data.secret.slice(6));
    expect(audit).not.toContain(created.secret.slice(6));

    expect((await api(tn).del(`/webhook-endpoints/${created.id}`)).status).toBe(204);
    expect((await api(tn).get(`/webhook-endpoints/${created.id}`)).status).toBe(404);
    expect((await api(tn).del(`/webhook-endpoints/${created.id}`)).status).toBe(404);
  });

  it('lists with pagination, newest first', async () => {
    const tn = await signUpTenant(t.app);
    for (let i = 0; i < 3; i++)
      await api(tn).post('/webhook-endpoints', { url: hookUrl(), events: ['*'], description: `e${i}` });
    const page = await api(tn).get('/webhook-endpoints?page=2&limit=2');
    expect(page.status).toBe(200);
    expect(page.body.meta).toEqual({ page: 2, limit: 2, total: 3 });
    expect(page.body.data.map((e: { description: string }) => e.description)).toEqual(['e0']);
    expect((await api(tn).get('/webhook-endpoints?limit=101')).status).toBe(400);
  });

  it('is for ADMIN and MERCHANT only: anonymous 401, customer 403', async () => {
    const tn = await signUpTenant(t.app);
    expect((await request(t.app).get('/api/v1/webhook-endpoints')).status).toBe(401);
    const customer = await registerCustomer(t.app, tn);
    const res = await request(t.app)
      .post('/api/v1/webhook-endpoints')
      .set('Authorization', `Bearer ${customer.accessToken}`)
      .send({ url: hookUrl(), events: ['*'] });
    expect(res.status).toBe(403);
    expect(
      (await request(t.app).get('/api/v1/webhook-endpoints').set('Authorization', `Bearer ${customer.accessToken}`))
        .status,
    ).toBe(403);
  });
});

describe('tenant isolation', () => {
  it("tenant B can't see, change, rotate, delete or read deliveries of A's endpoint, nor retry A's delivery (404)", async () => {
    const a = await signUpTenant(t.app);
    const b = await signUpTenant(t.app);
    const epA = (await api(a).post('/webhook-endpoints', { url: hookUrl(), events: ['*'] })).body.data;
    await api(b).post('/webhook-endpoints', { url: hookUrl(), events: ['*'] });
    // A delivery of A's, written as the owner (the delivery pipeline is tested elsewhere).
    const [d] = await ownerQuery<{ id: string }>(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, status, attempts, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'evt_isolation', 'order.created', 'FAILED', 7, now()) RETURNING id`,
      [a.tenantId, epA.id],
    );

    const listB = await api(b).get('/webhook-endpoints');
    expect(listB.body.meta.total).toBe(1);
    expect(listB.body.data.map((e: { id: string }) => e.id)).not.toContain(epA.id);
    for (const res of [
      await api(b).get(`/webhook-endpoints/${epA.id}`),
      await api(b).patch(`/webhook-endpoints/${epA.id}`, { disabled: true }),
      await api(b).post(`/webhook-endpoints/${epA.id}/rotate-secret`),
      await api(b).get(`/webhook-endpoints/${epA.id}/deliveries`),
      await api(b).post(`/webhook-deliveries/${d!.id}/retry`),
      await api(b).del(`/webhook-endpoints/${epA.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    // Nothing changed for A.
    const still = await api(a).get(`/webhook-endpoints/${epA.id}`);
    expect(still.body.data).toMatchObject({ disabled: false });
    const log = await api(a).get(`/webhook-endpoints/${epA.id}/deliveries`);
    expect(log.body.data).toEqual([expect.objectContaining({ id: d!.id, status: 'FAILED', attempts: 7 })]);
    const [row] = await ownerQuery<{ secret_enc: string }>('SELECT secret_enc FROM webhook_endpoints WHERE id = $1', [
      epA.id,
    ]);
    expect(t.ctx.secretBox.decrypt(row!.secret_enc)).toBe(epA.secret);
  });
});

// Every address-based refusal has the one generic reason (no address or range named).
const NOT_PUBLIC_RE = /^Webhook URL refused: the host must resolve only to public addresses$/;

describe('SSRF guard at registration (WEBHOOK_ALLOW_PRIVATE_URLS=false)', () => {
  const refused: Array<[string, RegExp]> = [
    ['http://hooks.example.com/x', /scheme must be https/],
    ['https://127.0.0.1/hook', NOT_PUBLIC_RE],
    ['https://localhost:8443/hook', NOT_PUBLIC_RE],
    ['https://2130706433/hook', NOT_PUBLIC_RE], // 127.0.0.1 in decimal
    ['https://10.1.2.3/hook', NOT_PUBLIC_RE],
    ['https://172.16.0.1/hook', NOT_PUBLIC_RE],
    ['https://192.168.1.10/hook', NOT_PUBLIC_RE],
    ['https://169.254.169.254/latest/meta-data/', NOT_PUBLIC_RE],
    ['https://100.64.0.1/hook', NOT_PUBLIC_RE],
    ['https://0.0.0.0/hook', NOT_PUBLIC_RE],
    ['https://224.0.0.1/hook', NOT_PUBLIC_RE],
    ['https://[::1]/hook', NOT_PUBLIC_RE],
    ['https://[::]/hook', NOT_PUBLIC_RE],
    ['https://[fd00::1]/hook', NOT_PUBLIC_RE],
    ['https://[fe80::1]/hook', NOT_PUBLIC_RE],
    ['https://[::ffff:127.0.0.1]/hook', NOT_PUBLIC_RE],
    ['https://[::ffff:169.254.169.254]/hook', NOT_PUBLIC_RE],
    ['https://user:pw@hooks.example.com/x', /credentials/],
  ];

  it.each(refused)('refuses %s with 400 and a reason', async (url, reason) => {
    const tn = await signUpTenant(strict.app);
    const res = await api(tn, strict.app).post('/webhook-endpoints', { url, events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.message).toMatch(reason);
    expect(res.body.error.details.issues[0]).toMatchObject({ path: 'url', code: 'url_refused' });
  });

  it('accepts an https URL to a public address, and re-checks the URL on PATCH', async () => {
    const tn = await signUpTenant(strict.app);
    const ok = await api(tn, strict.app).post('/webhook-endpoints', {
      url: 'https://93.184.215.14/hook',
      events: ['*'],
    });
    expect(ok.status).toBe(201);
    const bad = await api(tn, strict.app).patch(`/webhook-endpoints/${ok.body.data.id}`, {
      url: 'https://169.254.169.254/latest/meta-data/',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(NOT_PUBLIC_RE);
    const still = await api(tn, strict.app).get(`/webhook-endpoints/${ok.body.data.id}`);
    expect(still.body.data.url).toBe('https://93.184.215.14/hook');
  });
});

describe('outbox relay discovery', () => {
  it('finds tenants with undispatched events through the definer function; a tenant without endpoints just gets them marked', async () => {
    const tn = await signUpTenant(t.app);
    await withTenant(t.ctx.db, tn.tenantId, (tx) => emitEvent(tx, tn.tenantId, 'product.created', { id: 'p1' }));
    expect(await tenantsWithPendingOutbox(t.ctx.db, 1_000_000)).toContain(tn.tenantId);
    expect(await oldestPendingOutboxAge(t.ctx.db)).toBeGreaterThanOrEqual(0);
    // The app role itself sees no other tenant's outbox rows (RLS), only the function does.
    const direct = await t.ctx.db.$queryRaw<unknown[]>`SELECT id FROM outbox_events`;
    expect(direct).toHaveLength(0);
    const relay = await startOutboxRelay(t.ctx, { tenantIds: () => [tn.tenantId], autoStart: false });
    try {
      expect(await relay.runOnce()).toBe(1);
    } finally {
      await relay.close();
    }
    expect(await tenantsWithPendingOutbox(t.ctx.db, 1_000_000)).not.toContain(tn.tenantId);
    const rows = await ownerQuery('SELECT 1 FROM webhook_deliveries WHERE tenant_id = $1', [tn.tenantId]);
    expect(rows).toHaveLength(0);
  });
});
