// Brute-force limits for password logins, in Redis (shared by all API replicas): failed
// attempts per (tenant, e-mail) and, ×5, per client IP, in a 15-minute window. An attempt is
// counted BEFORE the password is checked (parallel guesses can't slip past the limit) and
// given back when it succeeds, so only failures accumulate.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { unavailable } from '../../platform/errors';
import { ipKey } from '../../platform/ip-key';
import { rateLimitedError, type HitResult } from '../../platform/rate-limit';

export const LOGIN_WINDOW_MS = 15 * 60_000;

const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0`;

const h = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export class LoginLimiter {
  constructor(private readonly ctx: AppContext) {}

  private keys(tenantId: string, email: string, ip: string) {
    // Per client IP as the request limiter keys it: an IPv6 client by its /64.
    return { user: `login:u:${tenantId}:${h(email)}`, ip: `login:ip:${ipKey(ip)}` };
  }

  /** Counts an attempt; throws 429 RATE_LIMITED (Retry-After) when either limit is exceeded. */
  async attempt(tenantId: string, email: string, ip: string): Promise<void> {
    const limit = this.ctx.config.LOGIN_ATTEMPTS_PER_15MIN;
    const k = this.keys(tenantId, email, ip);
    let u: HitResult;
    let i: HitResult;
    try {
      [u, i] = await Promise.all([
        this.ctx.rateLimiter.hit(k.user, LOGIN_WINDOW_MS),
        this.ctx.rateLimiter.hit(k.ip, LOGIN_WINDOW_MS),
      ]);
    } catch {
      // Fail closed: password guessing must not become unlimited while Redis is away.
      throw unavailable('Login is temporarily unavailable; try again shortly');
    }
    const over: HitResult[] = [];
    if (u.count > limit) over.push(u);
    if (i.count > limit * 5) over.push(i);
    if (over.length > 0) {
      const worst = over.reduce((a, b) => (a.resetMs >= b.resetMs ? a : b));
      throw rateLimitedError(worst, 'Too many failed login attempts; try again later');
    }
  }

  /** A successful login: the user's failure streak is cleared and the IP's attempt given back. */
  async succeeded(tenantId: string, email: string, ip: string): Promise<void> {
    const k = this.keys(tenantId, email, ip);
    const prefix = this.ctx.config.REDIS_PREFIX;
    await Promise.all([this.ctx.rateLimiter.reset(k.user), this.ctx.redis.eval(GIVE_BACK, 1, `${prefix}:rl:${k.ip}`)]);
  }
}
