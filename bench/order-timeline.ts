// Stall finder for the order path (issue 15 point 6: "p95 high while p50 low: something
// stalls"): its own bench environment (bench/lib/env.ts), the orders fixture, then POST /orders
// evenly paced at RATE/s for DUR s, with the worker running and stopped (no outbox relay), each
// with a per-request timeline (are the slow requests clustered?), CPU per order (/proc),
// PostgreSQL activity (WAL, commits, checkpoints) and, with BENCH_TRACE_GC=1, the API's GC pauses.
//   npm run build && BENCH_TRACE_GC=1 RATE=200 DUR=15 npx tsx bench/order-timeline.ts
import { readFileSync } from 'node:fs';
import { cpuSpan } from './lib/cpu';
import { setUp, tearDown } from './lib/env';
import { percentile } from './lib/load';
import { watchPg } from './lib/pg-activity';
import { RawHttpPool } from './lib/raw-http';
import { slowWindows, type TimedResponse } from './lib/timeline';
import { dbName } from './scenarios/order-ceiling';
import { orderBody, ordersFixture, type OrdersFixture } from './scenarios/orders-setup';

const RATE = Number(process.env.RATE ?? 200);
const DUR = Number(process.env.DUR ?? 15);
const SLOW_MS = Number(process.env.SLOW_MS ?? 50);

async function pacedTimeline(apiUrl: string, f: OrdersFixture, tag: string, seconds: number) {
  const http = new RawHttpPool('127.0.0.1', Number(new URL(apiUrl).port), 256);
  const out: Array<TimedResponse & { status: number }> = [];
  const inflight: Promise<void>[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < RATE * seconds; i++) {
    const due = start + BigInt(Math.round((i * 1e9) / RATE));
    const wait = Number(due - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent = http.request({
      method: 'POST',
      path: '/api/v1/orders',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${f.tokens[i % f.tokens.length]}`,
        'idempotency-key': `timeline-${tag}-${i}`,
      },
      body: orderBody(f.productIds[(i * 7) % f.productIds.length]!),
    });
    inflight.push(
      sent.then(
        (r) =>
          void out.push({
            t: Number(due - start) / 1e6,
            ms: Number(process.hrtime.bigint() - due) / 1e6,
            status: r.status,
          }),
        () =>
          void out.push({ t: Number(due - start) / 1e6, ms: Number(process.hrtime.bigint() - due) / 1e6, status: 0 }),
      ),
    );
  }
  await Promise.all(inflight);
  http.close();
  return out;
}

/** GC pauses logged by node --trace-gc since offset `from` of the API log. */
function gcSince(file: string, from: number) {
  const text = readFileSync(file, 'utf8').slice(from);
  const pauses = [...text.matchAll(/ms: (Scavenge|Mark-Compact|Mark-sweep)[^,]*, ([\d.]+) \/ [\d.]+ ms/g)].map((m) =>
    Number(m[2]),
  );
  return {
    count: pauses.length,
    totalMs: Math.round(pauses.reduce((a, b) => a + b, 0)),
    over5ms: pauses.filter((p) => p > 5).length,
    maxMs: Math.max(0, ...pauses),
  };
}

async function main(): Promise<void> {
  const b = await setUp({ duration: DUR, connections: 50, profile: false, profileWorker: false, only: null });
  try {
    const f = await ordersFixture(b);
    if (f.missing) throw new Error(f.missing);
    for (const mode of ['worker', 'no-worker'] as const) {
      if (mode === 'no-worker') await b.worker.stop();
      await pacedTimeline(b.apiUrl, f, `warm-${mode}`, 3);
      const logAt = readFileSync(b.api.logFile, 'utf8').length;
      const cpu = cpuSpan({ api: b.api.proc.pid, worker: mode === 'worker' ? b.worker.proc.pid : undefined });
      const [xs, pg] = await watchPg(b.adminUrl, dbName(b), () => pacedTimeline(b.apiUrl, f, mode, DUR));
      const lat = Float64Array.from(xs.map((x) => x.ms)).sort();
      console.log(
        JSON.stringify(
          {
            mode,
            rate: RATE,
            requests: xs.length,
            non201: xs.filter((x) => x.status !== 201).length,
            p50: percentile(lat, 50),
            p95: percentile(lat, 95),
            p99: percentile(lat, 99),
            slowOver: SLOW_MS,
            timeline: slowWindows(xs, SLOW_MS),
            cpu: cpu(xs.length),
            pg: { ...pg, walBytesPerOrder: Math.round(pg.walBytes / Math.max(xs.length, 1)) },
            gc: process.env.BENCH_TRACE_GC === '1' ? gcSince(b.api.logFile, logAt) : undefined,
          },
          null,
          1,
        ),
      );
      if (mode === 'no-worker') await b.restartWorker();
    }
  } finally {
    await tearDown(b, false);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
