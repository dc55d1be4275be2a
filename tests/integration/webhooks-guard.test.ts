// Delivery-time protections: the SSRF guard re-checks every delivery (an endpoint that
// was accepted earlier can't reach loopback/link-local targets), and a slow receiver of
// one tenant holds at most WEBHOOK_ENDPOINT_CONCURRENCY worker slots, so other tenants'
// deliveries are not delayed.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { withTenant } from '../../src/platform/db/prisma';
import { emitEvent } from '../../src/modules/webhooks/outbox.repository';
import { startOutboxRelay } from '../../src/workers/outbox-relay';
import { startWebhookDeliveryWorker } from '../../src/workers/webhook-delivery';
import { NOT_PUBLIC } from '../../src/platform/ssrf';
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
    const refused = `URL refused: ${NOT_PUBLIC}`;
    const targets: Array<[string, string]> = [
      [`http://127.0.0.1:${rx.port}${p}`, 'URL refused: scheme must be https'],
      [`https://127.0.0.1:${rx.port}${p}`, refused],
      [`https://localhost:${rx.port}${p}`, refused], // resolved at connection time (guardedLookup)
      [`https://[::ffff:127.0.0.1]:${rx.port}${p}`, refused],
      ['https://169.254.169.254/latest/meta-data/', refused],
      ['https://10.0.0.1/hook', refused],
    ];
    const ids = new Map<string, string>();
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
      expect(d!.lastError).toBe(why);
    }
    expect(rx.on(p)).toHaveLength(0);
  });
});

describe('no resolved address leaks (WEBHOOK_ALLOW_PRIVATE_URLS=false at registration)', () => {
  it('every private target is refused with the identical body, which names no address', async () => {
    const strict = await makeTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'false' });
    handles.push(strict);
    const tn = await signUpTenant(strict.app);
    const targets = [
      'https://127.0.0.1/hook',
      'https://10.0.3.7/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://localhost:8443/hook', // a name that resolves (via /etc/hosts) to loopback
      `https://no-such-host-${randomUUID().slice(0, 8)}.invalid/hook`, // no answer at all: same body
    ];
    const bodies = new Set<string>();
    for (const url of targets) {
      const res = await request(strict.app)
        .post('/api/v1/webhook-endpoints')
        .set('X-API-Key', tn.apiKey)
        .send({ url, events: ['*'] });
      expect(res.status).toBe(400);
      const text = JSON.stringify(res.body.error);
      expect(text).not.toMatch(/127\.0\.0\.1|10\.0\.|169\.254|::1|::ffff|loopback|private|link-local|resolves to/);
      bodies.add(text);
    }
    expect([...bodies]).toEqual([
      JSON.stringify({
        code: 'VALIDATION_ERROR',
        message: `Webhook URL refused: ${NOT_PUBLIC}`,
        details: { issues: [{ path: 'url', message: NOT_PUBLIC, code: 'url_refused' }] },
      }),
    ]);
    expect(strict.logs.filter((l) => /loopback|resolves to|link-local/.test(l))).toEqual([]);
  });
});

describe('delivery errors name no address', () => {
  /** A port nothing listens on (bound, then released). */
  async function closedPort(): Promise<number> {
    const srv = http.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    return port;
  }

  it('connection refused, timeout and HTTP 500 store exactly "connection failed", "timeout", "status 500"', async () => {
    const { app, tenants } = await pipeline({
      WEBHOOK_TIMEOUT_MS: '300',
      WEBHOOK_RETRY_SCHEDULE: '50ms',
      REDIS_PREFIX: `${prefix}:whg-errors`,
    });
    const tn = await signUpTenant(app.app);
    tenants.add(tn.tenantId);
    const port = await closedPort();
    // What the socket itself says: the resolved address and port. None of it may be stored.
    const raw = await new Promise<Error>((resolve) =>
      http.get(`http://localhost:${port}/`).on('error', (e) => resolve(e)),
    );
    expect(raw.message).toMatch(new RegExp(`ECONNREFUSED (127\\.0\\.0\\.1|::1):${port}`));

    const pSlow = `/never-answers/${randomUUID()}`;
    const pErr = `/fails/${randomUUID()}`;
    rx.respond(pSlow, () => ({ status: 200, delayMs: 2000 }));
    rx.respond(pErr, () => 500);
    const expected: Array<[string, string, number | null]> = [
      [`http://127.0.0.1:${port}/hook`, 'connection failed', null],
      [`http://localhost:${port}/hook`, 'connection failed', null],
      [rx.url(pSlow), 'timeout', null],
      [rx.url(pErr), 'status 500', 500],
    ];
    const ids = new Map<string, [string, number | null]>();
    for (const [url, error, code] of expected) ids.set(await addEndpoint(app, tn, url), [error, code]);
    await withTenant(app.ctx.db, tn.tenantId, (tx) => emitEvent(tx, tn.tenantId, 'order.created', { x: 1 }));

    for (const [id, [error, code]] of ids) {
      const end = Date.now() + 30_000;
      let d: Record<string, unknown> | undefined;
      while (Date.now() < end) {
        const res = await request(app.app)
          .get(`/api/v1/webhook-endpoints/${id}/deliveries`)
          .set('X-API-Key', tn.apiKey);
        d = res.body.data[0];
        if (d?.status === 'FAILED') break;
        await sleep(50);
      }
      expect(d).toMatchObject({ status: 'FAILED', attempts: 2, lastStatusCode: code, lastError: error });
    }
    const leaked = app.logs.filter((l) => l.includes(`:${port}`) || l.includes('ECONNREFUSED'));
    expect(leaked).toEqual([]);
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
