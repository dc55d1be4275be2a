// Fixed-window rate limiting in Redis, so limits hold across API replicas.
//
// hit() is exact: one round trip (INCR + PEXPIRE in a Lua script) per call; login limits use it
// and fail closed (503) when Redis is unavailable.
// The request middleware uses hitBatched(): the first hit of a key in a window is exact, later
// hits are counted locally on top of the last global count and pushed to Redis (INCRBY) every
// BATCH_FLUSH_MS, which refreshes the global count. A request then costs no Redis round trip;
// across N replicas the limit can be overshot by at most what N replicas admit in one flush
// interval. See docs/adr/0003-batched-request-rate-limits.md.
//
// Redis unavailable (refused, timed out): the request limiter fails open to a LOCAL window, so
// the API stays up for what does not need Redis (API-key writes, public reads from PostgreSQL)
// while each replica still holds every key to the limit on its own. After a failure, keys new
// to this process skip Redis for REDIS_BACKOFF_MS (no request waits for a command timeout);
// local counts are pushed to Redis when it answers again, which re-joins the global window.
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { AppError } from './errors';
import type { Stage } from './http/dispatch';
import { currentLogger } from './logger';

const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

const INCRBY_SCRIPT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[2])
if n == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

export const BATCH_FLUSH_MS = 100;
/** After a Redis failure, how long keys new to this process are counted locally without asking Redis. */
export const REDIS_BACKOFF_MS = 1000;

interface LocalWindow {
  global: number;
  pending: number;
  resetAt: number;
  windowMs: number;
}

type ScriptedRedis = Redis & {
  rlHit?: (key: string, windowMs: number) => Promise<[number, number]>;
  rlAdd?: (key: string, windowMs: number, n: number) => Promise<[number, number]>;
};

export interface HitResult {
  count: number;
  resetMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, LocalWindow>();
  private readonly timer: NodeJS.Timeout;
  private flushing = false;
  /** Until when (epoch ms) new keys skip Redis after a failure. */
  private redisDownUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    const r = redis as ScriptedRedis;
    if (!r.rlHit) redis.defineCommand('rlHit', { numberOfKeys: 1, lua: SCRIPT });
    if (!r.rlAdd) redis.defineCommand('rlAdd', { numberOfKeys: 1, lua: INCRBY_SCRIPT });
    this.timer = setInterval(() => void this.flush(), BATCH_FLUSH_MS);
    this.timer.unref();
  }

  /** Counts one hit on `key` in a window of windowMs, exactly (EVALSHA: the script is sent once). */
  async hit(key: string, windowMs: number): Promise<HitResult> {
    const [count, ttl] = await (this.redis as ScriptedRedis).rlHit!(`${this.prefix}:rl:${key}`, windowMs);
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
  }

  /** Counts one hit locally if `key` has a live window here (no Redis round trip), else undefined. */
  hitLocal(key: string): HitResult | undefined {
    const w = this.windows.get(key);
    if (!w) return undefined;
    const now = Date.now();
    if (now >= w.resetAt) return undefined;
    w.pending++;
    return { count: w.global + w.pending, resetMs: w.resetAt - now };
  }

  /**
   * Counts one hit; exact for a key's first hit in a window, then local until the next flush.
   * Never throws: with Redis unavailable the key gets a local window (see the file comment).
   */
  async hitBatched(key: string, windowMs: number): Promise<HitResult> {
    const local = this.hitLocal(key);
    if (local) return local;
    if (Date.now() >= this.redisDownUntil) {
      try {
        const r = await this.hit(key, windowMs);
        this.windows.set(key, { global: r.count, pending: 0, resetAt: Date.now() + r.resetMs, windowMs });
        return r;
      } catch (err) {
        this.redisDownUntil = Date.now() + REDIS_BACKOFF_MS;
        currentLogger().warn(
          { err: (err as Error).message },
          'rate limiter: Redis unavailable; counting requests in this process',
        );
      }
    }
    // Local window: this hit is pending, pushed to Redis by flush() once it answers again.
    const w = this.windows.get(key);
    if (w && Date.now() < w.resetAt) {
      w.pending++;
      return { count: w.global + w.pending, resetMs: w.resetAt - Date.now() };
    }
    this.windows.set(key, { global: 0, pending: 1, resetAt: Date.now() + windowMs, windowMs });
    return { count: 1, resetMs: windowMs };
  }

  /** Pushes local counts to Redis and refreshes each key's global count. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const now = Date.now();
      const work: Promise<void>[] = [];
      for (const [key, w] of this.windows) {
        if (now >= w.resetAt) {
          this.windows.delete(key); // the window is over; its next hit starts a new one exactly
          continue;
        }
        const n = w.pending;
        if (n === 0) continue;
        work.push(
          (this.redis as ScriptedRedis).rlAdd!(`${this.prefix}:rl:${key}`, w.windowMs, n).then(
            ([count, ttl]) => {
              w.pending -= n;
              w.global = count;
              if (ttl > 0) w.resetAt = Date.now() + ttl;
            },
            () => undefined, // Redis unavailable: keep the pending hits, retry next flush
          ),
        );
      }
      await Promise.all(work);
    } finally {
      this.flushing = false;
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  async peek(key: string): Promise<HitResult> {
    const k = `${this.prefix}:rl:${key}`;
    const [v, ttl] = await Promise.all([this.redis.get(k), this.redis.pttl(k)]);
    return { count: Number(v ?? 0), resetMs: ttl > 0 ? ttl : 0 };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:rl:${key}`);
  }
}

export function rateLimitedError(r: HitResult, message = 'Too many requests'): AppError {
  const retry = String(Math.max(1, Math.ceil(r.resetMs / 1000)));
  return new AppError(429, 'RATE_LIMITED', message, { retryAfterSeconds: Number(retry) }, { 'Retry-After': retry });
}

/**
 * Limits requests per minute by `keyOf(req)` (e.g. client IP, or principal), as a request stage
 * (see http/dispatch.ts): synchronous while the key's window is counted locally. Requests for
 * which keyOf returns undefined are not counted.
 */
export function rateLimitStage(
  limiter: RateLimiter,
  limit: number,
  keyOf: (req: Request) => string | undefined,
  windowMs = 60_000,
): Stage {
  const limitHeader = String(limit);
  const apply = (res: Response, r: HitResult): void => {
    // RateLimit-Limit/Remaining/Reset on every counted response (the contract's 429 has them).
    res.setHeader('ratelimit-limit', limitHeader);
    res.setHeader('ratelimit-remaining', String(Math.max(0, limit - r.count)));
    res.setHeader('ratelimit-reset', String(Math.ceil(r.resetMs / 1000)));
    if (r.count > limit) throw rateLimitedError(r);
  };
  return (req, res) => {
    const key = keyOf(req);
    if (key === undefined) return;
    const local = limiter.hitLocal(key);
    if (local) return apply(res, local);
    return limiter.hitBatched(key, windowMs).then((r) => apply(res, r));
  };
}
