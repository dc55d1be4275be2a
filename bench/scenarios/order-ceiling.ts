// order-ceiling: what PostgreSQL on this box does with the order-shaped transaction from a bare
// node-postgres client (bench/lib/ceiling.ts), at the bench's concurrency, spread over the 50
// products of order-create and on ONE row. order-create and hot-sku report their orders/s as
// ratios to these (measured once per bench run, on demand when this scenario is not run).
// Informational rows: the one-row run with the stock taken last (the API's statement order),
// and both runs at the API's pool size (BENCH_POOL_MAX, 20): what a 20-connection pool leaves.
import { createCeiling, dropCeiling, runCeiling, type CeilingResult, type CeilingStock } from '../lib/ceiling';
import { cpuSpan, type CpuSpan } from '../lib/cpu';
import type { BenchEnv } from '../lib/env';
import { perRequest, watchPg, type PgActivity } from '../lib/pg-activity';
import type { ScenarioOutcome } from '../lib/report';
import { skipped, warmupSeconds, type Scenario } from './common';
import { ordersFixture } from './orders-setup';

export interface CeilingRun {
  mode: 'spread' | 'one';
  stockLast?: boolean;
  /** Default: the bench's connections. */
  clients?: number;
}

export type MeasuredCeiling = CeilingResult & { pg: ReturnType<typeof perRequest>; cpu: CpuSpan };

const runs = new Map<string, Promise<MeasuredCeiling>>();
let stock: Promise<CeilingStock> | undefined;

async function stockFor(b: BenchEnv): Promise<CeilingStock> {
  const f = await ordersFixture(b);
  if (f.missing) throw new Error(f.missing);
  // The fixture's products each have one variant: the rows the orders of order-create take.
  const variants = await b.ownerQuery<{ id: string; productId: string }>(
    `SELECT id, product_id AS "productId" FROM product_variants WHERE product_id = ANY($1::uuid[])
     ORDER BY array_position($1::uuid[], product_id), position`,
    [f.productIds],
  );
  return { tenantId: f.tenant.id, variants };
}

/** The ceiling of one run shape, measured once per bench (scratch schema made and dropped around it). */
export function ceiling(b: BenchEnv, r: CeilingRun): Promise<MeasuredCeiling> {
  const clients = r.clients ?? b.settings.connections;
  const key = `${r.mode}:${r.stockLast ? 'last' : 'first'}:${clients}`;
  let p = runs.get(key);
  if (!p) {
    p = (async () => {
      stock ??= stockFor(b);
      const s = await createCeiling(b.ownerUrl, await stock);
      try {
        let pg: PgActivity | undefined;
        let cpu: ((n: number) => CpuSpan) | undefined;
        const res = await runCeiling(b.ownerUrl, s, {
          mode: r.mode,
          clients,
          durationS: b.settings.duration,
          warmupS: warmupSeconds(b),
          stockLast: r.stockLast,
          wrap: async (fn) => {
            cpu = cpuSpan({ bench: process.pid });
            const [out, act] = await watchPg(b.adminUrl, dbName(b), fn);
            pg = act;
            return out;
          },
        });
        return { ...res, pg: perRequest(pg!, res.requests), cpu: cpu!(res.requests) };
      } finally {
        await dropCeiling(b.ownerUrl);
      }
    })();
    runs.set(key, p);
  }
  return p;
}

export const dbName = (b: BenchEnv): string => new URL(b.ownerUrl).pathname.slice(1);

const label = (r: CeilingResult): string =>
  `bare pg ${r.mode === 'one' ? 'ONE row' : 'spread (50)'}${r.stockLast ? ', stock last' : ''}, ${r.clients} conns`;

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'order-ceiling';
  const f = await ordersFixture(b);
  if (f.missing) return skipped(name, f.missing);
  const apiPool = Number(process.env.BENCH_POOL_MAX ?? 20);
  const shapes: CeilingRun[] = [
    { mode: 'spread' },
    { mode: 'one' },
    { mode: 'one', stockLast: true },
    ...(apiPool !== b.settings.connections
      ? [
          { mode: 'spread', clients: apiPool },
          { mode: 'one', clients: apiPool },
        ]
      : []),
  ] as CeilingRun[];
  const results: MeasuredCeiling[] = [];
  for (const s of shapes) results.push(await ceiling(b, s));
  const errs = results.reduce((a, r) => a + r.errors + r.non2xx, 0);
  return {
    scenario: name,
    status: 'DONE',
    runs: results.map((r) => ({ label: label(r), result: r })),
    targets: [{ measure: 'ceiling errors', target: '0', actual: `${errs}`, pass: errs === 0 }],
    details: {
      transaction:
        'BEGIN; UPDATE stock (guarded) RETURNING; INSERT order; INSERT order_item; INSERT outbox event; INSERT audit row; COMMIT',
      payloadBytes: results[0]?.payloadBytes,
      pgPerTransaction: Object.fromEntries(results.map((r) => [label(r), r.pg])),
      cpuPerTransaction: Object.fromEntries(results.map((r) => [label(r), r.cpu])),
      tables: 'bench_ceiling.* = LIKE public.* INCLUDING ALL (+ the FKs an order insert checks), dropped after',
      note: 'stock last = the UPDATE as the last statement before COMMIT (the row lock held one round trip + commit)',
    },
  };
}

export const orderCeiling: Scenario = { name: 'order-ceiling', run };
