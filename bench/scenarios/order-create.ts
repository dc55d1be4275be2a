// order-create: signed-in customers placing 1-line orders on well-stocked products, a
// unique Idempotency-Key per request. Targets: ≥ 500 orders/s (saturation run: 50 connections,
// no throttle) and p95 < 50 ms while sustaining 500 orders/s (a second, evenly paced open-loop
// run at BENCH_ORDER_RATE, default 500/s, bench/lib/paced.ts); 0 errors in both.
import { call } from '../lib/api';
import type { BenchEnv } from '../lib/env';
import type { LoadOptions } from '../lib/load';
import { paced } from '../lib/paced';
import type { ScenarioOutcome } from '../lib/report';
import { baselines, measured, ms, ratios, skipped, warmupSeconds, type Scenario } from './common';
import { orderBody, ordersFixture } from './orders-setup';

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'order-create';
  const f = await ordersFixture(b);
  if (f.missing) return skipped(name, f.missing);
  const sample = await call(b.apiUrl, 'POST', '/api/v1/orders', {
    headers: { authorization: `Bearer ${f.tokens[0]}`, 'idempotency-key': `bench-sample-${b.id}` },
    body: JSON.parse(orderBody(f.productIds[0]!)),
    expect: [201],
  });
  let n = 0;
  const opts: LoadOptions = {
    url: `${b.apiUrl}/api/v1/orders`,
    method: 'POST',
    connections: b.settings.connections,
    duration: b.settings.duration,
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => {
      const i = n++;
      return {
        ...req,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${f.tokens[i % f.tokens.length]}`,
          'idempotency-key': `bench-${b.id}-${i}`,
        },
        body: orderBody(f.productIds[(i * 7) % f.productIds.length]!),
      };
    },
  };
  const bl = await baselines(b, opts, sample.json, { status: 201 });
  const api = await measured(opts, warmupSeconds(b));
  const rate = Number(process.env.BENCH_ORDER_RATE ?? 500);
  let k = 0;
  const pacedRun = (durationS: number) =>
    paced({
      url: opts.url,
      method: 'POST',
      rate,
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
  await pacedRun(warmupSeconds(b));
  const atRate = await pacedRun(b.settings.duration);
  const r = ratios(api, bl);
  const errs = api.errors + api.non2xx + atRate.errors + atRate.non2xx;
  return {
    scenario: name,
    status: 'DONE',
    runs: [
      { label: 'api (saturation)', result: api },
      { label: `api at ${rate}/s`, result: atRate },
    ],
    baselines: bl,
    ratio: r,
    targets: [
      { measure: 'orders/s', target: '≥ 500', actual: `${api.rps}`, pass: api.rps >= 500 },
      {
        measure: `p95 at ${rate} orders/s`,
        target: '< 50 ms',
        actual: `${ms(atRate.p95)} (${atRate.rps}/s achieved)`,
        pass: atRate.p95 < 50 && atRate.rps >= rate * 0.95,
      },
      { measure: 'errors + non-2xx', target: '0', actual: `${errs}`, pass: errs === 0 },
    ],
    details: {
      customers: f.tokens.length,
      products: f.productIds.length,
      statusCounts: api.statusCounts,
      saturationP95: api.p95,
    },
  };
}

export const orderCreate: Scenario = { name: 'order-create', run };
