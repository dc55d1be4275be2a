// The tenant side of CORS (platform/http/cors.ts): the allowed origins of a tenant named by
// its subdomain, and whether any tenant allows an origin. Preflights are answered before rate
// limiting, so these look-ups must stay cheap whatever a client sends:
// - answers (yes and no, "no such tenant" too) are cached in process for 30 s, like the
//   tenant look-ups of authentication;
// - concurrent look-ups of one key share one query;
// - at most MAX_IN_FLIGHT queries run at once (of the pool's DATABASE_POOL_MAX); beyond that
//   an uncached origin is refused, uncached, so a flood of made-up origins cannot take the
//   pool from other requests.
// A settings change (PATCH /tenants/current) drops this process's entries of the tenant at
// once; other processes see it when their entries expire.
import type { AppContext } from '../../platform/app-context';
import { TtlCache } from '../../platform/auth/authenticate';
import type { OriginLookup } from '../../platform/http/cors';
import { anyTenantAllowsOrigin, findTenantBySubdomain } from './tenants.repository';

const TTL_MS = 30_000;
const MAX_IN_FLIGHT = 4;

export class TenantOrigins implements OriginLookup {
  private readonly bySubdomain = new TtlCache<readonly string[] | null>(TTL_MS);
  private readonly byOrigin = new TtlCache<boolean>(TTL_MS);
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: AppContext) {}

  originsOf(subdomain: string): readonly string[] | null | Promise<readonly string[] | null> {
    const hit = this.bySubdomain.get(subdomain);
    if (hit !== undefined) return hit;
    return this.load(
      `s:${subdomain}`,
      null,
      () => findTenantBySubdomain(this.ctx.db, subdomain).then((t) => t?.allowedOrigins ?? null),
      (v) => this.bySubdomain.set(subdomain, v),
    );
  }

  anyTenantAllows(origin: string): boolean | Promise<boolean> {
    const hit = this.byOrigin.get(origin);
    if (hit !== undefined) return hit;
    return this.load(
      `o:${origin}`,
      false,
      () => anyTenantAllowsOrigin(this.ctx.db, origin),
      (v) => this.byOrigin.set(origin, v),
    );
  }

  /** Drops the entries a tenant's change of allowed origins can have made wrong (and the
   * look-ups under way for them, whose answers may predate the change). */
  forget(subdomain: string, origins: Iterable<string>): void {
    this.bySubdomain.delete(subdomain);
    this.inFlight.delete(`s:${subdomain}`);
    for (const o of origins) {
      this.byOrigin.delete(o);
      this.inFlight.delete(`o:${o}`);
    }
  }

  private load<T>(key: string, refused: T, query: () => Promise<T>, store: (v: T) => void): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    if (this.inFlight.size >= MAX_IN_FLIGHT) return Promise.resolve(refused);
    const p: Promise<T> = query().then(
      (v) => {
        if (this.inFlight.get(key) === p) {
          this.inFlight.delete(key);
          store(v);
        }
        return v;
      },
      (err: unknown) => {
        if (this.inFlight.get(key) === p) this.inFlight.delete(key);
        throw err;
      },
    );
    this.inFlight.set(key, p);
    return p;
  }
}

const perApp = new WeakMap<AppContext, TenantOrigins>();

/** This app's origin look-ups (one cache per app instance; tests build several). */
export function tenantOrigins(ctx: AppContext): TenantOrigins {
  let t = perApp.get(ctx);
  if (!t) {
    t = new TenantOrigins(ctx);
    perApp.set(ctx, t);
  }
  return t;
}
