// Measures what the platform middleware stack (correlation id, helmet, logging, metrics,
// body parsing, per-IP and per-principal rate limiting in Redis, tenant resolution,
// envelope) costs against a bare Express 5 hello world serving the same JSON body.
// Usage: npx tsx bench/middleware-overhead.ts  (needs PostgreSQL and Redis on localhost)
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { createApp } from '../src/app';
import { closeContext, createContext } from '../src/platform/bootstrap';
import { loadConfig } from '../src/platform/config';
import { ensureDatabase, migrate } from '../src/platform/db/migrate';

const BODY = { success: true, data: { hello: 'world' }, error: null };
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function measure(url: string): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

function listen(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => srv.close(() => r())) });
    });
  });
}

async function main(): Promise<void> {
  const config = {
    ...loadConfig({ ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'development' }),
    RATE_LIMIT_PER_MINUTE: 100_000_000,
    REDIS_PREFIX: `bench-mw-${process.pid}`,
  };
  await ensureDatabase(config.DATABASE_URL);
  await migrate(config.DATABASE_URL, { appPassword: config.DATABASE_APP_PASSWORD });

  const bare = express();
  bare.get('/api/v1/hello', (_req, res) => {
    res.json(BODY);
  });
  const ctx = await createContext(config, { defaultMetrics: true });
  const full = createApp(ctx, {
    beforeNotFound: (a) =>
      a.get('/api/v1/hello', (_req, res) => {
        res.json(BODY);
      }),
  });

  const b = await listen(bare);
  const f = await listen(full);
  await measure(`${b.url}/api/v1/hello`); // warm-up
  const bareR = await measure(`${b.url}/api/v1/hello`);
  await measure(`${f.url}/api/v1/hello`);
  const fullR = await measure(`${f.url}/api/v1/hello`);
  await b.close();
  await f.close();
  await closeContext(ctx);

  const cost = 1 - fullR.rps / bareR.rps;
  const result = {
    date: new Date().toISOString(),
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    bareExpress: bareR,
    fullStack: fullR,
    throughputCostPercent: Math.round(cost * 1000) / 10,
    budgetPercent: 30,
    withinBudget: cost < 0.3,
  };
  console.table({ 'bare Express 5': bareR, 'full middleware stack': fullR });
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
