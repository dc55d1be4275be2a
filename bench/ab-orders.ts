// A/B of two builds of the API on the order path, for a machine whose speed drifts (other
// processes, a noisy host): both APIs run side by side on ONE bench environment (same
// database, Redis, worker, fixture), and they take turns, A B B A A B…, for ROUNDS rounds of
//   - a closed-loop POST /orders saturation run (50 connections × SECONDS s, order-create's load),
//   - a burst of 1000 orders on a fresh product with 100 in stock (hot-sku's burst);
// with the orders/s, the API's CPU ms per order (/proc) and the burst wall time of each turn,
// then the medians per build. A is this checkout's dist/; B is AB_DIST's (another checkout's
// root, built with `npm run build`).
//   npm run build && (cd ../other && npm run build) && AB_DIST=../other npx tsx bench/ab-orders.ts
// Knobs: ROUNDS (4), SECONDS (6), AB_BURST=0 (no bursts), AB_B_PG_OPTIONS (see below).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createProduct } from './lib/api';
import { burst } from './lib/burst';
import { cpuSpan } from './lib/cpu';
import { setUp, tearDown } from './lib/env';
import { load } from './lib/load';
import { startChild, type Child } from './lib/proc';
import { warmupSeconds } from './scenarios/common';
import { ceiling } from './scenarios/order-ceiling';
import { orderBody, orderLoad, ordersFixture } from './scenarios/orders-setup';

const ROUNDS = Number(process.env.ROUNDS ?? 4);
const SECONDS = Number(process.env.SECONDS ?? 6);
const BURST = process.env.AB_BURST !== '0';

/** CPU ms (utime + stime) of the processes whose command line matches `re`, by pid. */
function cpuByPid(re: RegExp): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!re.test(readFileSync(`/proc/${d}/cmdline`, 'utf8'))) continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // gone
    }
  }
  return out;
}
const m = (xs: number[]): string => median(xs).toFixed(3);
const cpuDelta = (a: Map<number, number>, b: Map<number, number>): number =>
  [...b].reduce((sum, [pid, ms]) => sum + ms - (a.get(pid) ?? 0), 0);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const other = process.env.AB_DIST;
  if (!other) throw new Error('AB_DIST: the root of the other checkout (with dist/)');
  const b = await setUp({ duration: SECONDS, connections: 50, profile: false, profileWorker: false, only: null });
  let apiB: Child | undefined;
  try {
    apiB = await startChild({
      name: 'api-b',
      args: [path.join(path.resolve(other), 'dist/src/api.js')],
      // AB_B_PG_OPTIONS: server settings for B's connections only (libpq `options`, e.g.
      // `-c plan_cache_mode=force_generic_plan`), to A/B a setting on one build.
      env: process.env.AB_B_PG_OPTIONS
        ? {
            ...b.env,
            DATABASE_URL: `${b.ownerUrl}${b.ownerUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(
              process.env.AB_B_PG_OPTIONS,
            )}`,
          }
        : b.env,
      logDir: b.logDir,
      cwd: path.resolve(other),
      readyPattern: /Commerce API ready: (http:\/\/[^/\s]+)\//,
      readyTimeoutMs: 120_000,
    });
    const apis = {
      A: { url: b.apiUrl, pid: b.api.proc.pid },
      B: { url: apiB.ready.replace('localhost', '127.0.0.1'), pid: apiB.proc.pid },
    };
    const f = await ordersFixture(b);
    if (f.missing) throw new Error(f.missing);
    const rows: Array<{
      build: 'A' | 'B';
      rps: number;
      cpuMs: number;
      pgMs: number;
      redisMs: number;
      workerMs: number;
      burstMs?: number;
      burstOk?: boolean;
    }> = [];
    if (process.env.AB_CEILING === '1') {
      // The bare-pg order transaction's PostgreSQL CPU, for comparison (warm-up included,
      // at the measured rate: an estimate).
      const pgRe = new RegExp(`^postgres: .*${b.ownerUrl.split('/').pop()!.split('?')[0]}`);
      const pg0 = cpuByPid(pgRe);
      const c = await ceiling(b, { mode: 'spread' });
      const txs = c.rps * (SECONDS + warmupSeconds(b));
      console.log(
        JSON.stringify({ ceiling: c.rps, pgMsPerTx: Math.round((cpuDelta(pg0, cpuByPid(pgRe)) / txs) * 1000) / 1000 }),
      );
    }
    let n = 0;
    for (const build of ['A', 'B'] as const) {
      const api = apis[build];
      const opts = orderLoad({ ...b, apiUrl: api.url }, f, `abw-${b.id}-${n++}`, (i) =>
        orderBody(f.productIds[(i * 7) % f.productIds.length]!),
      );
      await load({ ...opts, duration: 4 }); // both JITs warm before the first measured turn
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order: Array<'A' | 'B'> = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      for (const build of order) {
        const api = apis[build];
        const opts = orderLoad({ ...b, apiUrl: api.url }, f, `ab-${b.id}-${n++}`, (i) =>
          orderBody(f.productIds[(i * 7) % f.productIds.length]!),
        );
        await load({ ...opts, duration: 2 }); // warm-up
        const pgRe = new RegExp(`^postgres: .*${b.ownerUrl.split('/').pop()!.split('?')[0]}`);
        const pg0 = cpuByPid(pgRe);
        const redis0 = cpuByPid(/^redis-server/);
        const span = cpuSpan({ api: api.pid, worker: b.worker.proc.pid });
        const r = await load({ ...opts, duration: SECONDS });
        const cpu = span(r.requests);
        const per = (ms: number) => Math.round((ms / r.requests) * 1000) / 1000;
        const row: (typeof rows)[number] = {
          build,
          rps: r.rps,
          cpuMs: cpu.perRequestMs.api!,
          pgMs: per(cpuDelta(pg0, cpuByPid(pgRe))),
          redisMs: per(cpuDelta(redis0, cpuByPid(/^redis-server/))),
          workerMs: cpu.perRequestMs.worker!,
        };
        if (BURST) {
          const { id } = await createProduct(api.url, f.tenant, { initialQuantity: 100, price: '9.99' });
          const tag = `abb-${b.id}-${n++}`;
          const br = await burst(`${api.url}/api/v1/orders`, 1000, (i) => {
            const body = orderBody(id);
            return {
              method: 'POST',
              body,
              headers: {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(body)),
                authorization: `Bearer ${f.tokens[i % f.tokens.length]}`,
                'idempotency-key': `${tag}-${i}`,
              },
            };
          });
          row.burstMs = Math.round(br.wallMs);
          row.burstOk = br.statusCounts['201'] === 100 && br.statusCounts['409'] === 900;
        }
        rows.push(row);
        console.log(JSON.stringify({ round, ...row, machineBusy: cpu.machineBusy }));
      }
    }
    for (const build of ['A', 'B'] as const) {
      const mine = rows.filter((r) => r.build === build);
      console.log(
        `${build}: median orders/s ${median(mine.map((r) => r.rps)).toFixed(1)}; CPU ms/order: API ${m(
          mine.map((r) => r.cpuMs),
        )}, PostgreSQL ${m(mine.map((r) => r.pgMs))}, Redis ${m(mine.map((r) => r.redisMs))}, worker ${m(
          mine.map((r) => r.workerMs),
        )}${BURST ? `; burst ms ${median(mine.map((r) => r.burstMs!))} (all exact: ${mine.every((r) => r.burstOk)})` : ''}`,
      );
    }
  } finally {
    await apiB?.stop();
    await tearDown(b, process.env.BENCH_KEEP_LOGS === '1');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
