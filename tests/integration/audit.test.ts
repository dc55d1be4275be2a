// The append-only audit log: rows for product and inventory writes (before/after, actor,
// correlation id) written in the mutation's transaction, GET /audit-logs filters and
// access, tenant isolation, and PostgreSQL refusing UPDATE/DELETE for the app role.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, createStaff } from '../helpers/auth';
import { appClient, ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
let adminA: string;
beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
  adminA = await adminToken(t.app, A);
});
afterAll(async () => t.close());

let seq = 0;
const sku = () => `AUD-${process.pid}-${++seq}`;
const bearer = (tok: string) => ({ Authorization: `Bearer ${tok}` });
const apiKeyId = async (tn: SignedUpTenant) =>
  (await ownerQuery<{ id: string }>('SELECT id FROM api_keys WHERE tenant_id = $1', [tn.tenantId]))[0]!.id;
const logs = (qs: string, tok = adminA) => request(t.app).get(`/api/v1/audit-logs${qs}`).set(bearer(tok));

describe('audit rows for catalog writes', () => {
  it('create, update and delete each write a row with actor, correlation id and before/after', async () => {
    const c = await request(t.app)
      .post('/api/v1/products')
      .set('X-API-Key', A.apiKey)
      .set('x-correlation-id', 'corr-create-1')
      .send({ name: 'Audited', sku: sku(), price: '5.00', initialQuantity: 4 });
    expect(c.status).toBe(201);
    const id = c.body.data.id;
    await request(t.app)
      .patch(`/api/v1/products/${id}`)
      .set(bearer(adminA))
      .set('x-correlation-id', 'corr-update-1')
      .send({ price: '6.50' });
    await request(t.app).patch(`/api/v1/inventory/${id}`).set('X-API-Key', A.apiKey).send({ delta: -1 });
    await request(t.app).delete(`/api/v1/products/${id}`).set(bearer(adminA)).set('x-correlation-id', 'corr-del-1');

    const res = await logs(`?resourceId=${id}`);
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ page: 1, limit: 20, total: 4 });
    const [del, inv, upd, cre] = res.body.data; // newest first
    expect(cre).toEqual({
      id: expect.any(String),
      action: 'CREATE',
      resource: 'product',
      resourceId: id,
      userId: await apiKeyId(A),
      changes: { before: null, after: expect.objectContaining({ id, name: 'Audited', price: '5.00' }) },
      correlationId: 'corr-create-1',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(upd).toMatchObject({
      action: 'UPDATE',
      resource: 'product',
      userId: A.adminId,
      correlationId: 'corr-update-1',
      changes: { before: { price: '5.00' }, after: { price: '6.50' } },
    });
    expect(inv).toMatchObject({
      action: 'UPDATE',
      resource: 'inventory',
      changes: { before: { quantity: 4, threshold: 10 }, after: { quantity: 3, threshold: 10 } },
    });
    expect(del).toMatchObject({
      action: 'DELETE',
      resource: 'product',
      userId: A.adminId,
      correlationId: 'corr-del-1',
      changes: { before: { isActive: true }, after: { isActive: false } },
    });
  });

  it.each([
    ['POST /products', 'create'],
    ['PATCH /products/:id', 'update'],
    ['DELETE /products/:id', 'delete'],
  ])('a %s that fails after the change leaves neither the change nor the audit row', async (_l, op) => {
    const T = await signUpTenant(t.app);
    const tokT = await adminToken(t.app, T);
    let id: string | undefined;
    if (op !== 'create') {
      const c = await request(t.app)
        .post('/api/v1/products')
        .set('X-API-Key', T.apiKey)
        .send({ name: 'Before', sku: sku(), price: '1.00' });
      id = c.body.data.id;
    }
    // The outbox insert comes after the change and the audit row: make it fail for T only.
    const fn = `test_fail_outbox_${T.tenantId.replace(/-/g, '')}`;
    await ownerQuery(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.tenant_id = '${T.tenantId}' THEN RAISE EXCEPTION 'outbox down'; END IF; RETURN NEW; END $$`);
    await ownerQuery(`CREATE TRIGGER ${fn} BEFORE INSERT ON outbox_events FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      const auditBefore = await ownerQuery('SELECT 1 FROM audit_logs WHERE tenant_id = $1', [T.tenantId]);
      let res: request.Response;
      if (op === 'create') {
        res = await request(t.app)
          .post('/api/v1/products')
          .set('X-API-Key', T.apiKey)
          .send({ name: 'Never', sku: 'NEVER-1', price: '1.00' });
      } else if (op === 'update') {
        res = await request(t.app).patch(`/api/v1/products/${id}`).set('X-API-Key', T.apiKey).send({ name: 'After' });
      } else {
        res = await request(t.app).delete(`/api/v1/products/${id}`).set(bearer(tokT));
      }
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/outbox down|INSERT|stack/i);
      const products = await ownerQuery<{ name: string; is_active: boolean }>(
        'SELECT name, is_active FROM products WHERE tenant_id = $1',
        [T.tenantId],
      );
      expect(products).toEqual(op === 'create' ? [] : [{ name: 'Before', is_active: true }]);
      const auditAfter = await ownerQuery('SELECT 1 FROM audit_logs WHERE tenant_id = $1', [T.tenantId]);
      expect(auditAfter).toHaveLength(auditBefore.length);
      // ...and the API still shows the old state (no stale or phantom cache entry).
      if (id) {
        const get = await request(t.app).get(`/api/v1/products/${id}`).set('X-Tenant', T.subdomain);
        expect(get.body.data).toMatchObject({ name: 'Before', isActive: true });
      }
    } finally {
      await ownerQuery(`DROP TRIGGER IF EXISTS ${fn} ON outbox_events`);
      await ownerQuery(`DROP FUNCTION IF EXISTS ${fn}()`);
    }
  });
});

describe('GET /audit-logs', () => {
  it('filters by resource, resourceId, action and time window, and paginates newest first', async () => {
    const T = await signUpTenant(t.app);
    const tok = await adminToken(t.app, T);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await request(t.app)
        .post('/api/v1/products')
        .set('X-API-Key', T.apiKey)
        .send({ name: `F${i}`, sku: sku(), price: '1.00' });
      ids.push(c.body.data.id);
    }
    await request(t.app).patch(`/api/v1/products/${ids[0]}`).set('X-API-Key', T.apiKey).send({ name: 'F0b' });
    const q = (qs: string) => logs(qs, tok);

    const products = await q('?resource=product&limit=100');
    expect(products.body.meta.total).toBe(4);
    expect(products.body.data.every((r: { resource: string }) => r.resource === 'product')).toBe(true);
    const stamps = products.body.data.map((r: { timestamp: string }) => r.timestamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);

    const updates = await q('?action=UPDATE&resource=product');
    expect(updates.body.data.map((r: { resourceId: string }) => r.resourceId)).toEqual([ids[0]]);
    const creates = await q('?action=CREATE&resource=product');
    expect(creates.body.meta.total).toBe(3);

    // Sign-up rows (tenant, user, api_key) are there too.
    expect((await q('?resource=tenant')).body.data).toHaveLength(1);
    const all = await q('?limit=100');
    expect(all.body.meta.total).toBeGreaterThanOrEqual(7); // 3 sign-up rows + 4 product rows (+ MFA rows)
    expect(JSON.stringify(all.body)).not.toMatch(/sk_[A-Za-z0-9]{20,}|passwordHash|argon2/);

    const page1 = await q('?resource=product&limit=3&page=1');
    const page2 = await q('?resource=product&limit=3&page=2');
    expect(page1.body.data).toHaveLength(3);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.meta).toEqual({ page: 2, limit: 3, total: 4 });
    const seen = new Set([...page1.body.data, ...page2.body.data].map((r: { id: string }) => r.id));
    expect(seen.size).toBe(4);

    const newest = products.body.data[0].timestamp as string;
    const oldest = products.body.data[3].timestamp as string;
    const windowed = await q(`?resource=product&from=${encodeURIComponent(newest)}&to=${encodeURIComponent(newest)}`);
    expect(windowed.body.data.length).toBeGreaterThanOrEqual(1);
    expect(windowed.body.data.every((r: { timestamp: string }) => r.timestamp === newest)).toBe(true);
    const future = await q('?from=2999-01-01T00:00:00Z');
    expect(future.body).toMatchObject({ data: [], meta: { total: 0 } });
    const since = await q(`?resource=product&from=${encodeURIComponent(oldest)}&limit=100`);
    expect(since.body.meta.total).toBe(4);
    const datesOnly = await q('?from=2000-01-01&to=2999-12-31&resource=product');
    expect(datesOnly.body.meta.total).toBe(4);
  });

  it.each([
    ['action=UPSERT'],
    ['from=yesterday'],
    ['to=2026-13-01'],
    ['limit=0'],
    ['limit=101'],
    ['foo=bar'],
    ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
  ])('400 for ?%s', async (qs) => {
    const res = await logs(`?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('is ADMIN only (merchant token and API key 403, public 401); an admin without MFA may read', async () => {
    const merchant = await createStaff(t.app, A, 'MERCHANT');
    expect((await logs('', merchant.accessToken)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/audit-logs').set('X-API-Key', A.apiKey)).status).toBe(403);
    expect((await request(t.app).get('/api/v1/audit-logs').set('X-Tenant', A.subdomain)).status).toBe(401);
    const noMfa = await adminToken(t.app, A, { mfa: false });
    expect((await logs('', noMfa)).status).toBe(200);
  });

  it("tenant B sees none of tenant A's rows", async () => {
    const c = await request(t.app)
      .post('/api/v1/products')
      .set('X-API-Key', A.apiKey)
      .send({ name: 'A only', sku: sku(), price: '1.00' });
    const tokB = await adminToken(t.app, B);
    const byId = await logs(`?resourceId=${c.body.data.id}`, tokB);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ data: [], meta: { total: 0 } });
    const all = await logs('?limit=100', tokB);
    const aRows = await ownerQuery<{ id: string }>('SELECT id FROM audit_logs WHERE tenant_id = $1', [A.tenantId]);
    const bIds = new Set(all.body.data.map((r: { id: string }) => r.id));
    expect(aRows.some((r) => bIds.has(r.id))).toBe(false);
    expect(all.body.meta.total).toBe(
      (await ownerQuery('SELECT 1 FROM audit_logs WHERE tenant_id = $1', [B.tenantId])).length,
    );
  });
});

describe('append-only at the database level', () => {
  it('PostgreSQL refuses UPDATE, DELETE and TRUNCATE of audit_logs for the app role (even in its own tenant)', async () => {
    const [row] = await ownerQuery<{ id: string }>('SELECT id FROM audit_logs WHERE tenant_id = $1 LIMIT 1', [
      A.tenantId,
    ]);
    const c = await appClient();
    try {
      for (const sql of [
        `UPDATE audit_logs SET action = 'DELETE' WHERE id = '${row!.id}'`,
        `DELETE FROM audit_logs WHERE id = '${row!.id}'`,
        'TRUNCATE audit_logs',
      ]) {
        await c.query('BEGIN');
        await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [A.tenantId]);
        await expect(c.query(sql)).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
        await c.query('ROLLBACK');
      }
      // INSERT and SELECT are allowed (what the API does).
      await c.query('BEGIN');
      await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [A.tenantId]);
      const sel = await c.query('SELECT count(*)::int AS n FROM audit_logs');
      expect(sel.rows[0].n).toBeGreaterThan(0);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
    expect(await ownerQuery('SELECT 1 FROM audit_logs WHERE id = $1', [row!.id])).toHaveLength(1);
  });
});
