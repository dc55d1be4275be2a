// Per-scope (per-tenant) versioned read cache in Redis.
//
// Keys: `{prefix}:{ns}:{<scope>}:v` holds the scope's version; entries live at
// `{prefix}:{ns}:{<scope>}:<version>:<key>` with a TTL. A write bumps the version (INCR), so
// every entry of the scope becomes unreachable at once, on every API replica, without
// scanning keys. A read is ONE round trip: a Lua script reads the version and the entry
// (the `{scope}` hash tag keeps both in one cluster slot).
//
// A missing version is initialised from Redis TIME in microseconds, so a version key that
// expired or was evicted can never come back with a value an old entry was stored under.
//
// Redis failures never fail a read: the loader runs against PostgreSQL, a warning is
// logged (at most once per 5 s per namespace) and `<ns>_cache_errors_total` is counted.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { AppContext } from './app-context';
import { unavailable } from './errors';

const READ_LUA = `
local v = redis.call('GET', KEYS[1])
if not v then
  local t = redis.call('TIME')
  v = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
  redis.call('SET', KEYS[1], v, 'EX', ARGV[3])
end
return {v, redis.call('GET', ARGV[1] .. v .. ARGV[2])}`;

const BUMP_LUA = `
local v
if redis.call('EXISTS', KEYS[1]) == 1 then
  v = redis.call('INCR', KEYS[1])
else
  local t = redis.call('TIME')
  v = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
  redis.call('SET', KEYS[1], v)
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return tostring(v)`;

type ScriptedRedis = Redis & {
  vcacheRead(
    versionKey: string,
    entryPrefix: string,
    entrySuffix: string,
    versionTtl: number,
  ): Promise<[string, string | null]>;
  vcacheBump(versionKey: string, versionTtl: number): Promise<string>;
};

function scripted(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.vcacheRead !== 'function') {
    redis.defineCommand('vcacheRead', { numberOfKeys: 1, lua: READ_LUA });
    redis.defineCommand('vcacheBump', { numberOfKeys: 1, lua: BUMP_LUA });
  }
  return r;
}

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => {
        t = setTimeout(() => rej(new Error(`redis timeout after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(t);
  }
}

export interface VersionedCacheOptions {
  redis: Redis;
  /** Global key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Namespace; also the metric prefix: `<ns>_cache_hits_total`. */
  namespace: string;
  ttlSeconds: number;
  logger: Logger;
  metrics: AppContext['metrics'];
  /** Per-command timeout, so a hung Redis cannot stall reads. */
  timeoutMs?: number;
}

export class VersionedCache {
  private readonly redis: ScriptedRedis;
  private readonly hits: Counter<'kind'>;
  private readonly misses: Counter<'kind'>;
  private readonly errors: Counter<'op'>;
  private readonly versionTtl: number;
  private readonly timeoutMs: number;
  private lastWarnAt = 0;

  constructor(private readonly o: VersionedCacheOptions) {
    this.redis = scripted(o.redis);
    const ns = o.namespace;
    this.hits = o.metrics.counter(`${ns}_cache_hits_total`, `${ns} reads served from Redis`, ['kind']);
    this.misses = o.metrics.counter(`${ns}_cache_misses_total`, `${ns} reads that went to PostgreSQL`, ['kind']);
    this.errors = o.metrics.counter(
      `${ns}_cache_errors_total`,
      `${ns} cache operations that failed because Redis was unavailable (reads fell back to PostgreSQL)`,
      ['op'],
    );
    // The version key outlives every entry stored under it.
    this.versionTtl = Math.max(86_400, o.ttlSeconds * 4);
    this.timeoutMs = o.timeoutMs ?? 250;
  }

  private base(scope: string): string {
    return `${this.o.prefix}:${this.o.namespace}:{${scope}}:`;
  }

  private warn(op: string, err: unknown): void {
    this.errors.inc({ op });
    const now = Date.now();
    if (now - this.lastWarnAt < 5000) return;
    this.lastWarnAt = now;
    this.o.logger.warn(
      { err: (err as Error)?.message, cache: this.o.namespace, op },
      'cache unavailable; serving from PostgreSQL',
    );
  }

  /**
   * Cached read: returns the stored value or runs `load` (PostgreSQL) and stores its
   * result (unless it is null/undefined). `kind` labels the hit/miss metrics.
   */
  async wrap<T>(scope: string, key: string, kind: string, load: () => Promise<T>): Promise<T> {
    const r = await this.read(scope, key, kind, load);
    return r.hit ? (JSON.parse(r.json) as T) : r.value;
  }

  /**
   * Like wrap, but returns the value as JSON text (null when `load` found nothing), so a hit
   * can be sent without parsing and re-serialising it.
   */
  async wrapJson<T>(scope: string, key: string, kind: string, load: () => Promise<T>): Promise<string | null> {
    const r = await this.read(scope, key, kind, load);
    if (r.hit) return r.json;
    return r.value === null || r.value === undefined ? null : (r.json ?? JSON.stringify(r.value));
  }

  private async read<T>(
    scope: string,
    key: string,
    kind: string,
    load: () => Promise<T>,
  ): Promise<{ hit: true; json: string } | { hit: false; value: T; json?: string }> {
    const base = this.base(scope);
    let version: string | undefined;
    try {
      const [v, raw] = await within(
        this.redis.vcacheRead(`${base}v`, base, `:${key}`, this.versionTtl),
        this.timeoutMs,
      );
      version = v;
      if (raw !== null) {
        this.hits.inc({ kind });
        return { hit: true, json: raw };
      }
    } catch (err) {
      this.warn('read', err);
    }
    this.misses.inc({ kind });
    const value = await load();
    if (version !== undefined && value !== null && value !== undefined) {
      // Stored under the version read BEFORE loading: if a write bumped it meanwhile, this
      // entry is already unreachable, so a stale load can never be served.
      const json = JSON.stringify(value);
      this.o.redis.set(`${base}${version}:${key}`, json, 'EX', this.o.ttlSeconds).catch((err) => {
        this.warn('write', err);
      });
      return { hit: false, value, json };
    }
    return { hit: false, value };
  }

  /** Makes every cached entry of `scope` unreachable. Throws when Redis is unavailable. */
  async invalidateOrThrow(scope: string): Promise<void> {
    await within(this.redis.vcacheBump(`${this.base(scope)}v`, this.versionTtl), this.timeoutMs * 4);
  }

  /** Same, but never throws: returns false (error logged and counted) when Redis is down. */
  async invalidate(scope: string): Promise<boolean> {
    try {
      await this.invalidateOrThrow(scope);
      return true;
    } catch (err) {
      this.errors.inc({ op: 'invalidate' });
      this.o.logger.error(
        { err: (err as Error)?.message, cache: this.o.namespace, scope },
        'cache invalidation failed; entries of this scope may be stale until their TTL',
      );
      return false;
    }
  }

  /** Like invalidateOrThrow, but maps a Redis failure to 503 SERVICE_UNAVAILABLE. */
  async invalidateOr503(scope: string): Promise<void> {
    try {
      await this.invalidateOrThrow(scope);
    } catch (err) {
      this.warn('invalidate', err);
      throw unavailable('Cache unavailable; the change was not applied, try again shortly');
    }
  }
}

const catalogCaches = new WeakMap<AppContext, VersionedCache>();

/** The per-tenant catalog cache of this app instance (products by id and list pages). */
export function catalogCache(ctx: AppContext): VersionedCache {
  let c = catalogCaches.get(ctx);
  if (!c) {
    c = new VersionedCache({
      redis: ctx.redis,
      prefix: ctx.config.REDIS_PREFIX,
      namespace: 'catalog',
      ttlSeconds: ctx.config.CACHE_TTL,
      logger: ctx.logger,
      metrics: ctx.metrics,
    });
    catalogCaches.set(ctx, c);
  }
  return c;
}
