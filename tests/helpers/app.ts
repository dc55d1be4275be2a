// Builds a real app (real PostgreSQL as commerce_app, real Redis) for supertest.
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { AppContext } from '../../src/platform/app-context';
import { closeContext, createContext } from '../../src/platform/bootstrap';
import { deriveAppUrl, loadConfig, type Config } from '../../src/platform/config';

export interface TestApp {
  app: Express;
  ctx: AppContext;
  config: Config;
  /** Every log line written while the app ran (JSON strings). */
  logs: string[];
  close(): Promise<void>;
}

export const testDbUrl = (): string => {
  const u = process.env.TEST_DATABASE_URL;
  if (!u) throw new Error('TEST_DATABASE_URL missing: run through jest (global-setup)');
  return u;
};

export function testConfig(env: Record<string, string> = {}): Config {
  const dbUrl = testDbUrl();
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    DATABASE_APP_URL: deriveAppUrl(dbUrl, 'commerce_app'),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: process.env.TEST_REDIS_PREFIX ?? 'test:local',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_ATTEMPTS_PER_15MIN: '1000',
    // Tests place many orders per customer; orders-pending-cap.test.ts tests the cap itself.
    MAX_PENDING_ORDERS_PER_CUSTOMER: '1000000',
    DATA_DIR: `${require('node:os').tmpdir()}/commerce-test-data`,
    DATABASE_POOL_MAX: '10',
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    // A whole-suite jest process can stall its event loop past 500 ms (GC of a large heap), and
    // a reply that arrived during the stall then loses to ioredis' command timer: a false 503
    // (seen once in CI). redis-outage.test.ts sets its own bound to test the timeout itself.
    REDIS_COMMAND_TIMEOUT_MS: '5000',
    ...env,
  });
}

export async function makeTestApp(
  env: Record<string, string> = {},
  opts: { allowRedisDown?: boolean } = {},
): Promise<TestApp> {
  const config = testConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const ctx = await createContext(config, {
    logDestination: sink,
    allowRedisDown: opts.allowRedisDown,
    defaultMetrics: false,
  });
  const app = createApp(ctx);
  return { app, ctx, config, logs, close: () => closeContext(ctx) };
}

let seq = 0;
// Jest runs several test files in one worker process, each with a fresh module registry
// (seq restarts at 0), so the pid alone does not make subdomains unique: add a per-file tag.
const fileTag = Math.random().toString(36).slice(2, 7);
export const uniqueSubdomain = (prefix = 't'): string =>
  `${prefix}-${(process.env.TEST_RUN_ID ?? 'x').replace(/_/g, '-')}-${process.pid}-${fileTag}-${++seq}`
    .toLowerCase()
    .slice(0, 60);

export interface SignedUpTenant {
  tenantId: string;
  subdomain: string;
  currency: string;
  adminId: string;
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
}

export async function signUpTenant(app: Express, opts: { currency?: string } = {}): Promise<SignedUpTenant> {
  const subdomain = uniqueSubdomain();
  const adminEmail = `admin@${subdomain}.example.com`;
  const adminPassword = 'correct-horse-battery';
  const res = await request(app)
    .post('/api/v1/tenants')
    .send({
      name: `Store ${subdomain}`,
      subdomain,
      currency: opts.currency,
      admin: { email: adminEmail, password: adminPassword },
    });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    tenantId: res.body.data.tenant.id,
    subdomain,
    currency: res.body.data.tenant.currency,
    adminId: res.body.data.admin.id,
    adminEmail,
    adminPassword,
    apiKey: res.body.data.apiKey,
  };
}
