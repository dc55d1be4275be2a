// The indexes of the tables every order writes (migrations 20261125008000_hot_write_paths and
// 20261207001000_catalog_variants): a stock reservation is a HOT update (no index holds
// on_hand, reserved or available), is_low follows available both ways, and the outbox relay's
// lock reads only undispatched events, however many were dispatched.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { makeTestApp, signUpTenant, testDbUrl, type SignedUpTenant, type TestApp } from '../helpers/app';
import { appClient, ownerQuery } from '../helpers/db';
import { Prisma } from '../../src/generated/prisma/client';
import { takeStockCtes } from '../../src/modules/inventory/inventory.repository';
import { lockPendingEventsSql, upsertDeliveries } from '../../src/modules/webhooks/webhooks.repository';
import { withTenant } from '../../src/platform/db/prisma';

let t: TestApp;
let T: SignedUpTenant;

beforeAll(async () => {
  t = await makeTestApp();
  T = await signUpTenant(t.app);
});
afterAll(() => t.close());

/** A one-variant product; returns its variant's id. */
async function product(quantity: number, threshold = 10): Promise<string> {
  const res = await request(t.app)
    .post('/api/v1/products')
    .set('X-API-Key', T.apiKey)
    .send({
      name: 'Widget',
      sku: `WP-${Math.random()}`,
      price: '5.00',
      initialQuantity: quantity,
      lowStockThreshold: threshold,
    });
  expect(res.status).toBe(201);
  const [v] = await ownerQuery<{ id: string }>('SELECT id FROM product_variants WHERE product_id = $1', [
    res.body.data.id,
  ]);
  return v!.id;
}

/** Runs fn in a transaction of commerce_app (the API's role) in tenant T; commits it or not. */
async function asApp<R>(fn: (c: Client) => Promise<R>, end: 'COMMIT' | 'ROLLBACK'): Promise<R> {
  const c = await appClient();
  try {
    await c.query('BEGIN');
    await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [T.tenantId]);
    const r = await fn(c);
    await c.query(end);
    return r;
  } finally {
    await c.end();
  }
}

/** Runs the order path's stock UPDATE (available → reserved); returns this transaction's update counts. */
const takeStock = (lines: { variantId: string; quantity: number }[]) =>
  asApp(async (c) => {
    const q = Prisma.sql`WITH ${takeStockCtes(T.tenantId, lines)} SELECT variant_id, available FROM taken`;
    const taken = (await c.query(q.text, q.values)).rows;
    const [n] = (
      await c.query(`SELECT pg_stat_get_xact_tuples_updated('inventory'::regclass)::int AS updated,
        pg_stat_get_xact_tuples_hot_updated('inventory'::regclass)::int AS hot`)
    ).rows;
    return { taken, updated: n.updated as number, hot: n.hot as number };
  }, 'COMMIT');

const stock = async (variantId: string) =>
  (
    await ownerQuery<{ on_hand: number; reserved: number; available: number; is_low: boolean }>(
      'SELECT on_hand, reserved, available, is_low FROM inventory WHERE variant_id = $1',
      [variantId],
    )
  )[0]!;

describe('inventory', () => {
  it('has no index that contains on_hand, reserved, available (or the threshold) directly', async () => {
    const defs = await ownerQuery<{ def: string }>(
      "SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'inventory'::regclass",
    );
    expect(defs.length).toBeGreaterThanOrEqual(3);
    for (const { def } of defs) expect(def).not.toMatch(/on_hand|reserved|available|quantity|low_stock_threshold/);
  });

  it('a reservation is a HOT update, for one line and for several', async () => {
    const a = await product(1000);
    const b = await product(1000);
    const one = await takeStock([{ variantId: a, quantity: 3 }]);
    expect(one.taken).toEqual([{ variant_id: a, available: 997 }]);
    expect(one).toMatchObject({ updated: 1, hot: 1 });
    expect(await stock(a)).toMatchObject({ on_hand: 1000, reserved: 3, available: 997 });
    const [x, y] = [a, b].sort();
    const two = await takeStock([
      { variantId: x!, quantity: 1 },
      { variantId: y!, quantity: 2 },
    ]);
    expect(two.taken).toHaveLength(2);
    expect(two).toMatchObject({ updated: 2, hot: 2 });
  });

  it('a reservation past available takes nothing', async () => {
    const a = await product(2);
    const r = await takeStock([{ variantId: a, quantity: 3 }]);
    expect(r.taken).toEqual([]);
    expect(await stock(a)).toMatchObject({ on_hand: 2, reserved: 0, available: 2 });
  });

  it('is_low follows available across the threshold and back, both ways', async () => {
    const id = await product(12, 10);
    expect((await stock(id)).is_low).toBe(false);
    // Reserving lowers available (on_hand stays): low.
    await takeStock([{ variantId: id, quantity: 2 }]);
    expect(await stock(id)).toMatchObject({ on_hand: 12, reserved: 2, available: 10, is_low: true });
    const low = await request(t.app).get('/api/v1/inventory?lowStock=true&limit=100').set('X-API-Key', T.apiKey);
    expect(low.body.data.map((r: { variantId: string }) => r.variantId)).toContain(id);
    // Adding to available (on_hand moves): no longer low, and no longer listed as low.
    const up = await request(t.app)
      .patch(`/api/v1/inventory/variants/${id}`)
      .set('X-API-Key', T.apiKey)
      .send({ delta: 5 });
    expect(up.status).toBe(200);
    expect(await stock(id)).toMatchObject({ on_hand: 17, reserved: 2, available: 15, is_low: false });
    const notLow = await request(t.app).get('/api/v1/inventory?lowStock=true&limit=100').set('X-API-Key', T.apiKey);
    expect(notLow.body.data.map((r: { variantId: string }) => r.variantId)).not.toContain(id);
    // Releasing a reservation raises available too; raising the threshold makes it low again.
    await asApp((c) => c.query('UPDATE inventory SET reserved = reserved - 2 WHERE variant_id = $1', [id]), 'COMMIT');
    expect(await stock(id)).toMatchObject({ available: 17, is_low: false });
    await request(t.app).patch(`/api/v1/inventory/variants/${id}`).set('X-API-Key', T.apiKey).send({ threshold: 17 });
    expect((await stock(id)).is_low).toBe(true);
  });
});

describe('outbox relay lock', () => {
  it("reads only the tenant's undispatched events, not the tenant's history", async () => {
    await ownerQuery(
      `INSERT INTO outbox_events (id, tenant_id, type, payload, created_at, dispatched_at)
       SELECT 'evt_hist_' || g, $1, 'order.created', '{}', now() - g * interval '1 second',
              CASE WHEN g > 5 THEN now() END
       FROM generate_series(1, 20000) g`,
      [T.tenantId],
    );
    await ownerQuery('ANALYZE outbox_events');
    const q = lockPendingEventsSql(T.tenantId, 100);
    const plan = await asApp(
      async (c) => (await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.text}`, q.values)).rows[0]['QUERY PLAN'][0],
      'ROLLBACK',
    );
    const scans: Record<string, unknown>[] = [];
    const walk = (n: Record<string, unknown>) => {
      if (n['Relation Name'] === 'outbox_events') scans.push(n);
      for (const k of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(k);
    };
    walk(plan.Plan);
    if (process.env.SHOW_PLANS) console.log(JSON.stringify(plan, null, 1));
    expect(scans).toHaveLength(1);
    expect(scans[0]!['Index Name']).toMatch(/^outbox_events_(tenant_)?pending_idx$/);
    // Rows read: undispatched events only (ours, and at most those other suites left
    // behind in this shared database), never the 19,995 dispatched ones.
    const [{ pending }] = await ownerQuery<{ pending: number }>(
      'SELECT count(*)::int AS pending FROM outbox_events WHERE dispatched_at IS NULL',
    );
    const read = Number(scans[0]!['Actual Rows']) + Number(scans[0]!['Rows Removed by Filter'] ?? 0);
    expect(read).toBeGreaterThanOrEqual(5);
    expect(read).toBeLessThanOrEqual(pending!);
    expect(pending!).toBeLessThan(19_995);
  });
});

describe('orders', () => {
  it('every index on orders has a reader: per-tenant lists, and the expiry look-up on the partial pending index', async () => {
    const idx = await ownerQuery<{ name: string }>(
      "SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'orders'::regclass ORDER BY 1",
    );
    expect(idx.map((r) => r.name)).toEqual([
      // Unique: one order per cart, whatever the races (its reader is the constraint).
      'orders_cart_id_key',
      // Guests' unpaid orders by e-mail (the pending cap) and attaching them on sign-up.
      'orders_guest_email_idx',
      'orders_pending_created_idx',
      'orders_pkey',
      'orders_tenant_id_created_at_idx',
      'orders_tenant_id_customer_id_created_at_idx',
      'orders_tenant_id_status_created_at_idx',
    ]);
    // The expiry worker's cross-tenant look-up, planned as it runs (commerce_definer).
    const [fn] = await ownerQuery<{ src: string }>(
      "SELECT prosrc AS src FROM pg_proc WHERE proname = 'app_expired_pending_orders'",
    );
    const c = new Client({ connectionString: testDbUrl() });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE commerce_definer');
      const sql = fn!.src.replace(/p_older_than_seconds/g, '$1::int').replace(/p_limit/g, '$2::int');
      const r = await c.query(`EXPLAIN ${sql}`, [1800, 100]);
      await c.query('ROLLBACK');
      const text = r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
      expect(text).toMatch(/orders_pending_created_idx/);
      expect(text).not.toMatch(/Seq Scan on orders/);
      // Attaching a new customer's guest orders (all statuses) reads the partial guest index.
      await c.query('BEGIN');
      await c.query('SET LOCAL enable_seqscan = off');
      const g = await c.query(
        `EXPLAIN SELECT id FROM orders WHERE tenant_id = $1::uuid AND customer_id IS NULL AND customer_email = $2`,
        [randomUUID(), 'a@example.com'],
      );
      await c.query('ROLLBACK');
      expect(g.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n')).toMatch(/orders_guest_email_idx/);
    } finally {
      await c.end();
    }
  });
});

describe('outbox relay deliveries', () => {
  it("creates and reads a batch's deliveries without reading the tenant's delivery history", async () => {
    const tn = await signUpTenant(t.app);
    const [ep] = await ownerQuery<{ id: string }>(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret_enc, updated_at)
       VALUES (gen_random_uuid(), $1, 'https://example.com/hook', '{*}', 'x', now()) RETURNING id`,
      [tn.tenantId],
    );
    await ownerQuery(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, status, attempts, updated_at)
       SELECT gen_random_uuid(), $1, $2, 'evt_past_' || g, 'order.created', 'SUCCEEDED', 1, now()
       FROM generate_series(1, 20000) g`,
      [tn.tenantId, ep!.id],
    );
    await ownerQuery('ANALYZE webhook_deliveries');
    const events = ['evt_new_1', 'evt_new_2', 'evt_new_3'];
    // One already exists and is PENDING (a re-run after a crash): it is returned, not duplicated.
    await ownerQuery(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'evt_new_1', 'order.created', now())`,
      [tn.tenantId, ep!.id],
    );
    const { pending, read } = await withTenant(t.ctx.db, tn.tenantId, async (tx) => {
      const pending = await upsertDeliveries(
        tx,
        tn.tenantId,
        events.map((eventId) => ({ endpointId: ep!.id, eventId, eventType: 'order.created' })),
      );
      const [n] = await tx.$queryRaw<{ seq: number; idx: number }[]>`SELECT
        pg_stat_get_xact_tuples_returned('webhook_deliveries'::regclass)::int AS seq,
        pg_stat_get_xact_tuples_fetched('webhook_deliveries'::regclass)::int AS idx`;
      return { pending, read: n!.seq + n!.idx };
    });
    expect(pending).toHaveLength(3);
    expect(new Set(pending.map((d) => d.endpointId))).toEqual(new Set([ep!.id]));
    // Rows read: about the batch's own, not the 20,000 past deliveries.
    expect(read).toBeLessThan(100);
  });
});
