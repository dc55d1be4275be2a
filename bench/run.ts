// npm run bench: builds (package.json script), then runs every scenario against the built
// API and workers (separate production processes) on 127.0.0.1, with bare Express and
// node:http baselines in the same run. Writes bench/results/<scenario>.json and prints one
// table. Env: BENCH_DURATION (s, default 15), BENCH_CONNECTIONS (50), BENCH_ONLY
// (comma-separated scenario names), BENCH_PROFILE=1 (node --cpu-prof on the API;
// BENCH_PROFILE_WORKER=1 on the workers, summarise with `tsx bench/lib/profile.ts <file>`),
// BENCH_KEEP_LOGS=1, BENCH_PG_URL, BENCH_REDIS_URL, BENCH_POOL_MAX, BENCH_WORKER_POOL_MAX,
// BENCH_ORDER_RATE, BENCH_CHECKOUT_RATE, BENCH_PG_WAITS=1, BENCH_TRACE_GC=1, BENCH_API_NODE_ARGS.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setUp, tearDown, type BenchEnv } from './lib/env';
import { newestProfile, summarizeProfile } from './lib/profile';
import { killAll, tail } from './lib/proc';
import { machine, printTable, RESULTS_DIR, writeResult, type ScenarioOutcome } from './lib/report';
import type { Scenario } from './scenarios/common';
import { cartComplete } from './scenarios/cart-complete';
import { checkoutScenario } from './scenarios/checkout';
import { hotSku } from './scenarios/hot-sku';
import { orderCeiling } from './scenarios/order-ceiling';
import { orderCreate } from './scenarios/order-create';
import { productFacets } from './scenarios/product-facets';
import { productGet } from './scenarios/product-get';
import { productList } from './scenarios/product-list';
import { webhookFanout } from './scenarios/webhook-fanout';

const SCENARIOS: Scenario[] = [
  productGet,
  productList,
  productFacets,
  orderCeiling,
  orderCreate,
  hotSku,
  checkoutScenario,
  cartComplete,
  webhookFanout,
];
// The order scenarios measure their bare-pg ceiling too, and checkout its flow: ~13 min in all.
const BUDGET_MS = 15 * 60_000;

async function main(): Promise<void> {
  const started = Date.now();
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : null;
  const settings = {
    duration: Number(process.env.BENCH_DURATION ?? 15),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
    profile: process.env.BENCH_PROFILE === '1',
    profileWorker: process.env.BENCH_PROFILE_WORKER === '1',
    only,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  console.log(`bench: ${JSON.stringify({ ...settings, machine: machine() })}`);
  let b: BenchEnv | undefined;
  const onSignal = () => {
    killAll();
    const cleanup = b ? tearDown(b, true) : Promise.resolve();
    void cleanup.finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcomes: ScenarioOutcome[] = [];
  let failed = false;
  try {
    b = await setUp(settings);
    console.log(`api ${b.apiUrl} (database ${new URL(b.ownerUrl).pathname.slice(1)}, logs ${b.logDir})`);
    for (const s of SCENARIOS) {
      if (only && !only.includes(s.name)) continue;
      let o: ScenarioOutcome;
      if (Date.now() - started > BUDGET_MS) {
        o = { scenario: s.name, status: 'SKIPPED', reason: 'time budget exhausted', runs: [], targets: [] };
      } else {
        const t = Date.now();
        console.log(`→ ${s.name}`);
        try {
          o = await s.run(b);
        } catch (e) {
          failed = true;
          o = {
            scenario: s.name,
            status: 'FAILED',
            reason: (e as Error).message.split('\n')[0],
            runs: [],
            targets: [],
          };
          console.error(`${s.name} failed: ${(e as Error).stack}\napi log tail:\n${tail(b.api.logFile, 15)}`);
        }
        console.log(`  ${s.name}: ${o.status} in ${Math.round((Date.now() - t) / 1000)} s`);
      }
      writeResult(o, { connections: settings.connections, durationSeconds: settings.duration });
      outcomes.push(o);
    }
  } finally {
    if (b) await tearDown(b, process.env.BENCH_KEEP_LOGS === '1' || failed);
  }
  const table = printTable(outcomes);
  writeFileSync(path.join(RESULTS_DIR, 'summary.txt'), table);
  if (settings.profile) {
    const f = newestProfile(path.join(RESULTS_DIR, 'profile'));
    if (f) {
      const sum = summarizeProfile(f);
      const name = `profile-summary-${only ? only.join('+') : 'all'}.json`;
      writeFileSync(path.join(RESULTS_DIR, name), `${JSON.stringify(sum, null, 2)}\n`);
      console.log(`CPU profile of the API: ${f}\nby package/file (self time):`);
      console.table(sum.byGroup.slice(0, 15));
      console.table(sum.topFunctions.slice(0, 20));
    }
  }
  console.log(`bench finished in ${Math.round((Date.now() - started) / 1000)} s`);
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  killAll();
  process.exit(1);
});
