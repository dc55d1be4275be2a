// checkout (issue 15 point 7): full guest checkouts through the cart API of the contract
// ("Carts and checkout"): POST /carts with one item (X-Tenant), PATCH e-mail + shipping
// address, GET shipping-rates, POST shipping-method, POST complete (Idempotency-Key).
// Its own tenant: 50 products (10M stock), a US shipping zone with two rates (one free above
// 100.00) and a US tax rate that applies to shipping, so pricing does real work on every
// step. Each checkout is a distinct guest e-mail (the unpaid-order cap counts per e-mail).
// Targets, measured in the same run:
// - saturation (BENCH_CONNECTIONS concurrent virtual checkouts, back to back): completed
//   checkouts/s ≥ 0.5 × the spread-out POST /orders rate (order-create's saturation run);
// - paced, open loop: BENCH_CHECKOUT_RATE (50) checkouts/s for the bench duration: p95 of
//   every step < 30 ms; 0 failed checkouts.
// Beside it: one checkout at a time (the way Medusa's figure was taken) and Medusa's
// published reference (~3 checkouts/s sequential, ~300-350 ms per create+add+complete).
import { ADDRESS, call, createProduct, pool, signUpTenant, type Tenant } from '../lib/api';
import {
  checkout,
  checkoutResult,
  newRecorder,
  stepResults,
  STEPS,
  type CheckoutInput,
  type FlowRecorder,
} from '../lib/checkout-flow';
import type { BenchEnv } from '../lib/env';
import type { LoadResult } from '../lib/load';
import { RawHttpPool } from '../lib/raw-http';
import type { ScenarioOutcome } from '../lib/report';
import { ratioOf, ratioTarget, stepTargets } from '../lib/targets';
import { skipped, warmupSeconds, type Scenario } from './common';
import { orderSaturation } from './order-create';

const RATE = Number(process.env.BENCH_CHECKOUT_RATE ?? 50);
const STEP_P95_MS = 30;
const PRODUCTS = 50;
const MEDUSA = { checkoutsPerSecond: 3, msPerCheckout: '300-350 (create + add + complete)' };

export interface CheckoutFixture {
  tenant: Tenant;
  variantIds: string[];
  rateId: string;
}

let fixtureP: Promise<CheckoutFixture | string> | undefined;

/** The checkout tenant (zone, rates, tax, 50 products), made once per bench run; a string: why it is skipped. */
export function checkoutFixture(b: BenchEnv): Promise<CheckoutFixture | string> {
  fixtureP ??= fixture(b);
  return fixtureP;
}

async function fixture(b: BenchEnv): Promise<CheckoutFixture | string> {
  const tenant = await signUpTenant(b.apiUrl, 'checkout');
  const probe = await call(b.apiUrl, 'POST', '/api/v1/carts', {
    headers: { 'x-tenant': tenant.subdomain },
    body: {},
    expect: [201, 400, 401, 403, 404, 422],
  });
  if (probe.status === 404) return 'POST /api/v1/carts does not exist yet (src/modules/carts)';
  const admin = { 'x-api-key': tenant.apiKey };
  const zone = await call(b.apiUrl, 'POST', '/api/v1/shipping-zones', {
    headers: admin,
    body: {
      name: 'Domestic',
      countries: ['US', 'CA'],
      rates: [
        { name: 'Standard', amount: '5.00', freeAbove: '100.00' },
        { name: 'Express', amount: '15.00', minSubtotal: '1.00' },
      ],
    },
  });
  const rateId = (zone.json.data as { rates: Array<{ id: string }> }).rates[0]!.id;
  await call(b.apiUrl, 'POST', '/api/v1/tax-rates', {
    headers: admin,
    body: { country: 'US', name: 'US sales tax', rate: '8.875', appliesToShipping: true },
  });
  const productIds = (
    await pool(PRODUCTS, 8, () => createProduct(b.apiUrl, tenant, { initialQuantity: 10_000_000, price: '12.50' }))
  ).map((p) => p.id);
  const variants = await b.ownerQuery<{ id: string }>(
    `SELECT id FROM product_variants WHERE product_id = ANY($1::uuid[]) ORDER BY id`,
    [productIds],
  );
  return { tenant, variantIds: variants.map((v) => v.id), rateId };
}

let seq = 0;
const input = (b: BenchEnv, f: CheckoutFixture): CheckoutInput => {
  const i = seq++;
  return {
    tenant: f.tenant.subdomain,
    variantId: f.variantIds[(i * 7) % f.variantIds.length]!,
    email: `guest-${b.id}-${i}@example.com`,
    address: { ...ADDRESS, state: 'NY' },
    idempotencyKey: `checkout-${b.id}-${i}`,
    fallbackRateId: f.rateId,
  };
};

/** `clients` virtual checkouts back to back for durationS. */
async function closedLoop(b: BenchEnv, f: CheckoutFixture, clients: number, durationS: number) {
  const http = new RawHttpPool('127.0.0.1', Number(new URL(b.apiUrl).port), clients);
  const rec = newRecorder();
  const t0 = process.hrtime.bigint();
  const end = Date.now() + durationS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) await checkout(http, input(b, f), rec);
    }),
  );
  http.close();
  return { rec, durationS: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** A checkout started every 1/rate s (open loop) for durationS; waits for the last to finish. */
async function openLoop(b: BenchEnv, f: CheckoutFixture, rate: number, durationS: number) {
  const http = new RawHttpPool('127.0.0.1', Number(new URL(b.apiUrl).port), 256);
  const rec: FlowRecorder = newRecorder();
  const total = Math.round(rate * durationS);
  const intervalNs = 1e9 / rate;
  const start = process.hrtime.bigint();
  const inflight: Promise<boolean>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + BigInt(Math.round(i * intervalNs));
    const waitMs = Number(due - process.hrtime.bigint()) / 1e6;
    if (waitMs > 1) await new Promise((r) => setTimeout(r, waitMs));
    inflight.push(checkout(http, input(b, f), rec, due));
  }
  await Promise.all(inflight);
  http.close();
  return { rec, durationS: Number(process.hrtime.bigint() - start) / 1e9 };
}

const medusaRow = (): LoadResult => ({
  requests: 0,
  durationS: 0,
  rps: MEDUSA.checkoutsPerSecond,
  p50: 0,
  p95: 0,
  p99: 0,
  max: 0,
  mean: 0,
  errors: 0,
  non2xx: 0,
  statusCounts: {},
});

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'checkout';
  const f = await checkoutFixture(b);
  if (typeof f === 'string') return skipped(name, f);
  // Reference first (the POST /orders rate of this run: order-create's, measured now if it did not run).
  const orders = await orderSaturation(b);
  const warm = warmupSeconds(b);
  await closedLoop(b, f, b.settings.connections, warm);
  const sat = await closedLoop(b, f, b.settings.connections, b.settings.duration);
  const seqRun = await closedLoop(b, f, 1, Math.max(3, Math.round(b.settings.duration / 3)));
  await openLoop(b, f, RATE, warm);
  const paced = await openLoop(b, f, RATE, b.settings.duration);
  const satResult = checkoutResult(sat.rec, sat.durationS);
  const seqResult = checkoutResult(seqRun.rec, seqRun.durationS);
  const pacedResult = checkoutResult(paced.rec, paced.durationS);
  const steps = stepResults(paced.rec, paced.durationS);
  const failed = sat.rec.failed + paced.rec.failed + seqRun.rec.failed;
  console.log(
    `  checkout: ${satResult.rps} checkouts/s at saturation, ${seqResult.rps}/s one at a time ` +
      `(Medusa: ~${MEDUSA.checkoutsPerSecond}/s one at a time, ${MEDUSA.msPerCheckout} ms each)`,
  );
  return {
    scenario: name,
    status: 'DONE',
    runs: [
      { label: `api checkouts (saturation, ${b.settings.connections} at once)`, result: satResult },
      { label: `api checkouts at ${RATE}/s paced (whole checkout)`, result: pacedResult },
      ...STEPS.map((s) => ({ label: `  step at ${RATE}/s: ${s}`, result: steps[s] })),
      { label: 'api checkouts one at a time', result: seqResult },
      { label: 'Medusa reference, one at a time (published)', result: medusaRow() },
      { label: 'POST /orders (saturation, spread)', result: orders },
    ],
    targets: [
      ratioTarget('checkouts/s ÷ POST /orders/s (same run)', satResult.rps, orders.rps, 0.5),
      ...stepTargets(steps, STEP_P95_MS, `at ${RATE} checkouts/s`),
      {
        measure: `checkouts sustained at ${RATE}/s`,
        target: `≥ ${RATE * 0.95}/s`,
        actual: `${pacedResult.rps}/s`,
        pass: pacedResult.rps >= RATE * 0.95,
      },
      { measure: 'failed checkouts', target: '0', actual: `${failed}`, pass: failed === 0 },
    ],
    details: {
      ratioToOrders: ratioOf(satResult.rps, orders.rps),
      requestsPerCheckout: STEPS.length,
      saturationStepStatuses: sat.rec.statuses,
      failures: { saturation: sat.rec.failures, paced: paced.rec.failures, sequential: seqRun.rec.failures },
      medusa: MEDUSA,
      sequentialMsPerCheckout: seqResult.mean,
    },
  };
}

export const checkoutScenario: Scenario = { name: 'checkout', run };
