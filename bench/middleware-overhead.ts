// Platform budget (issue 2): the middleware stack must cost less than 30% of a bare Express
// hello world's throughput. Both servers serve the same JSON body on /api/v1/hello, each in
// its own child process; autocannon runs here. Usage (PostgreSQL and Redis on localhost):
//   npm run bench:middleware      (builds dist/ first; BENCH_DURATION, BENCH_CONNECTIONS; BENCH_PROFILE=1
//   writes a CPU profile of the stack to bench/results/profile/)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/platform/config';
import { ensureDatabase, migrate } from '../src/platform/db/migrate';
import { load, type LoadResult } from './lib/load';
import { RESULTS_DIR } from './lib/report';
import { startChild } from './lib/proc';

const BODY = { success: true, data: { hello: 'world' }, error: null };
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROOT = path.resolve(__dirname, '..');

async function measure(file: string, env: NodeJS.ProcessEnv, logDir: string, profile = false): Promise<LoadResult> {
  const prof = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profile')}`] : [];
  const child = await startChild({
    name: path.basename(file, '.ts'),
    args: [...prof, '--import', 'tsx', path.join(ROOT, 'bench', 'servers', file)],
    env: { ...process.env, ...env, BASELINE_BODY: JSON.stringify(BODY), BASELINE_ROUTE: '/api/v1/hello' },
    logDir,
    readyPattern: /LISTENING (\d+)/,
  });
  try {
    const url = `http://127.0.0.1:${child.ready}/api/v1/hello`;
    await load({ url, connections: CONNECTIONS, duration: 3 }); // warm-up
    return await load({ url, connections: CONNECTIONS, duration: DURATION });
  } finally {
    await child.stop();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL);
  await migrate(config.DATABASE_URL, { appPassword: config.DATABASE_APP_PASSWORD });
  const logDir = mkdtempSync(path.join(tmpdir(), 'commerce-mw-'));
  const bare = await measure('baseline.ts', { BASELINE_KIND: 'express' }, logDir, process.env.BENCH_PROFILE === 'both');
  const full = await measure(
    'stack-hello.ts',
    {
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      REDIS_PREFIX: `bench-mw-${process.pid}`,
      DATA_DIR: path.join(logDir, 'data'),
    },
    logDir,
    process.env.BENCH_PROFILE === '1' || process.env.BENCH_PROFILE === 'both',
  );
  const cost = 1 - full.rps / bare.rps;
  const result = {
    date: new Date().toISOString(),
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    bareExpress: { rps: bare.rps, p50: bare.p50, p95: bare.p95, p99: bare.p99, errors: bare.errors },
    fullStack: { rps: full.rps, p50: full.p50, p95: full.p95, p99: full.p99, errors: full.errors },
    throughputCostPercent: Math.round(cost * 1000) / 10,
    budgetPercent: 30,
    withinBudget: cost < 0.3,
  };
  console.table({ 'bare Express 5': result.bareExpress, 'full middleware stack': result.fullStack });
  console.log(
    `middleware stack costs ${result.throughputCostPercent}% of bare Express throughput (budget < 30%): ${result.withinBudget ? 'PASS' : 'FAIL'}`,
  );
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'middleware-overhead.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
