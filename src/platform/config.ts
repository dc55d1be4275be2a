// Configuration: every environment variable of operations.md, parsed once with zod.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

// A cron expression of 5 fields, or 6 with seconds first (every 30 s: "*/30 * * * * *");
// BullMQ parses it when the worker starts, so a bad one stops the start.
const cron = z
  .string()
  .trim()
  .regex(/^\S+(\s+\S+){4,5}$/, 'expected a cron expression of 5 or 6 fields')
  .optional();

/** Parses "5s,5m,30m,2h" into milliseconds. */
export function parseDurations(spec: string): number[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s);
      if (!m) throw new Error(`invalid duration "${s}"`);
      const n = Number(m[1]);
      const unit = m[2] ?? 's';
      const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit]!;
      return Math.round(n * mult);
    });
}

const schema = z.object({
  PORT: int(3000),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_APP_URL: z.string().url().optional(),
  DATABASE_APP_PASSWORD: z.string().default('commerce_app'),
  DATABASE_POOL_MAX: int(20, 1),
  REDIS_URL: z.string().optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .default('commerce'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEYS: z.string().optional(),
  JWT_ISSUER: z.string().default('commerce-api'),
  JWT_AUDIENCE: z.string().default('commerce-api'),
  ACCESS_TOKEN_TTL: int(3600, 1),
  REFRESH_TOKEN_TTL: int(2592000, 1),
  ENCRYPTION_KEY: z.string().optional(),
  BASE_DOMAIN: z.string().default('localhost'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.default(false),
  WEBHOOK_RETRY_SCHEDULE: z.string().default('5s,5m,30m,2h,5h,10h').transform(parseDurations),
  WEBHOOK_TIMEOUT_MS: int(10000, 1),
  WEBHOOK_CONCURRENCY: int(50, 1),
  WEBHOOK_DISABLE_AFTER: z
    .string()
    .default('3d')
    .transform((s) => parseDurations(s)[0]!),
  /** Outbox relay: poll interval (back to back only while a full batch waits), events per tenant per batch. */
  WEBHOOK_RELAY_INTERVAL_MS: int(200, 10),
  WEBHOOK_RELAY_BATCH: int(500, 1),
  /** Deliveries in flight at once to one endpoint (per worker process). */
  WEBHOOK_ENDPOINT_CONCURRENCY: int(10, 1),
  ORDER_PAYMENT_TTL: int(1800, 1),
  ORDER_EXPIRY_INTERVAL_MS: int(30000, 100),
  /** Cron expression for the order expiry sweep; when set it replaces ORDER_EXPIRY_INTERVAL_MS. */
  ORDER_EXPIRY_CRON: cron,
  /** How often expired Idempotency-Keys are deleted. */
  RETENTION_INTERVAL_MS: int(600000, 1000),
  /** Cron expression for the retention sweep; when set it replaces RETENTION_INTERVAL_MS. */
  RETENTION_CRON: cron,
  CACHE_TTL: int(300, 1),
  RATE_LIMIT_PER_MINUTE: int(600, 1),
  LOGIN_ATTEMPTS_PER_15MIN: int(10, 1),
  METRICS_TOKEN: z.string().optional(),
  /** Worker-only processes (npm run worker): serve /health, /ready and /metrics on this port (0: any free one). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  SHUTDOWN_TIMEOUT_MS: int(10000, 1),
  /** ms a draining process keeps serving (with /ready at 503) before it stops accepting; default 5000 in production, 0 otherwise. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).optional(),
  /** Absolute lifetime of a refresh-token family from its login (seconds), however often refreshed. */
  REFRESH_FAMILY_MAX_AGE: int(7776000, 1),
  /** Unpaid (PENDING) orders one customer may hold at once. */
  MAX_PENDING_ORDERS_PER_CUSTOMER: int(5, 1),
  /** Days an open cart lives after its last write; the retention worker deletes it then. */
  CART_TTL_DAYS: int(30, 1),
  /** Bound on every Redis command on a request path (ms); past it the request answers 503. */
  REDIS_COMMAND_TIMEOUT_MS: int(500, 1),
  /** Serve /metrics on this separate port instead of the API port (0: any free one). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  TRUST_PROXY: z.string().default('false'),
  EMBEDDED_POSTGRES: z.enum(['auto', 'always', 'never']).default('auto'),
  EMBEDDED_POSTGRES_PORT: int(0),
  EMBEDDED_REDIS: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Apply migrations and policies when a process starts; default true, false when NODE_ENV=production (a deploy runs `npm run db:migrate`). */
  MIGRATE_ON_START: bool.optional(),
});

export type Env = z.infer<typeof schema>;

export interface Config extends Omit<Env, 'SHUTDOWN_GRACE_MS' | 'MIGRATE_ON_START'> {
  SHUTDOWN_GRACE_MS: number;
  MIGRATE_ON_START: boolean;
  DATABASE_URL: string;
  REDIS_URL: string;
  /** The API's connection: role commerce_app on the same server as DATABASE_URL. */
  DATABASE_APP_URL: string;
  databaseUrlConfigured: boolean;
  redisUrlConfigured: boolean;
}

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/commerce';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Same server and database as the owner URL, role commerce_app. */
export function deriveAppUrl(ownerUrl: string, password: string): string {
  const u = new URL(ownerUrl);
  u.username = 'commerce_app';
  u.password = encodeURIComponent(password);
  return u.toString();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') assertProductionSafe(e);
  const dbUrl = e.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  return {
    ...e,
    DATABASE_URL: dbUrl,
    REDIS_URL: e.REDIS_URL ?? DEFAULT_REDIS_URL,
    DATABASE_APP_URL: e.DATABASE_APP_URL ?? deriveAppUrl(dbUrl, e.DATABASE_APP_PASSWORD),
    SHUTDOWN_GRACE_MS: e.SHUTDOWN_GRACE_MS ?? (e.NODE_ENV === 'production' ? 5000 : 0),
    MIGRATE_ON_START: e.MIGRATE_ON_START ?? e.NODE_ENV !== 'production',
    databaseUrlConfigured: e.DATABASE_URL !== undefined,
    redisUrlConfigured: e.REDIS_URL !== undefined,
  };
}

/** The development defaults that must never reach production (like the JWT keys in keys.ts). */
function assertProductionSafe(e: Env): void {
  const problems: string[] = [];
  if (e.DATABASE_APP_URL === undefined && e.DATABASE_APP_PASSWORD === 'commerce_app')
    problems.push('DATABASE_APP_PASSWORD must be set to a secret (the default "commerce_app" is public)');
  if (e.DATABASE_APP_URL !== undefined && new URL(e.DATABASE_APP_URL).password === 'commerce_app')
    problems.push('DATABASE_APP_URL uses the public default password "commerce_app"');
  if (e.METRICS_TOKEN === undefined && e.METRICS_PORT === undefined)
    problems.push('set METRICS_TOKEN or METRICS_PORT: /metrics is never open on the API port in production');
  if (problems.length) throw new Error(`NODE_ENV=production refuses to start:\n  ${problems.join('\n  ')}`);
}
