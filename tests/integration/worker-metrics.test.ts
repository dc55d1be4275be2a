// A worker-only process (npm run worker) with WORKER_METRICS_PORT serves /health, /ready and
// /metrics (behind METRICS_TOKEN when set) with the workers' own metrics, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

it('serves the workers\u2019 metrics on WORKER_METRICS_PORT and stops on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-worker-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
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
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    const ready = /Commerce workers ready: metrics on (http:\/\/\S+)\/metrics/;
    while (!ready.test(out) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const m = ready.exec(out);
    expect({ started: m !== null, out: m ? '' : out }).toEqual({ started: true, out: '' });
    const base = m![1]!;
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
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
