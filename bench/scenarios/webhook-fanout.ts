// webhook-fanout: product.created events (created through the API) fanned out to K endpoints
// on a local fast receiver; deliveries/s measured at the receiver (distinct webhook-id per
// endpoint) while the separate worker process relays and delivers. Target: ≥ 1,000/s.
// Baselines: autocannon POSTing the same event payload straight at bare Express / node:http
// with WEBHOOK_CONCURRENCY (50) connections, i.e. the ceiling of one sender on this box.
import { call, productBody, signUpTenant } from '../lib/api';
import type { BenchEnv } from '../lib/env';
import { load } from '../lib/load';
import { sleep } from '../lib/proc';
import type { ScenarioOutcome } from '../lib/report';
import { baselines, skipped, type Scenario } from './common';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 500);
const ENDPOINTS = Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 20);
const TIMEOUT_MS = 180_000;

interface Stats {
  count: number;
  distinct: number;
  first: number;
  last: number;
}

async function stats(url: string): Promise<Stats> {
  return (await (await fetch(`${url}/stats`)).json()) as Stats;
}

async function waitOutboxDrained(b: BenchEnv, maxMs: number): Promise<number> {
  const until = Date.now() + maxMs;
  let pending = 0;
  do {
    const [r] = await b.ownerQuery<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL',
    );
    pending = r?.n ?? 0;
    if (pending === 0) return 0;
    await sleep(500);
  } while (Date.now() < until);
  return pending;
}

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'webhook-fanout';
  const tenant = await signUpTenant(b.apiUrl, 'hooks');
  const h = { 'x-api-key': tenant.apiKey };
  const probe = await call(b.apiUrl, 'GET', '/api/v1/webhook-endpoints', { headers: h, expect: [200, 404] });
  if (probe.status === 404) return skipped(name, 'the /api/v1/webhook-endpoints routes do not exist yet');
  const backlog = await waitOutboxDrained(b, 60_000);
  const receiver = await b.startReceiver();
  try {
    for (let i = 0; i < ENDPOINTS; i++)
      await call(b.apiUrl, 'POST', '/api/v1/webhook-endpoints', {
        headers: h,
        body: { url: `${receiver.url}/hook/${i}`, events: ['product.created'], description: `bench ${i}` },
      });
    // The backlog is created while no worker runs, so the drain measures the delivery
    // pipeline (relay + delivery worker), not how fast the API can create events.
    let t0 = 0;
    let n = 0;
    let gen: Awaited<ReturnType<typeof load>> | undefined;
    await b.restartWorker(async () => {
      gen = await load({
        url: `${b.apiUrl}/api/v1/products`,
        method: 'POST',
        connections: 20,
        amount: EVENTS,
        timeoutMs: 120_000,
        headers: { 'content-type': 'application/json', ...h },
        setupRequest: (req) => ({
          ...req,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...h },
          body: JSON.stringify(productBody({ sku: `HOOK-${b.id}-${n++}` })),
        }),
      });
      t0 = Date.now();
    });
    if (!gen) throw new Error('no events were generated');
    const created = gen.statusCounts['201'] ?? 0;
    const expected = created * ENDPOINTS;
    let s = await stats(receiver.url);
    while (s.distinct < expected && Date.now() - t0 < TIMEOUT_MS) {
      await sleep(200);
      s = await stats(receiver.url);
    }
    const drainS = Math.max(0.001, (s.last - s.first) / 1000);
    // From the moment the new worker process was started (includes its boot, ~1 s).
    const e2eS = Math.max(0.001, (s.last - t0) / 1000);
    const perS = Math.round((s.distinct / drainS) * 10) / 10;
    const e2e = Math.round((s.distinct / e2eS) * 10) / 10;
    const sampleEvent = {
      id: 'evt_0123456789abcdef0123456789abcdef',
      type: 'product.created',
      createdAt: new Date().toISOString(),
      tenantId: tenant.id,
      data: productBody(),
    };
    const bl = await baselines(
      b,
      {
        url: `${b.apiUrl}/hook/0`,
        method: 'POST',
        connections: 50,
        duration: b.settings.duration,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleEvent),
      },
      { received: true },
    );
    const result = {
      requests: s.distinct,
      durationS: drainS,
      rps: perS,
      p50: 0,
      p95: 0,
      p99: 0,
      max: 0,
      mean: 0,
      errors: 0,
      non2xx: 0,
      statusCounts: { '204': s.count },
    };
    const complete = s.distinct === expected && created === EVENTS;
    return {
      scenario: name,
      status: 'DONE',
      runs: [{ label: `${EVENTS} events × ${ENDPOINTS} endpoints (deliveries/s)`, result }],
      baselines: bl,
      ratio: {
        vsExpress: Math.round((perS / bl.express.rps) * 1000) / 1000,
        vsRaw: Math.round((perS / bl.raw.rps) * 1000) / 1000,
      },
      targets: [
        { measure: 'deliveries/s (first→last receipt)', target: '≥ 1000', actual: `${perS}`, pass: perS >= 1000 },
        {
          measure: 'all deliveries arrived',
          target: `${EVENTS * ENDPOINTS}`,
          actual: `${s.distinct} (${s.count} requests)`,
          pass: complete,
        },
      ],
      details: {
        eventsCreated: created,
        eventCreationRps: gen.rps,
        eventCreationP95Ms: gen.p95,
        endpoints: ENDPOINTS,
        deliveriesDistinct: s.distinct,
        receiverRequests: s.count,
        drainSeconds: drainS,
        workerStartToLastDeliverySeconds: e2eS,
        workerStartToLastDeliveryPerS: e2e,
        method:
          'events created through POST /products while the worker process is stopped; a fresh worker then drains the backlog; deliveries/s = distinct (endpoint, webhook-id) pairs ÷ (last − first receipt)',
        outboxBacklogBefore: backlog,
        latencyNote: 'p50/p95/p99 are not measured for deliveries (0 in runs[0])',
      },
    };
  } finally {
    await receiver.stop();
  }
}

export const webhookFanout: Scenario = { name: 'webhook-fanout', run };
