// Outbox → relay → BullMQ → signed HTTP delivery, end to end against real PostgreSQL,
// Redis and BullMQ, with a local receiver. Signatures are checked with `standardwebhooks`.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import type { Received, Receiver } from '../helpers/receiver';
import { startWebhookPipeline, type WebhookPipeline } from '../helpers/webhook-pipeline';
import { withTenant } from '../../src/platform/db/prisma';
import { emitEvent, type EventType } from '../../src/modules/webhooks/outbox.repository';
import { startOutboxRelay } from '../../src/workers/outbox-relay';

let pipeline: WebhookPipeline;
let t: TestApp;
let rx: Receiver;
const relayed = new Set<string>();
const secrets: string[] = [];

beforeAll(async () => {
  pipeline = await startWebhookPipeline('whd', relayed);
  ({ t, rx } = pipeline);
});
afterAll(() => pipeline?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const path = (name: string) => `/${name}/${randomUUID()}`;

async function tenant(opts: { relay?: boolean } = {}): Promise<SignedUpTenant> {
  const tn = await signUpTenant(t.app);
  if (opts.relay !== false) relayed.add(tn.tenantId);
  return tn;
}

async function endpoint(tn: SignedUpTenant, p: string, events: string[]): Promise<{ id: string; secret: string }> {
  const res = await request(t.app)
    .post('/api/v1/webhook-endpoints')
    .set('X-API-Key', tn.apiKey)
    .send({ url: rx.url(p), events });
  expect(res.status).toBe(201);
  secrets.push(res.body.data.secret);
  return res.body.data;
}

const emit = (tenantId: string, type: EventType, data: Record<string, unknown>) =>
  withTenant(t.ctx.db, tenantId, (tx) => emitEvent(tx, tenantId, type, data));

/** Verifies with the merchant's secret; returns the parsed payload. */
function verified(secret: string, r: Received): Record<string, unknown> {
  const h = r.headers as Record<string, string>;
  return new Webhook(secret).verify(r.body, {
    'webhook-id': h['webhook-id']!,
    'webhook-timestamp': h['webhook-timestamp']!,
    'webhook-signature': h['webhook-signature']!,
  }) as Record<string, unknown>;
}

async function deliveries(tn: SignedUpTenant, endpointId: string, query = '') {
  const res = await request(t.app)
    .get(`/api/v1/webhook-endpoints/${endpointId}/deliveries${query}`)
    .set('X-API-Key', tn.apiKey);
  expect(res.status).toBe(200);
  return res.body as { data: Array<Record<string, unknown>>; meta: { total: number } };
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await sleep(50);
  }
}

const ids = (rs: Received[]) => rs.map((r) => r.headers['webhook-id'] as string);
const dupes = (list: string[]) => list.filter((x, i) => list.indexOf(x) !== i);

describe('delivery of outbox events', () => {
  it('delivers each event type only to endpoints subscribed to it, signed per Standard Webhooks', async () => {
    const tn = await tenant();
    const other = await tenant();
    const [pOrders, pProducts, pStock, pAll, pOther] = ['o', 'p', 'i', 'all', 'other'].map(path);
    const orders = await endpoint(tn, pOrders!, ['order.created', 'order.paid', 'order.cancelled']);
    const products = await endpoint(tn, pProducts!, ['product.created', 'product.updated', 'product.deleted']);
    const stock = await endpoint(tn, pStock!, ['inventory.low_stock']);
    const all = await endpoint(tn, pAll!, ['*']);
    await endpoint(other, pOther!, ['*']);

    const types: EventType[] = [
      'order.created',
      'order.paid',
      'order.cancelled',
      'product.created',
      'product.updated',
      'product.deleted',
      'inventory.low_stock',
    ];
    const emitted = new Map<string, string>();
    for (const type of types) emitted.set((await emit(tn.tenantId, type, { marker: type, n: 1 })).id, type);

    await rx.waitFor(() => rx.on(pAll!).length >= 7 && rx.on(pOrders!).length >= 3 && rx.on(pProducts!).length >= 3);
    await rx.waitFor(() => rx.on(pStock!).length >= 1);
    await sleep(400); // anything extra would arrive by now

    const check = (p: string, secret: string, expected: string[]) => {
      const got = rx.on(p);
      expect(got.map((r) => verified(secret, r).type).sort()).toEqual([...expected].sort());
      for (const r of got) {
        const payload = verified(secret, r);
        expect(Object.keys(payload)).toEqual(['id', 'type', 'createdAt', 'tenantId', 'data']);
        expect(payload).toEqual({
          id: r.headers['webhook-id'],
          type: emitted.get(r.headers['webhook-id'] as string),
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          tenantId: tn.tenantId,
          data: { marker: payload.type, n: 1 },
        });
        expect(r.headers['webhook-id']).toMatch(/^evt_[0-9a-f]{32}$/);
        expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
        expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers['user-agent']).toMatch(/CommerceAPI-Webhooks/);
        expect(() => verified(all.secret === secret ? orders.secret : all.secret, r)).toThrow();
      }
    };
    check(pOrders!, orders.secret, ['order.created', 'order.paid', 'order.cancelled']);
    check(pProducts!, products.secret, ['product.created', 'product.updated', 'product.deleted']);
    check(pStock!, stock.secret, ['inventory.low_stock']);
    check(pAll!, all.secret, types);
    expect(rx.on(pOther!)).toHaveLength(0); // another tenant's '*' endpoint sees none of it

    const log = await deliveries(tn, all.id);
    expect(log.meta.total).toBe(7);
    for (const d of log.data) {
      expect(d).toEqual({
        id: expect.any(String),
        eventId: expect.stringMatching(/^evt_/),
        eventType: emitted.get(d.eventId as string),
        status: 'SUCCEEDED',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
        createdAt: expect.any(String),
      });
    }
    const filtered = await deliveries(tn, all.id, '?eventType=order.paid&status=SUCCEEDED');
    expect(filtered.data.map((d) => d.eventType)).toEqual(['order.paid']);
    expect((await deliveries(tn, all.id, '?status=FAILED')).meta.total).toBe(0);
  });

  it('real catalog writes through the API (product.created/updated/deleted, inventory.low_stock) arrive signed', async () => {
    const tn = await tenant();
    const p = path('catalog');
    const ep = await endpoint(tn, p, ['product.created', 'product.updated', 'product.deleted', 'inventory.low_stock']);
    const key = { 'X-API-Key': tn.apiKey };
    const created = await request(t.app)
      .post('/api/v1/products')
      .set(key)
      .send({
        name: 'Hook Mug',
        sku: `MUG-${randomUUID().slice(0, 8)}`,
        price: '12.50',
        initialQuantity: 20,
        lowStockThreshold: 10,
      });
    expect(created.status).toBe(201);
    const productId = created.body.data.id as string;
    expect((await request(t.app).patch(`/api/v1/products/${productId}`).set(key).send({ price: '13.00' })).status).toBe(
      200,
    );
    expect((await request(t.app).patch(`/api/v1/inventory/${productId}`).set(key).send({ quantity: 5 })).status).toBe(
      200,
    );
    const admin = await adminToken(t.app, tn);
    expect(
      (await request(t.app).delete(`/api/v1/products/${productId}`).set('Authorization', `Bearer ${admin}`)).status,
    ).toBe(204);

    await rx.waitFor(() => rx.on(p).length >= 5);
    await sleep(300);
    const payloads = rx.on(p).map((r) => verified(ep.secret, r));
    // Part 2: the inventory write emits product.updated with the whole product too.
    expect(payloads.map((x) => x.type).sort()).toEqual(
      ['inventory.low_stock', 'product.created', 'product.deleted', 'product.updated', 'product.updated'].sort(),
    );
    const updates = payloads.filter((x) => x.type === 'product.updated').map((x) => x.data as Record<string, unknown>);
    expect(updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: productId,
          price: '13.00',
          inventory: expect.objectContaining({ quantity: 20 }),
        }),
        expect.objectContaining({
          id: productId,
          price: '13.00',
          inventory: expect.objectContaining({ quantity: 5 }),
          variants: [expect.objectContaining({ inventory: expect.objectContaining({ onHand: 5, available: 5 }) })],
        }),
      ]),
    );
    const byType = Object.fromEntries(payloads.map((x) => [x.type, x.data as Record<string, unknown>]));
    expect(byType['product.created']).toMatchObject({ id: productId, price: '12.50', isActive: true });
    expect(byType['product.deleted']).toMatchObject({ id: productId, isActive: false });
    expect(byType['inventory.low_stock']).toMatchObject({ productId, quantity: 5, threshold: 10 });
  });

  it('a receiver failing twice then succeeding: delivered once successfully, attempts = 3, same webhook-id', async () => {
    const tn = await tenant();
    const p = path('flaky');
    rx.respond(p, (_r, n) => (n < 2 ? 500 : 204));
    const ep = await endpoint(tn, p, ['order.created']);
    const ev = await emit(tn.tenantId, 'order.created', { id: 'o1' });

    await rx.waitFor(() => rx.on(p).length >= 3);
    const log = await until(
      () => deliveries(tn, ep.id),
      (l) => l.data[0]?.status === 'SUCCEEDED',
    );
    await sleep(400);
    const got = rx.on(p);
    expect(got).toHaveLength(3);
    expect(new Set(ids(got))).toEqual(new Set([ev.id]));
    for (const r of got) expect(verified(ep.secret, r).id).toBe(ev.id);
    expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(70); // 100 ms ± jitter
    expect(log.data).toEqual([
      expect.objectContaining({
        eventId: ev.id,
        status: 'SUCCEEDED',
        attempts: 3,
        lastStatusCode: 204,
        lastError: null,
        nextAttemptAt: null,
      }),
    ]);
  });

  it('an always-failing receiver ends FAILED after the retry schedule, with the last error recorded', async () => {
    const tn = await tenant();
    const p = path('dead');
    rx.respond(p, () => 503);
    const ep = await endpoint(tn, p, ['order.paid']);
    const ev = await emit(tn.tenantId, 'order.paid', { id: 'o2' });

    const log = await until(
      () => deliveries(tn, ep.id),
      (l) => l.data[0]?.status === 'FAILED',
    );
    expect(log.data[0]).toMatchObject({
      eventId: ev.id,
      status: 'FAILED',
      attempts: 3, // first try + 2 scheduled retries
      lastStatusCode: 503,
      lastError: 'status 503', // the status only, never the receiver's body
      nextAttemptAt: null,
    });
    await sleep(500);
    expect(rx.on(p)).toHaveLength(3);
  });

  it('records a pending retry with nextAttemptAt while waiting', async () => {
    const tn = await tenant();
    const p = path('slowretry');
    // 1st attempt fails; the 2nd is held open while we read the log, then fails too.
    rx.respond(p, (_r, n) => (n === 0 ? 500 : { status: 500, delayMs: 1500 }));
    const ep = await endpoint(tn, p, ['payment.failed']);
    await emit(tn.tenantId, 'payment.failed', { id: 'pay1' });
    await rx.waitFor(() => rx.on(p).length >= 2);
    const d = (await deliveries(tn, ep.id)).data[0]!;
    expect(d).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500, lastError: 'status 500' });
    expect(Date.parse(d.nextAttemptAt as string)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(d.nextAttemptAt as string)).toBeGreaterThan(Date.parse(d.createdAt as string));
  });

  it('a rolled-back change emits nothing', async () => {
    const tn = await tenant();
    const p = path('rollback');
    await endpoint(tn, p, ['*']);
    const marker = randomUUID();
    await expect(
      withTenant(t.ctx.db, tn.tenantId, async (tx) => {
        await emitEvent(tx, tn.tenantId, 'order.created', { marker });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const after = await emit(tn.tenantId, 'order.created', { marker: 'committed' });
    await rx.waitFor(() => ids(rx.on(p)).includes(after.id));
    await sleep(300);
    expect(rx.on(p)).toHaveLength(1);
    expect(rx.on(p)[0]!.body).not.toContain(marker);
    const rows = await ownerQuery('SELECT id FROM outbox_events WHERE payload::text LIKE $1', [`%${marker}%`]);
    expect(rows).toHaveLength(0);
  });

  it('relay crash between enqueue and mark: re-runs deliver each event exactly once', async () => {
    const tn = await tenant({ relay: false }); // only the crashing relay below sees this tenant
    const p = path('crash');
    await endpoint(tn, p, ['*']);
    const events = [];
    for (let i = 0; i < 20; i++) events.push(await emit(tn.tenantId, 'order.created', { i }));
    const crashing = await startOutboxRelay(t.ctx, {
      tenantIds: () => [tn.tenantId],
      autoStart: false,
      afterEnqueue: () => {
        throw new Error('simulated crash before marking dispatched');
      },
    });
    const healthy = await startOutboxRelay(t.ctx, { tenantIds: () => [tn.tenantId], autoStart: false });
    try {
      expect(await crashing.runOnce()).toBe(0);
      const pending = await ownerQuery('SELECT id FROM outbox_events WHERE tenant_id = $1 AND dispatched_at IS NULL', [
        tn.tenantId,
      ]);
      expect(pending).toHaveLength(20); // nothing marked: the "crash" rolled the mark back
      await rx.waitFor(() => rx.on(p).length >= 20); // the jobs enqueued before the crash still deliver
      expect(await crashing.runOnce()).toBe(0); // crash again after delivery: jobs re-added, skipped as done
      expect(await healthy.runOnce()).toBe(20);
      expect(await healthy.runOnce()).toBe(0);
    } finally {
      await crashing.close();
      await healthy.close();
    }
    await sleep(600);
    const got = ids(rx.on(p));
    expect(dupes(got)).toEqual([]);
    expect(new Set(got)).toEqual(new Set(events.map((e) => e.id)));
    const left = await ownerQuery('SELECT id FROM outbox_events WHERE tenant_id = $1 AND dispatched_at IS NULL', [
      tn.tenantId,
    ]);
    expect(left).toHaveLength(0);
    const rows = await ownerQuery<{ n: string }>(
      'SELECT count(*)::text AS n FROM webhook_deliveries WHERE tenant_id = $1',
      [tn.tenantId],
    );
    expect(rows[0]!.n).toBe('20');
  });

  it('two relays running at once deliver each event exactly once', async () => {
    const tn = await tenant({ relay: false });
    const p = path('race');
    await endpoint(tn, p, ['order.created']);
    const a = await startOutboxRelay(t.ctx, { tenantIds: () => [tn.tenantId], autoStart: false });
    const b = await startOutboxRelay(t.ctx, { tenantIds: () => [tn.tenantId], autoStart: false });
    const emittedIds: string[] = [];
    try {
      for (let round = 0; round < 8; round++) {
        const batch = await Promise.all(
          Array.from({ length: 15 }, (_, i) => emit(tn.tenantId, 'order.created', { round, i })),
        );
        emittedIds.push(...batch.map((e) => e.id));
        await Promise.all([a.runOnce(), b.runOnce()]);
      }
      while ((await Promise.all([a.runOnce(), b.runOnce()])).some((n) => n > 0));
    } finally {
      await a.close();
      await b.close();
    }
    await rx.waitFor(() => rx.on(p).length >= emittedIds.length);
    await sleep(500);
    const got = ids(rx.on(p));
    expect(dupes(got)).toEqual([]);
    expect(new Set(got)).toEqual(new Set(emittedIds));
  });
  it('a PENDING delivery whose queue job was lost (e.g. Redis data loss) is re-enqueued by the sweeper', async () => {
    const tn = await tenant({ relay: false });
    const p = path('lostjob');
    const ep = await endpoint(tn, p, ['*']);
    const ev = await emit(tn.tenantId, 'order.created', { lost: true });
    const [d] = await ownerQuery<{ id: string }>(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, status, next_attempt_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'order.created', 'PENDING', now() - interval '10 minutes', now())
       RETURNING id`,
      [tn.tenantId, ep.id, ev.id],
    );
    const sweeper = await startOutboxRelay(t.ctx, { tenantIds: () => [tn.tenantId], autoStart: false });
    try {
      expect(await sweeper.sweepOnce()).toBe(1);
      await rx.waitFor(() => rx.on(p).length >= 1);
      const log = await until(
        () => deliveries(tn, ep.id),
        (l) => l.data[0]?.status === 'SUCCEEDED',
      );
      expect(log.data[0]).toMatchObject({ id: d!.id, attempts: 1 });
      expect(await sweeper.sweepOnce()).toBe(0);
    } finally {
      await sweeper.close();
    }
    expect(ids(rx.on(p))).toEqual([ev.id]);
    expect(verified(ep.secret, rx.on(p)[0]!).id).toBe(ev.id);
  });

  it('drains a backlog in back-to-back passes, then waits the poll interval before the next one', async () => {
    const tn = await tenant({ relay: false });
    const undispatched = async () =>
      (
        await ownerQuery<{ n: number }>(
          'SELECT count(*)::int AS n FROM outbox_events WHERE tenant_id = $1 AND dispatched_at IS NULL',
          [tn.tenantId],
        )
      )[0]!.n;
    for (let i = 0; i < 7; i++) await emit(tn.tenantId, 'order.created', { backlog: i });
    const config = { ...t.ctx.config, WEBHOOK_RELAY_BATCH: 3, WEBHOOK_RELAY_INTERVAL_MS: 60_000 };
    let late: Promise<void> | undefined;
    const paced = await startOutboxRelay(
      { ...t.ctx, config },
      {
        tenantIds: () => [tn.tenantId],
        // During the pass that finds less than a batch, another event commits.
        afterEnqueue: (_tenant, eventIds) => {
          if (eventIds.length < 3 && !late)
            late = emit(tn.tenantId, 'order.created', { late: true }).then(() => undefined);
          return late;
        },
      },
    );
    try {
      // 3, 3, then 1: each full batch is followed at once by another pass (not a minute later).
      await until(
        async () => (late ? undispatched() : -1),
        (n) => n === 1,
        5_000,
      );
      // The pass that found 1 event (< a batch) is followed by the poll interval, not by
      // another pass: the event committed meanwhile waits for it.
      await sleep(1_000);
      expect(await undispatched()).toBe(1);
    } finally {
      await paced.close();
    }
  });
});

describe('endpoint lifecycle during delivery', () => {
  it('after rotate-secret, new deliveries are signed with the new secret only', async () => {
    const tn = await tenant();
    const p = path('rotate');
    const ep = await endpoint(tn, p, ['*']);
    const first = await emit(tn.tenantId, 'product.created', { v: 1 });
    await rx.waitFor(() => ids(rx.on(p)).includes(first.id));
    expect(verified(ep.secret, rx.on(p)[0]!).id).toBe(first.id);

    const rot = await request(t.app)
      .post(`/api/v1/webhook-endpoints/${ep.id}/rotate-secret`)
      .set('X-API-Key', tn.apiKey);
    expect(rot.status).toBe(200);
    const newSecret = rot.body.data.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(ep.secret);

    const second = await emit(tn.tenantId, 'product.updated', { v: 2 });
    await rx.waitFor(() => ids(rx.on(p)).includes(second.id));
    const r = rx.on(p).find((x) => x.headers['webhook-id'] === second.id)!;
    expect(verified(newSecret, r).id).toBe(second.id);
    expect(() => verified(ep.secret, r)).toThrow(/No matching signature/);
  });

  it('a disabled endpoint gets nothing new; re-enabled it receives new events again', async () => {
    const tn = await tenant();
    const pOff = path('off');
    const pOn = path('on');
    const off = await endpoint(tn, pOff, ['*']);
    await endpoint(tn, pOn, ['*']);
    const patch = await request(t.app)
      .patch(`/api/v1/webhook-endpoints/${off.id}`)
      .set('X-API-Key', tn.apiKey)
      .send({ disabled: true });
    expect(patch.status).toBe(200);
    expect(patch.body.data.disabled).toBe(true);
    const ev = await emit(tn.tenantId, 'order.created', { x: 1 });
    await rx.waitFor(() => ids(rx.on(pOn)).includes(ev.id));
    await sleep(300);
    expect(rx.on(pOff)).toHaveLength(0);
    expect((await deliveries(tn, off.id)).meta.total).toBe(0);

    await request(t.app)
      .patch(`/api/v1/webhook-endpoints/${off.id}`)
      .set('X-API-Key', tn.apiKey)
      .send({ disabled: false });
    const ev2 = await emit(tn.tenantId, 'order.created', { x: 2 });
    await rx.waitFor(() => ids(rx.on(pOff)).includes(ev2.id));
    expect(ids(rx.on(pOff))).toEqual([ev2.id]);
  });

  it('an endpoint failing continuously for WEBHOOK_DISABLE_AFTER is disabled, with an audit row saying why', async () => {
    const tn = await tenant();
    const p = path('disable');
    rx.respond(p, () => 500);
    const ep = await endpoint(tn, p, ['*']);
    // Its failure run started 4 days ago (default limit 3 d): the next failure crosses the limit.
    await ownerQuery(`UPDATE webhook_endpoints SET failing_since = now() - interval '4 days' WHERE id = $1`, [ep.id]);
    const ev = await emit(tn.tenantId, 'order.created', { first: true });
    const got = await until(
      () => request(t.app).get(`/api/v1/webhook-endpoints/${ep.id}`).set('X-API-Key', tn.apiKey),
      (res) => res.body.data?.disabled === true,
    );
    expect(got.body.data.disabledReason).toMatch(/disabled automatically: every delivery failed since/);
    const audit = await ownerQuery<{ user_id: string | null; changes: unknown; action: string }>(
      `SELECT user_id, changes, action FROM audit_logs
       WHERE tenant_id = $1 AND resource = 'webhook_endpoint' AND resource_id = $2 AND actor_type = 'system'`,
      [tn.tenantId, ep.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'UPDATE', user_id: null });
    expect(audit[0]!.changes).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    expect(JSON.stringify(audit)).not.toContain(ep.secret.slice(6));
    // Nothing more goes to it: neither the scheduled retry nor new events.
    await emit(tn.tenantId, 'order.created', { later: true });
    const log = await until(
      () => deliveries(tn, ep.id),
      (l) => l.data[0]?.status === 'FAILED',
    );
    expect(log.data).toEqual([
      expect.objectContaining({ eventId: ev.id, status: 'FAILED', attempts: 1, lastError: 'endpoint disabled' }),
    ]);
    await sleep(400);
    expect(rx.on(p)).toHaveLength(1);
  });

  it('POST /webhook-deliveries/:id/retry redelivers a FAILED delivery now, with the same webhook-id', async () => {
    const tn = await tenant();
    const p = path('manual');
    let healthy = false;
    rx.respond(p, () => (healthy ? 200 : 500));
    const ep = await endpoint(tn, p, ['order.cancelled']);
    const ev = await emit(tn.tenantId, 'order.cancelled', { id: 'o9' });
    const failed = await until(
      () => deliveries(tn, ep.id),
      (l) => l.data[0]?.status === 'FAILED',
    );
    healthy = true;
    const deliveryId = failed.data[0]!.id as string;
    const res = await request(t.app).post(`/api/v1/webhook-deliveries/${deliveryId}/retry`).set('X-API-Key', tn.apiKey);
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ id: deliveryId, status: 'PENDING' });
    const done = await until(
      () => deliveries(tn, ep.id),
      (l) => l.data[0]?.status === 'SUCCEEDED',
    );
    expect(done.data[0]).toMatchObject({ attempts: 4, lastStatusCode: 200, lastError: null });
    const last = rx.on(p).at(-1)!;
    expect(last.headers['webhook-id']).toBe(ev.id);
    expect(verified(ep.secret, last).id).toBe(ev.id);
  });

  it('exposes delivery metrics, outbox lag and queue depth on /metrics', async () => {
    await sleep(2200); // queue depth is sampled every 2 s
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/webhook_deliveries_total\{result="success"\} [1-9]/);
    expect(res.text).toMatch(/webhook_deliveries_total\{result="retry"\} [1-9]/);
    expect(res.text).toMatch(/webhook_deliveries_total\{result="failed"\} [1-9]/);
    expect(res.text).toMatch(/webhook_delivery_duration_seconds_count [1-9]/);
    expect(res.text).toMatch(/^outbox_lag_seconds \d/m);
    expect(res.text).toMatch(/webhook_queue_depth\{state="delayed"\} \d/);
  });

  it('never writes a webhook secret to the logs, and no delivery job failed for infrastructure reasons', () => {
    const logs = t.logs.join('\n');
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) expect(logs).not.toContain(s.slice(6));
    expect(logs).not.toContain('webhook delivery job failed');
    const crashes = t.logs.filter((l) => l.includes('outbox relay failed for tenant') && l.includes('simulated crash'));
    expect(crashes).toHaveLength(2); // the two simulated crashes were logged
  });
});
