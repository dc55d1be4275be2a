// cart-complete: issue 15 point 6's order targets applied to cart completion ("these targets
// apply to cart completion and to POST /orders alike"). Carts are prepared first (create with
// one item, e-mail + address, shipping method: the checkout tenant of checkout.ts), then only
// POST /carts/:id/complete is measured:
// - spread: BENCH_CART_COMPLETES (2000) carts over the 50 products, completed by 50 connections
//   back to back: completions/s ≥ 0.5 × the bare-pg spread-out ceiling;
// - one variant: as many carts of ONE product (10M stock): ≥ 0.8 × the one-row ceiling;
// - burst: 1000 carts of a product with 100 in stock completed at once (1000 connections):
//   exactly 100 × 201, 900 × 409, nothing else, all answered in < 1.5 s.
import { ADDRESS, createProduct, pool as inPool } from '../lib/api';
import { burst } from '../lib/burst';
import type { BenchEnv } from '../lib/env';
import { summarize, type LoadResult } from '../lib/load';
import { RawHttpPool } from '../lib/raw-http';
import type { ScenarioOutcome } from '../lib/report';
import { burstCounts, ratioTarget } from '../lib/targets';
import { dataOf } from '../lib/checkout-flow';
import { skipped, type Scenario } from './common';
import { checkoutFixture, type CheckoutFixture } from './checkout';
import { ceiling } from './order-ceiling';

const N = Number(process.env.BENCH_CART_COMPLETES ?? 2000);
const BURST = 1000;
const BURST_STOCK = 100;
const BURST_MAX_MS = 1500;

/** Carts ready to complete (item, e-mail, address, shipping method), `variant(i)` in cart i. */
async function prepare(b: BenchEnv, f: CheckoutFixture, n: number, variant: (i: number) => string, tag: string) {
  const http = new RawHttpPool('127.0.0.1', Number(new URL(b.apiUrl).port), 20);
  const h = { 'content-type': 'application/json', 'x-tenant': f.tenant.subdomain };
  const send = async (method: string, path: string, body: unknown, expect: number) => {
    const r = await http.request({ method, path, headers: h, body: JSON.stringify(body), keepBody: true });
    if (r.status !== expect) throw new Error(`${method} ${path}: ${r.status} ${r.body?.toString().slice(0, 200)}`);
    return dataOf(r.body) as { id: string };
  };
  try {
    return await inPool(n, 20, async (i) => {
      const cart = await send('POST', '/api/v1/carts', { items: [{ variantId: variant(i), quantity: 1 }] }, 201);
      const email = `cc-${tag}-${b.id}-${i}@example.com`;
      await send('PATCH', `/api/v1/carts/${cart.id}`, { email, shippingAddress: { ...ADDRESS, state: 'NY' } }, 200);
      await send('POST', `/api/v1/carts/${cart.id}/shipping-method`, { rateId: f.rateId }, 200);
      return cart.id;
    });
  } finally {
    http.close();
  }
}

/** Completes every cart with `connections` in flight; rps = completions ÷ wall time. */
async function completeAll(b: BenchEnv, f: CheckoutFixture, ids: string[], tag: string): Promise<LoadResult> {
  const http = new RawHttpPool('127.0.0.1', Number(new URL(b.apiUrl).port), b.settings.connections);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: b.settings.connections }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const start = process.hrtime.bigint();
        try {
          const r = await http.request({
            method: 'POST',
            path: `/api/v1/carts/${id}/complete`,
            headers: { 'x-tenant': f.tenant.subdomain, 'idempotency-key': `cc-${tag}-${id}` },
          });
          statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
          latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
        } catch {
          errors++;
        }
      }
    }),
  );
  http.close();
  return { ...summarize(latencies, Number(process.hrtime.bigint() - t0) / 1e9, statusCounts), errors };
}

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'cart-complete';
  const f = await checkoutFixture(b);
  if (typeof f === 'string') return skipped(name, f);
  const spreadTop = await ceiling(b, { mode: 'spread' });
  const oneTop = await ceiling(b, { mode: 'one' });
  const hot = await createProduct(b.apiUrl, f.tenant, { initialQuantity: 10_000_000, price: '12.50' });
  const scarce = await createProduct(b.apiUrl, f.tenant, { initialQuantity: BURST_STOCK, price: '9.99' });
  const [hotVariant, scarceVariant] = await Promise.all(
    [hot.id, scarce.id].map(async (pid) => {
      const [v] = await b.ownerQuery<{ id: string }>(`SELECT id FROM product_variants WHERE product_id = $1`, [pid]);
      return v!.id;
    }),
  );
  // A short warm-up of the complete path, then the measured runs.
  await completeAll(b, f, await prepare(b, f, 100, (i) => f.variantIds[i % f.variantIds.length]!, 'warm'), 'warm');
  const spreadIds = await prepare(b, f, N, (i) => f.variantIds[(i * 7) % f.variantIds.length]!, 'spread');
  const spread = await completeAll(b, f, spreadIds, 'spread');
  const oneIds = await prepare(b, f, N, () => hotVariant, 'one');
  const one = await completeAll(b, f, oneIds, 'one');
  const burstIds = await prepare(b, f, BURST, () => scarceVariant, 'burst');
  const port = Number(new URL(b.apiUrl).port);
  const hit = await burst(`http://127.0.0.1:${port}/api/v1/carts/x/complete`, BURST, (i) => ({
    method: 'POST',
    headers: { 'x-tenant': f.tenant.subdomain, 'idempotency-key': `cc-burst-${b.id}-${i}`, 'content-length': '0' },
    path: `/api/v1/carts/${burstIds[i]}/complete`,
  }));
  const c = burstCounts(hit.statusCounts);
  const [db] = await b.ownerQuery<{ available: number; reserved: number }>(
    `SELECT available, reserved FROM inventory WHERE variant_id = $1`,
    [scarceVariant],
  );
  const errs = (r: LoadResult) => r.errors + r.non2xx;
  const burstRow: LoadResult = {
    ...summarize([], hit.wallMs / 1000, hit.statusCounts),
    p50: hit.p50,
    p95: hit.p95,
    p99: hit.p99,
    max: hit.max,
    requests: BURST,
    rps: Math.round((BURST / hit.wallMs) * 10000) / 10,
    non2xx: c.other,
    errors: hit.errors,
  };
  return {
    scenario: name,
    status: 'DONE',
    runs: [
      { label: `complete, ${N} carts over 50 products`, result: spread },
      { label: `complete, ${N} carts of ONE product`, result: one },
      { label: `complete burst: ${BURST} carts on ${BURST_STOCK} in stock`, result: burstRow },
      { label: 'bare pg ceiling, spread', result: spreadTop },
      { label: 'bare pg ceiling, ONE row', result: oneTop },
    ],
    targets: [
      ratioTarget('completions/s ÷ bare-pg ceiling (spread)', spread.rps, spreadTop.rps, 0.5),
      ratioTarget('one-variant completions/s ÷ bare-pg one-row ceiling', one.rps, oneTop.rps, 0.8),
      {
        measure: 'errors + non-2xx (spread, one variant)',
        target: '0',
        actual: `${errs(spread)}, ${errs(one)}`,
        pass: errs(spread) + errs(one) === 0,
      },
      {
        measure: 'burst: 201 / 409 / other',
        target: `${BURST_STOCK} / ${BURST - BURST_STOCK} / 0`,
        actual: `${c.created} / ${c.conflicts} / ${c.other + hit.errors}`,
        pass: c.created === BURST_STOCK && c.conflicts === BURST - BURST_STOCK && c.other + hit.errors === 0,
      },
      {
        measure: 'burst wall time',
        target: `< ${BURST_MAX_MS} ms`,
        actual: `${hit.wallMs} ms`,
        pass: hit.wallMs < BURST_MAX_MS,
      },
      {
        measure: 'burst final stock (available, reserved)',
        target: `0, ${BURST_STOCK}`,
        actual: `${db?.available}, ${db?.reserved}`,
        pass: db?.available === 0 && db?.reserved === BURST_STOCK,
      },
    ],
    details: { statusCounts: { spread: spread.statusCounts, one: one.statusCounts, burst: hit.statusCounts } },
  };
}

export const cartComplete: Scenario = { name: 'cart-complete', run };
