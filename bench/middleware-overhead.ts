// Platform budget (issue 2): the middleware stack must cost less than 30% of a bare Express
// hello world's throughput. Both servers serve the same JSON body on /api/v1/hello, each in
// its own child process; autocannon runs here. Usage (PostgreSQL and Redis on localhost):
//   npm run bench:middleware      (builds dist/ first; BENCH_DURATION, BENCH_CONNECTIONS, BENCH_ROUNDS; BENCH_PROFILE=1|both
//   writes a CPU profile of the stack to bench/results/profile/)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/platform/config';
import { ensureDatabase, migrate } from '../src/platform/db/migrate';
import { load, type LoadResult } from './lib/load';
import { RESULTS_DIR } from './lib/report';
import { startChild, type Child } from './lib/proc';

const BODY = { success: true, data: { hello: 'world' }, error: null };
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROOT = path.resolve(__dirname, '..');

async function start(file: string, env: NodeJS.ProcessEnv, logDir: string, profile: boolean): Promise<Child> {
  const prof = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profile')}`] : [];
  return startChild({
    name: path.basename(file, '.ts'),
    args: [...prof, '--import', 'tsx', path.join(ROOT, 'bench', 'servers', file)],
    env: { ...process.env, ...env, BASELINE_BODY: JSON.stringify(BODY), BASELINE_ROUTE: '/api/v1/hello' },
    logDir,
    readyPattern: /LISTENING (\d+)/,
  });
}

const urlOf = (c: Child): string => `http://127.0.0.1:${c.ready}/api/v1/hello`;
const summary = (r: LoadResult) => ({ rps: r.rps, p50: r.p50, p95: r.p95, p99: r.p99, errors: r.errors });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL);
  await migrate(config.DATABASE_URL, { appPassword: config.DATABASE_APP_PASSWORD });
  const logDir = mkdtempSync(path.join(tmpdir(), 'commerce-mw-'));
  const profile = process.env.BENCH_PROFILE ?? '';
  const bare = await start('baseline.ts', { BASELINE_KIND: 'express' }, logDir, profile === 'both');
  const stack = await start(
    'stack-hello.ts',
    {
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      REDIS_PREFIX: `bench-mw-${process.pid}`,
      DATA_DIR: path.join(logDir, 'data'),
    },
    logDir,
    profile === '1' || profile === 'both',
  );
  const rounds: Array<{ bare: LoadResult; stack: LoadResult; cost: number }> = [];
  try {
    for (const c of [bare, stack]) await load({ url: urlOf(c), connections: CONNECTIONS, duration: 3 }); // warm-up
    // Alternating rounds: a slow spell of the (shared, noisy) machine hits both servers alike.
    for (let i = 0; i < ROUNDS; i++) {
      const b = await load({ url: urlOf(bare), connections: CONNECTIONS, duration: DURATION });
      const s = await load({ url: urlOf(stack), connections: CONNECTIONS, duration: DURATION });
      rounds.push({ bare: b, stack: s, cost: 1 - s.rps / b.rps });
      console.log(
        `round ${i + 1}: bare ${b.rps} req/s, stack ${s.rps} req/s, cost ${(100 * (1 - s.rps / b.rps)).toFixed(1)}%`,
      );
    }
  } finally {
    await Promise.all([bare.stop(), stack.stop()]);
  }
  const cost = median(rounds.map((r) => r.cost));
  const mid = rounds.find((r) => r.cost === cost)!;
  const result = {
    date: new Date().toISOString(),
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    rounds: rounds.map((r) => ({ bareExpressRps: r.bare.rps, fullStackRps: r.stack.rps, costPercent: pct(r.cost) })),
    medianRound: { bareExpress: summary(mid.bare), fullStack: summary(mid.stack) },
    throughputCostPercent: pct(cost),
    budgetPercent: 30,
    withinBudget: cost < 0.3,
  };
  console.table({
    'bare Express 5': result.medianRound.bareExpress,
    'full middleware stack': result.medianRound.fullStack,
  });
  console.log(
    `middleware stack costs ${result.throughputCostPercent}% of bare Express throughput (median of ${ROUNDS} alternating rounds; budget < 30%): ${result.withinBudget ? 'PASS' : 'FAIL'}`,
  );
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'middleware-overhead.json'), `${JSON.stringify(result, null, 2)}\n`);
}

const pct = (x: number): number => Math.round(x * 1000) / 10;

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
