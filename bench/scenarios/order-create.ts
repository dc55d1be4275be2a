// order-create: signed-in customers placing 1-line orders spread over the fixture's 50
// products, a unique Idempotency-Key per request. Issue 15 point 6 targets, against the
// order-shaped transaction from a bare pg client at the same concurrency (order-ceiling):
// orders/s at saturation (50 connections, no throttle) ≥ 0.5 × the spread-out ceiling; p95 <
// 50 ms while sustaining BENCH_ORDER_RATE (default 200/s, evenly paced, open loop,
// bench/lib/paced.ts; p50 printed beside it); 0 errors in both. Bare Express / node:http
// serving the same body stay as the HTTP-framework baselines of the table.
import { call } from '../lib/api';
import type { BenchEnv } from '../lib/env';
import { load, type LoadOptions, type LoadResult } from '../lib/load';
import { cpuSpan, type CpuSpan } from '../lib/cpu';
import { paced } from '../lib/paced';
import { perRequest, watchPg } from '../lib/pg-activity';
import type { ScenarioOutcome } from '../lib/report';
import { pacedP95Target, ratioOf, ratioTarget } from '../lib/targets';
import { baselines, ratios, skipped, warmupSeconds, type Scenario } from './common';
import { ceiling, dbName } from './order-ceiling';
import { orderBody, orderLoad, ordersFixture, type OrdersFixture } from './orders-setup';

export const ORDER_RATE = Number(process.env.BENCH_ORDER_RATE ?? 200);

/** 50 products: 7 and 50 are coprime, so consecutive requests cycle through all of them. */
const saturationOptions = (b: BenchEnv, f: OrdersFixture, keyPrefix: string): LoadOptions =>
  orderLoad(b, f, keyPrefix, (i) => orderBody(f.productIds[(i * 7) % f.productIds.length]!));

type WithPg = LoadResult & { pg: ReturnType<typeof perRequest>; cpu: CpuSpan };
let saturation: Promise<WithPg> | undefined;

/** A warm-up, then `run` measured with PostgreSQL's activity (WAL, commits, checkpoints, waits). */
export async function watched(
  b: BenchEnv,
  warm: () => Promise<unknown>,
  run: () => Promise<LoadResult>,
): Promise<WithPg> {
  await warm();
  const cpu = cpuSpan({ api: b.api.proc.pid, worker: b.worker.proc.pid, bench: process.pid });
  const [r, act] = await watchPg(b.adminUrl, dbName(b), run);
  return { ...r, cpu: cpu(r.requests), pg: perRequest(act, r.requests) };
}

/** POST /orders at saturation, spread over 50 products: measured once per bench run (checkout's reference too). */
export function orderSaturation(b: BenchEnv): Promise<WithPg> {
  saturation ??= (async () => {
    const f = await ordersFixture(b);
    if (f.missing) throw new Error(f.missing);
    const o = saturationOptions(b, f, `bench-${b.id}-sat`);
    return watched(
      b,
      () => load({ ...o, duration: warmupSeconds(b) }),
      () => load(o),
    );
  })();
  return saturation;
}

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'order-create';
  const f = await ordersFixture(b);
  if (f.missing) return skipped(name, f.missing);
  const sample = await call(b.apiUrl, 'POST', '/api/v1/orders', {
    headers: { authorization: `Bearer ${f.tokens[0]}`, 'idempotency-key': `bench-sample-${b.id}` },
    body: JSON.parse(orderBody(f.productIds[0]!)),
    expect: [201],
  });
  const bl = await baselines(b, saturationOptions(b, f, `bench-${b.id}-bl`), sample.json, { status: 201 });
  const top = await ceiling(b, { mode: 'spread' });
  const api = await orderSaturation(b);
  let k = 0;
  const pacedRun = (durationS: number) =>
    paced({
      url: `${b.apiUrl}/api/v1/orders`,
      method: 'POST',
      rate: ORDER_RATE,
      durationS,
      request: () => {
        const i = 1_000_000 + k++;
        return {
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${f.tokens[i % f.tokens.length]}`,
            'idempotency-key': `bench-${b.id}-${i}`,
          },
          body: orderBody(f.productIds[(i * 7) % f.productIds.length]!),
        };
      },
    });
  const atRate = await watched(
    b,
    () => pacedRun(warmupSeconds(b)),
    () => pacedRun(b.settings.duration),
  );
  const errs = api.errors + api.non2xx + atRate.errors + atRate.non2xx;
  return {
    scenario: name,
    status: 'DONE',
    runs: [
      { label: 'api (saturation, 50 products)', result: api },
      { label: `api at ${ORDER_RATE}/s paced`, result: atRate },
      { label: `bare pg ceiling, spread (${top.clients} conns)`, result: top },
    ],
    baselines: bl,
    ratio: ratios(api, bl),
    targets: [
      ratioTarget('orders/s ÷ bare-pg ceiling (spread over 50)', api.rps, top.rps, 0.5),
      pacedP95Target(`latency at ${ORDER_RATE} orders/s`, atRate, ORDER_RATE, 50),
      { measure: 'errors + non-2xx', target: '0', actual: `${errs}`, pass: errs === 0 },
    ],
    details: {
      customers: f.tokens.length,
      products: f.productIds.length,
      statusCounts: api.statusCounts,
      saturationP95: api.p95,
      pgPerOrder: { saturation: api.pg, paced: atRate.pg, ceiling: top.pg },
      cpuPerOrder: { saturation: api.cpu, paced: atRate.cpu },
      ceilingRps: top.rps,
      ratioToCeiling: ratioOf(api.rps, top.rps),
      issueReference:
        'AMD host before issue 15: ceiling ~1,190 tx/s, API 300 orders/s (0.25×), p95 122 ms / p50 9 ms at 200/s',
    },
  };
}

export const orderCreate: Scenario = { name: 'order-create', run };
