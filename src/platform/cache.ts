// Per-scope (per-tenant) versioned read cache in Redis.
//
// Keys: `{prefix}:{ns}:{<scope>}:v` holds the scope's version; entries live at
// `{prefix}:{ns}:{<scope>}:<version>:f<format>:<key>` with a TTL. The FORMAT is the version
// of the cached JSON's shape (CATALOG_CACHE_FORMAT): a deploy that changes a view bumps it, so
// new code never serves an entry an older release stored (and, during a rolling deploy, old
// replicas never serve new-shaped ones); the scope version stays shared, so a write still
// invalidates both. A write bumps the version (INCR), so
// every entry of the scope becomes unreachable at once, on every API replica, without
// scanning keys. A read is ONE round trip: a Lua script reads the version and the entry
// (the `{scope}` hash tag keeps both in one cluster slot).
//
// A missing version is initialised from Redis TIME in microseconds, so a version key that
// expired or was evicted can never come back with a value an old entry was stored under.
//
// Redis failures never fail a read: the loader runs against PostgreSQL, a warning is
// logged (at most once per 5 s per namespace) and `<ns>_cache_errors_total` is counted.
//
// Writes never wait for Redis either: after its commit a write calls invalidate(scope). If
// Redis is unavailable the bump is REMEMBERED (per process, per scope) and applied as soon as
// Redis answers again: on the client's 'ready' (reconnect) and every RETRY_MS otherwise (a
// paused or partitioned server never closes the connection). Until then this process reads
// that scope from PostgreSQL, and no other process can store anything reachable after the
// bump. Bounds: another replica may serve an entry older than the write from the moment
// Redis answers it until the writer's retry lands (≤ the writer's reconnect delay or RETRY_MS
// plus a round trip); if the writer dies with bumps still remembered, its scopes' entries are
// stale until their TTL (CACHE_TTL) at most.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { AppContext } from './app-context';
import { scripted, type ScriptedRedis } from './cache.scripts';
import { withTimeout } from './timeout';

/** How often remembered invalidations are retried while Redis does not answer. */
export const RETRY_MS = 200;

const within = <T>(p: Promise<T>, ms: number): Promise<T> => withTimeout(p, ms, `redis timeout after ${ms} ms`);

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
  /** The cached JSON's shape version (part of every entry key); bump it when a shape changes. */
  format?: number;
}

export class VersionedCache {
  private readonly redis: ScriptedRedis;
  private readonly hits: Counter<'kind'>;
  private readonly misses: Counter<'kind'>;
  private readonly errors: Counter<'op'>;
  private readonly versionTtl: number;
  private readonly timeoutMs: number;
  private lastWarnAt = 0;
  /** Scopes whose invalidation failed, to bump as soon as Redis answers. */
  private readonly missed = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;
  private applying = false;
  private readonly onReady = (): void => void this.applyMissed();

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
    // A reconnect: apply what was missed while the connection was down.
    o.redis.on('ready', this.onReady);
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

  /**
   * Like wrapJson, for a loader that already returns JSON text (e.g. a list page assembled
   * from cached fragments): stored and returned as is.
   */
  async wrapText(scope: string, key: string, kind: string, load: () => Promise<string>): Promise<string> {
    const r = await this.read(scope, key, kind, load, (text) => text);
    return r.hit ? r.json : r.value;
  }

  /**
   * Many entries of one scope: ONE round trip reads the version and every entry; the missing
   * ones are loaded by ONE call of `load` (given their indexes, returning their values in that
   * order, null when there is nothing) and stored under the version read before loading. The
   * JSON texts come back in the order of `keys` (null: `load` found nothing). Entries are the
   * same as wrap/wrapJson's under the same key, so both share them.
   */
  async manyJson<T>(
    scope: string,
    keys: readonly string[],
    kind: string,
    load: (missing: number[]) => Promise<(T | null)[]>,
  ): Promise<(string | null)[]> {
    const base = this.base(scope);
    const suffixes = keys.map((k) => `:f${this.o.format ?? 0}:${k}`);
    let version: string | undefined;
    let found: (string | null)[] = keys.map(() => null);
    if (!this.missed.has(scope) && keys.length > 0) {
      try {
        const [v, ...vals] = await within(
          this.redis.vcacheReadMany(`${base}v`, base, this.versionTtl, ...suffixes),
          this.timeoutMs,
        );
        version = v!;
        found = keys.map((_, i) => vals[i] ?? null);
      } catch (err) {
        this.warn('read', err);
      }
    }
    const missing = found.flatMap((f, i) => (f === null ? [i] : []));
    this.hits.inc({ kind }, keys.length - missing.length);
    if (missing.length === 0) return found;
    this.misses.inc({ kind }, missing.length);
    const loaded = await load(missing);
    const store = version !== undefined ? this.o.redis.pipeline() : null;
    missing.forEach((idx, j) => {
      const value = loaded[j];
      if (value === null || value === undefined) return;
      const json = JSON.stringify(value);
      found[idx] = json;
      store?.set(`${base}${version}${suffixes[idx]}`, json, 'EX', this.o.ttlSeconds);
    });
    store?.exec().catch((err: unknown) => this.warn('write', err));
    return found;
  }

  private async read<T>(
    scope: string,
    key: string,
    kind: string,
    load: () => Promise<T>,
    serialize: (value: T) => string = (v) => JSON.stringify(v),
  ): Promise<{ hit: true; json: string } | { hit: false; value: T; json?: string }> {
    const base = this.base(scope);
    const entry = `f${this.o.format ?? 0}:${key}`;
    let version: string | undefined;
    if (this.missed.has(scope)) {
      // This process committed a write whose invalidation is not applied yet: the scope's
      // entries may be older than it, so read PostgreSQL (and store nothing) until it is.
      this.misses.inc({ kind });
      return { hit: false, value: await load() };
    }
    try {
      const [v, raw] = await within(
        this.redis.vcacheRead(`${base}v`, base, `:${entry}`, this.versionTtl),
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
      const json = serialize(value);
      this.o.redis.set(`${base}${version}:${entry}`, json, 'EX', this.o.ttlSeconds).catch((err) => {
        this.warn('write', err);
      });
      return { hit: false, value, json };
    }
    return { hit: false, value };
  }

  private bump(scope: string): Promise<string> {
    return within(this.redis.vcacheBump(`${this.base(scope)}v`, this.versionTtl), this.timeoutMs * 2);
  }

  /**
   * Makes every cached entry of `scope` unreachable, on every replica. Call after the commit
   * of a write, before responding. Never throws: when Redis is unavailable the bump is
   * remembered and applied once Redis answers (see the file comment); returns false then.
   *
   * Concurrent invalidations of one scope share bumps, as a group commit does: a write is
   * covered by any bump SENT after its commit (the version then moves past every entry stored
   * before it). While a bump of the scope is in flight (it may have been sent before this
   * write committed), the write waits for the NEXT bump, which starts when the one in flight
   * ends and covers every write that asked meanwhile. So a scope gets at most one bump per
   * Redis round trip however many orders commit (a flash sale: hundreds per second on one
   * tenant), and no write responds before a bump sent after its commit has been applied:
   * a read after the response never sees an entry older than the write.
   */
  invalidate(scope: string): Promise<boolean> {
    if (this.missed.has(scope)) {
      // Already remembered: the bump that applies it covers this write too.
      return this.applyMissed().then(() => !this.missed.has(scope));
    }
    const group = this.bumping.get(scope);
    if (!group) return this.startBump(scope);
    group.next ??= group.current.then(() => {
      group.next = undefined;
      return this.startBump(scope);
    });
    return group.next;
  }

  /** Scopes with a bump in flight, and the bump that follows it (shared by whoever waits). */
  private readonly bumping = new Map<string, { current: Promise<boolean>; next?: Promise<boolean> }>();

  private startBump(scope: string): Promise<boolean> {
    const current = this.bump(scope).then(
      () => true,
      (err: unknown) => {
        this.remember(scope, err);
        return false;
      },
    );
    const group = this.bumping.get(scope);
    if (group) group.current = current;
    else this.bumping.set(scope, { current });
    void current.then(() => {
      const g = this.bumping.get(scope);
      // Done, and nobody is waiting for a next one: the scope has no bump in flight.
      if (g && g.current === current && !g.next) this.bumping.delete(scope);
    });
    return current;
  }

  /** Scopes whose invalidation is still to be applied in Redis (this process). */
  pendingInvalidations(): number {
    return this.missed.size;
  }

  private remember(scope: string, err: unknown): void {
    this.missed.add(scope);
    this.errors.inc({ op: 'invalidate' });
    this.o.logger.error(
      { err: (err as Error)?.message, cache: this.o.namespace, scope },
      'cache invalidation failed; remembered, applied as soon as Redis answers',
    );
    this.retryTimer ??= setInterval(() => void this.applyMissed(), RETRY_MS);
    this.retryTimer.unref();
  }

  /** Applies the remembered invalidations (one bump per scope); keeps those that fail again. */
  async applyMissed(): Promise<void> {
    if (this.applying || this.missed.size === 0) return;
    this.applying = true;
    try {
      // All at once (auto-pipelined); those that fail stay for the next 'ready' or retry tick.
      const scopes = [...this.missed];
      const results = await Promise.allSettled(scopes.map((scope) => this.bump(scope)));
      results.forEach((r, i) => r.status === 'fulfilled' && this.missed.delete(scopes[i]!));
      if (this.missed.size === 0)
        this.o.logger.info({ cache: this.o.namespace, scopes: scopes.length }, 'missed cache invalidations applied');
    } finally {
      this.applying = false;
      if (this.missed.size === 0 && this.retryTimer) {
        clearInterval(this.retryTimer);
        this.retryTimer = undefined;
      }
    }
  }

  /** Stops retrying (after a last attempt to apply what is remembered). */
  async close(): Promise<void> {
    this.o.redis.off('ready', this.onReady);
    await this.applyMissed();
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
  }
}

/**
 * The shape version of everything cached in the catalog namespace (product views, list
 * pages). BUMP IT whenever the JSON a catalog read caches changes shape (a field added,
 * renamed, or its meaning changed): catalog-cache.test.ts fails when the product view's JSON
 * schema changes without a bump. 1: part 1; 2: variants, handles, status, metadata (issue 14);
 * 3: amounts in the currency's ISO digits ("1500" JPY, "1.250" KWD; were always two places).
 */
export const CATALOG_CACHE_FORMAT = 3;

const catalogCaches = new WeakMap<AppContext, VersionedCache>();

/**
 * Makes every cached catalog read of the tenant (products, list pages) unreachable on every
 * replica. THE invalidation of catalog, inventory, order and payment writes: call it after
 * the commit of any transaction that changed products or stock, before responding. Never
 * throws; with Redis unavailable the invalidation is remembered and applied when Redis
 * answers (false is returned then).
 */
export function invalidateCatalog(ctx: AppContext, tenantId: string): Promise<boolean> {
  return catalogCache(ctx).invalidate(tenantId);
}

/** Stops the context's cache retry timers, after a last attempt to apply missed invalidations. */
export async function closeCaches(ctx: AppContext): Promise<void> {
  await catalogCaches.get(ctx)?.close();
}

/** The per-tenant catalog cache of this app instance (products by id and list pages). */
export function catalogCache(ctx: AppContext): VersionedCache {
  let c = catalogCaches.get(ctx);
  if (!c) {
    c = new VersionedCache({
      redis: ctx.redis,
      prefix: ctx.config.REDIS_PREFIX,
      namespace: 'catalog',
      format: CATALOG_CACHE_FORMAT,
      ttlSeconds: ctx.config.CACHE_TTL,
      logger: ctx.logger,
      metrics: ctx.metrics,
    });
    catalogCaches.set(ctx, c);
  }
  return c;
}
