// The bench environment: keys in a temp dir, a database of its own (commerce_bench_<id>,
// dropped afterwards), a Redis prefix of its own (keys deleted afterwards), the built API
// (dist/src/api.js) and workers (dist/src/worker.js) as separate production processes, and
// baseline servers started on demand.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { killAll, startChild, type Child } from './proc';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface BenchSettings {
  duration: number;
  connections: number;
  /** node --cpu-prof on the API (bench/results/profile/) and on the worker (…/profile/worker/). */
  profile: boolean;
  profileWorker: boolean;
  only: string[] | null;
}

export interface BenchEnv {
  id: string;
  settings: BenchSettings;
  tmp: string;
  logDir: string;
  adminUrl: string;
  /** Owner (postgres) URL of the bench database. */
  ownerUrl: string;
  redisUrl: string;
  redisPrefix: string;
  apiUrl: string;
  api: Child;
  worker: Child;
  env: NodeJS.ProcessEnv;
  baseline(
    kind: 'express' | 'raw',
    body: unknown,
    o?: { method?: string; route?: string; status?: number },
  ): Promise<{ url: string; stop: () => Promise<unknown> }>;
  startReceiver(): Promise<{ url: string; stop: () => Promise<unknown> }>;
  /** Stops the worker process (SIGTERM, graceful), runs `between`, starts a new one. */
  restartWorker(between?: () => Promise<void>): Promise<void>;
  ownerQuery<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

function dbUrl(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminExec(admin: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function setUp(settings: BenchSettings): Promise<BenchEnv> {
  for (const f of ['dist/src/api.js', 'dist/src/worker.js'])
    if (!existsSync(path.join(ROOT, f)))
      throw new Error(`${f} missing: run "npm run build" first (npm run bench does)`);
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'commerce-bench-'));
  const logDir = tmp;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = path.join(tmp, 'jwt-private.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const dbName = `commerce_bench_${id}`;
  const ownerUrl = dbUrl(adminUrl, dbName);
  await adminExec(adminUrl, `CREATE DATABASE "${dbName}"`);
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `bench:${id}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    // A fresh database per run: the API migrates it on start (a deploy runs `npm run db:migrate`
    // as its own step instead; production's default is off).
    MIGRATE_ON_START: 'true',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: ownerUrl,
    DATABASE_POOL_MAX: process.env.BENCH_POOL_MAX ?? '20',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    JWT_PRIVATE_KEY: keyFile,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PER_MINUTE: '1000000000',
    LOGIN_ATTEMPTS_PER_15MIN: '1000000',
    // Production refuses the public defaults. (The role is cluster-wide; this machine's
    // PostgreSQL trusts loopback, and every migrate re-applies the configured password.)
    DATABASE_APP_PASSWORD: randomBytes(18).toString('base64url'),
    METRICS_TOKEN: randomBytes(18).toString('base64url'),
    // A handful of customers place thousands of orders: the unpaid-order cap (still checked on
    // every order, so its cost is measured) must not be what stops them.
    MAX_PENDING_ORDERS_PER_CUSTOMER: '1000000000',
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    EMBEDDED_POSTGRES: 'never',
    DATA_DIR: path.join(tmp, 'data'),
  };
  try {
    return await startServers(settings, { id, tmp, logDir, adminUrl, ownerUrl, redisUrl, redisPrefix, env });
  } catch (e) {
    // Nothing else will clean up: the database and Redis keys go now, the logs stay.
    killAll();
    await dropDatabase(adminUrl, ownerUrl);
    await deleteKeys(redisUrl, redisPrefix);
    throw new Error(`${(e as Error).message}\n(logs kept in ${logDir})`);
  }
}

interface Paths {
  id: string;
  tmp: string;
  logDir: string;
  env: NodeJS.ProcessEnv;
  adminUrl: string;
  ownerUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

async function startServers(settings: BenchSettings, p: Paths): Promise<BenchEnv> {
  const { id, tmp, logDir, adminUrl, ownerUrl, redisUrl, redisPrefix, env } = p;
  const profDir = path.join(ROOT, 'bench', 'results', 'profile');
  // BENCH_TRACE_GC=1: the API logs every GC pause (node --trace-gc) to its log, to tell a GC
  // pause from other stalls in a latency tail.
  const apiArgs = [
    ...(settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
    ...(process.env.BENCH_TRACE_GC === '1' ? ['--trace-gc'] : []),
    // Extra node flags for the API, e.g. BENCH_API_NODE_ARGS=--max-semi-space-size=64 (GC experiments).
    ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const api = await startChild({
    name: 'api',
    args: [...apiArgs, path.join(ROOT, 'dist/src/api.js')],
    env,
    logDir,
    cwd: ROOT,
    readyPattern: /Commerce API ready: (http:\/\/[^/\s]+)\//,
    readyTimeoutMs: 120_000,
  });
  const workerArgs = settings.profileWorker ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profDir, 'worker')}`] : [];
  let workers = 0;
  // The worker migrates too when it starts. The API has already migrated, so the worker's pass
  // finds nothing to change and leaves the policies alone (src/platform/db/migrate.ts): no
  // table locks that could deadlock a scenario's first catalog write.
  const startWorker = () =>
    startChild({
      name: `worker-${workers++}`,
      args: [...workerArgs, path.join(ROOT, 'dist/src/worker.js')],
      env: { ...env, DATABASE_POOL_MAX: process.env.BENCH_WORKER_POOL_MAX ?? '10' },
      logDir,
      cwd: ROOT,
    });
  const worker = await startWorker();
  const apiUrl = api.ready.replace('localhost', '127.0.0.1');

  let n = 0;
  const tsxChild = async (file: string, name: string, extra: NodeJS.ProcessEnv) => {
    const c = await startChild({
      name: `${name}-${n++}`,
      args: ['--import', 'tsx', path.join(ROOT, 'bench', 'servers', file)],
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ...extra },
      logDir,
      cwd: ROOT,
      readyPattern: /LISTENING (\d+)/,
    });
    return { url: `http://127.0.0.1:${c.ready}`, stop: c.stop };
  };

  const bench: BenchEnv = {
    id,
    settings,
    tmp,
    logDir,
    adminUrl,
    ownerUrl,
    redisUrl,
    redisPrefix,
    apiUrl,
    api,
    worker,
    env,
    baseline: (kind, body, o = {}) =>
      tsxChild('baseline.ts', `baseline-${kind}`, {
        BASELINE_KIND: kind,
        BASELINE_BODY: JSON.stringify(body),
        BASELINE_METHOD: o.method ?? 'GET',
        BASELINE_ROUTE: o.route ?? '/api/v1/x',
        BASELINE_STATUS: String(o.status ?? 200),
      }),
    startReceiver: () => tsxChild('receiver.ts', 'receiver', {}),
    async ownerQuery<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const c = new Client({ connectionString: ownerUrl });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    async restartWorker(between?: () => Promise<void>) {
      await bench.worker.stop();
      await between?.();
      bench.worker = await startWorker();
    },
  };
  return bench;
}

async function dropDatabase(adminUrl: string, ownerUrl: string): Promise<void> {
  const name = new URL(ownerUrl).pathname.slice(1);
  await adminExec(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e: unknown) =>
    console.error(`could not drop ${name}: ${(e as Error).message}`),
  );
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (e) {
    console.error(`could not clean Redis prefix ${prefix}: ${(e as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

/** Stops the children, drops the database, deletes the Redis keys and the temp dir. */
export async function tearDown(b: BenchEnv, keepLogs: boolean): Promise<void> {
  await Promise.allSettled([b.api.stop(), b.worker.stop()]);
  await dropDatabase(b.adminUrl, b.ownerUrl);
  await deleteKeys(b.redisUrl, b.redisPrefix);
  if (!keepLogs) rmSync(b.tmp, { recursive: true, force: true });
}
