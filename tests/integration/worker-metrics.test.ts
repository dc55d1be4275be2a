// A worker-only process (npm run worker) with WORKER_METRICS_PORT serves /health, /ready and
// /metrics (behind METRICS_TOKEN when set) with the workers' own metrics, and stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEntry } from '../helpers/process';

it('serves the workers\u2019 metrics on WORKER_METRICS_PORT and stops on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-worker-'));
  const w = await startEntry(
    'src/worker.ts',
    {
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      DATABASE_APP_URL: '',
      EMBEDDED_POSTGRES: 'never',
      REDIS_PREFIX: `${process.env.TEST_REDIS_PREFIX ?? 'test:local'}:worker-metrics`,
      WORKER_METRICS_PORT: '0',
      HOST: '127.0.0.1',
      METRICS_TOKEN: 'scrape-token',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    /Commerce workers ready: metrics on (http:\/\/\S+)\/metrics/,
    30_000,
  );
  try {
    expect({ started: w.ready !== null, out: w.ready ? '' : w.output() }).toEqual({ started: true, out: '' });
    const base = w.ready![1]!;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready', db: 'ok', redis: 'ok' });
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer scrape-token' } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    for (const name of ['outbox_lag_seconds', 'retention_deleted_total']) expect(text).toContain(`# TYPE ${name}`);
    // No API here.
    expect((await fetch(`${base}/api/v1/products`)).status).toBe(404);
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  } finally {
    if (w.child.exitCode === null) w.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
