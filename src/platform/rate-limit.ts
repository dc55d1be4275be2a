// Fixed-window rate limiting in Redis (one round trip: INCR + PEXPIRE in a Lua script),
// so limits hold across API replicas. Fails open (with a warning) if Redis is down.
import type { Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { AppError } from './errors';
import { currentLogger } from './logger';

const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

export interface HitResult {
  count: number;
  resetMs: number;
}

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Counts one hit on `key` in a window of windowMs (EVALSHA: the script is sent once). */
  async hit(key: string, windowMs: number): Promise<HitResult> {
    const r = this.redis as Redis & { rlHit?: (key: string, windowMs: number) => Promise<[number, number]> };
    if (!r.rlHit) this.redis.defineCommand('rlHit', { numberOfKeys: 1, lua: SCRIPT });
    const [count, ttl] = await r.rlHit!(`${this.prefix}:rl:${key}`, windowMs);
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
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

export function setRateLimitHeaders(res: Response, limit: number, r: HitResult): void {
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - r.count)));
  res.setHeader('RateLimit-Reset', String(Math.ceil(r.resetMs / 1000)));
}

export function rateLimitedError(r: HitResult, message = 'Too many requests'): AppError {
  const retry = String(Math.max(1, Math.ceil(r.resetMs / 1000)));
  return new AppError(429, 'RATE_LIMITED', message, { retryAfterSeconds: Number(retry) }, { 'Retry-After': retry });
}

/**
 * Limits requests per minute by `keyOf(req)` (e.g. client IP, or principal). Requests for
 * which keyOf returns undefined are not counted.
 */
export function rateLimit(
  limiter: RateLimiter,
  limit: number,
  keyOf: (req: Request) => string | undefined,
  windowMs = 60_000,
): RequestHandler {
  return async (req, res, next) => {
    const key = keyOf(req);
    if (key === undefined) return next();
    let r: HitResult;
    try {
      r = await limiter.hit(key, windowMs);
    } catch (err) {
      currentLogger().warn({ err: (err as Error).message }, 'rate limiter unavailable; allowing request');
      return next();
    }
    setRateLimitHeaders(res, limit, r);
    if (r.count > limit) return next(rateLimitedError(r));
    next();
  };
}
