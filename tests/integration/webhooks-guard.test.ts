// Delivery-time protections: the SSRF guard re-checks every delivery (an endpoint that
// was accepted earlier can't reach loopback/link-local targets), and a slow receiver of
// one tenant holds at most WEBHOOK_ENDPOINT_CONCURRENCY worker slots, so other tenants'
// deliveries are not delayed.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { withTenant } from '../../src/platform/db/prisma';
import { emitEvent } from '../../src/modules/webhooks/outbox.repository';
import { startOutboxRelay } from '../../src/workers/outbox-relay';
import { startWebhookDeliveryWorker } from '../../src/workers/webhook-delivery';
import type { WorkerHandle } from '../../src/workers';

const prefix = process.env.TEST_REDIS_PREFIX ?? 'test:local';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let rx: Receiver;
const handles: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => {
  for (const h of handles.reverse()) await h.close();
  await rx?.close();
});

/** An app with its own queue, relay (for its own tenants only) and delivery worker. */
async function pipeline(env: Record<string, string>) {
  const app: TestApp = await makeTestApp({ WEBHOOK_RELAY_INTERVAL_MS: '25', ...env });
  const tenants = new Set<string>();
  const relay = await startOutboxRelay(app.ctx, { tenantIds: () => tenants });
  const worker: WorkerHandle = await startWebhookDeliveryWorker(app.ctx);
  handles.push(app, relay, worker);
  return { app, tenants };
}

async function addEndpoint(app: TestApp, tn: SignedUpTenant, url: string, events = ['*']): Promise<string> {
  const res = await request(app.app)
    .post('/api/v1/webhook-endpoints')
    .set('X-API-Key', tn.apiKey)
    .send({ url, events });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

describe('SSRF guard at delivery (WEBHOOK_ALLOW_PRIVATE_URLS=false)', () => {
  it('refuses loopback, link-local/metadata and mapped-IPv6 targets on every attempt and never connects', async () => {
    const strict = await pipeline({
      WEBHOOK_ALLOW_PRIVATE_URLS: 'false',
      WEBHOOK_RETRY_SCHEDULE: '50ms,50ms',
      REDIS_PREFIX: `${prefix}:whg-ssrf`,
    });
    // Registered while private targets were allowed (think: DNS pointed elsewhere back then).
    const lenient = await makeTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    handles.push(lenient);
    const tn = await signUpTenant(lenient.app);
    strict.tenants.add(tn.tenantId);
    const p = `/ssrf/${randomUUID()}`;
    const targets: Array<[string, RegExp]> = [
      [`http://127.0.0.1:${rx.port}${p}`, /scheme must be https/],
      [`https://127.0.0.1:${rx.port}${p}`, /loopback/],
      [`https://localhost:${rx.port}${p}`, /host "localhost" resolves to .*loopback/],
      [`https://[::ffff:127.0.0.1]:${rx.port}${p}`, /loopback/],
      ['https://169.254.169.254/latest/meta-data/', /link-local/],
      ['https://10.0.0.1/hook', /private/],
    ];
    const ids = new Map<string, RegExp>();
    for (const [url, why] of targets) ids.set(await addEndpoint(lenient, tn, url), why);

    await withTenant(strict.app.ctx.db, tn.tenantId, (tx) => emitEvent(tx, tn.tenantId, 'order.created', { x: 1 }));

    for (const [id, why] of ids) {
      const end = Date.now() + 30_000;
      let d: Record<string, unknown> | undefined;
      while (Date.now() < end) {
        const res = await request(strict.app.app)
          .get(`/api/v1/webhook-endpoints/${id}/deliveries`)
          .set('X-API-Key', tn.apiKey);
        d = res.body.data[0];
        if (d?.status === 'FAILED') break;
        await sleep(50);
      }
      expect(d).toMatchObject({ status: 'FAILED', attempts: 3, lastStatusCode: null });
      expect(d!.lastError).toMatch(/^URL refused: /);
      expect(d!.lastError).toMatch(why);
    }
    expect(rx.on(p)).toHaveLength(0);
  });
});

describe('tenant fairness', () => {
  it("a slow receiver of one tenant doesn't delay another tenant's deliveries", async () => {
    const { app, tenants } = await pipeline({
      WEBHOOK_CONCURRENCY: '4',
      WEBHOOK_ENDPOINT_CONCURRENCY: '2',
      REDIS_PREFIX: `${prefix}:whg-fair`,
    });
    const slowT = await signUpTenant(app.app);
    const fastT = await signUpTenant(app.app);
    tenants.add(slowT.tenantId);
    tenants.add(fastT.tenantId);
    const pSlow = `/slow/${randomUUID()}`;
    const pFast = `/fast/${randomUUID()}`;
    let active = 0;
    let maxActive = 0;
    rx.respond(pSlow, () => {
      active++;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => active--, 4000);
      return { status: 200, delayMs: 4000 };
    });
    await addEndpoint(app, slowT, rx.url(pSlow));
    await addEndpoint(app, fastT, rx.url(pFast));

    const emit = (tn: SignedUpTenant, i: number) =>
      withTenant(app.ctx.db, tn.tenantId, (tx) => emitEvent(tx, tn.tenantId, 'order.created', { i }));
    for (let i = 0; i < 6; i++) await emit(slowT, i);
    await rx.waitFor(() => rx.on(pSlow).length >= 2); // the slow endpoint now holds its slots

    const started = Date.now();
    for (let i = 0; i < 5; i++) await emit(fastT, i);
    await rx.waitFor(() => rx.on(pFast).length >= 5, 10_000);
    const fastTook = Date.now() - started;
    // With all 4 slots stuck on the slow receiver this would take ≥ 4 s.
    expect(fastTook).toBeLessThan(3000);
    // Meanwhile the slow endpoint never had more than its 2 slots; its other jobs stepped aside.
    expect(maxActive).toBeLessThanOrEqual(2);
    expect(rx.on(pSlow)).toHaveLength(2);
  });
});
