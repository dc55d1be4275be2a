// hot-sku: 1000 concurrent single-unit orders on a product with 100 in stock.
// Targets: exactly 100 created, 0 5xx, < 3 s wall, final stock 0 (never oversold).
// Baselines: the same 1000-request burst against bare Express and node:http.
import { call, createProduct } from '../lib/api';
import { burst, type BurstResult } from '../lib/burst';
import type { BenchEnv } from '../lib/env';
import type { ScenarioOutcome } from '../lib/report';
import { skipped, type Scenario } from './common';
import { orderBody, ordersFixture } from './orders-setup';

const N = 1000;
const STOCK = 100;

const count = (r: BurstResult, pred: (s: number) => boolean): number =>
  Object.entries(r.statusCounts)
    .filter(([s]) => pred(Number(s)))
    .reduce((a, [, v]) => a + v, 0);

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'hot-sku';
  const f = await ordersFixture(b);
  if (f.missing) return skipped(name, f.missing);
  const { id } = await createProduct(b.apiUrl, f.tenant, { initialQuantity: STOCK, price: '9.99' });
  const make = (i: number) => {
    const body = orderBody(id);
    return {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        authorization: `Bearer ${f.tokens[i % f.tokens.length]}`,
        'idempotency-key': `hot-${b.id}-${i}`,
      },
    };
  };
  const sample = { success: true, data: { id, status: 'PENDING' }, error: null };
  const bl: Record<string, BurstResult> = {};
  for (const kind of ['express', 'raw'] as const) {
    const srv = await b.baseline(kind, sample, { method: 'POST', route: '/api/v1/orders', status: 201 });
    try {
      bl[kind] = await burst(`${srv.url}/api/v1/orders`, N, make);
    } finally {
      await srv.stop();
    }
  }
  const api = await burst(`${b.apiUrl}/api/v1/orders`, N, make);
  const created = count(api, (s) => s === 201);
  const conflicts = count(api, (s) => s === 409);
  const fivexx = count(api, (s) => s >= 500);
  const product = await call(b.apiUrl, 'GET', `/api/v1/products/${id}`, { headers: { 'x-api-key': f.tenant.apiKey } });
  const apiStock = (product.json.data as { inventory: { quantity: number } }).inventory.quantity;
  // The product's one variant: what the orders hold is reserved, nothing is left available.
  const [db] = await b.ownerQuery<{ available: number; reserved: number; sold: number }>(
    `SELECT i.available, i.reserved,
       (SELECT coalesce(sum(quantity), 0)::int FROM order_items WHERE product_id = $1) AS sold
     FROM inventory i WHERE i.product_id = $1`,
    [id],
  );
  const asResult = (r: BurstResult) => ({
    requests: N,
    durationS: r.wallMs / 1000,
    rps: Math.round((N / r.wallMs) * 10000) / 10,
    p50: r.p50,
    p95: r.p95,
    p99: r.p99,
    max: r.max,
    mean: 0,
    errors: r.errors,
    // 409 INSUFFICIENT_STOCK is the expected answer for 900 of them: only others count.
    non2xx: count(r, (s) => s !== 201 && s !== 409 && !(s >= 200 && s < 300)),
    statusCounts: r.statusCounts,
  });
  return {
    scenario: name,
    status: 'DONE',
    runs: [{ label: `api burst of ${N}`, result: asResult(api) }],
    baselines: { express: asResult(bl.express!), raw: asResult(bl.raw!) },
    ratio: {
      vsExpress: Math.round((bl.express!.wallMs / api.wallMs) * 1000) / 1000,
      vsRaw: Math.round((bl.raw!.wallMs / api.wallMs) * 1000) / 1000,
    },
    targets: [
      { measure: 'created (201)', target: `= ${STOCK}`, actual: `${created}`, pass: created === STOCK },
      { measure: '5xx', target: '0', actual: `${fivexx}`, pass: fivexx === 0 },
      { measure: 'wall time', target: '< 3000 ms', actual: `${api.wallMs} ms`, pass: api.wallMs < 3000 },
      {
        measure: 'final available (API / DB), reserved, sold',
        target: `0 / 0, ${STOCK}, ${STOCK}`,
        actual: `${apiStock} / ${db?.available}, ${db?.reserved}, ${db?.sold}`,
        pass: apiStock === 0 && db?.available === 0 && db?.reserved === STOCK && db?.sold === STOCK,
      },
    ],
    details: {
      created,
      conflicts409: conflicts,
      fivexx,
      otherStatuses: api.statusCounts,
      connectionErrors: api.errors,
      wallMs: api.wallMs,
      baselineWallMs: { express: bl.express!.wallMs, raw: bl.raw!.wallMs },
      note: 'ratio = baseline wall time ÷ API wall time for the same burst',
    },
  };
}

export const hotSku: Scenario = { name: 'hot-sku', run };
