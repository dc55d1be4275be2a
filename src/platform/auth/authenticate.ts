// Authentication and tenant resolution. Tenant context comes from, in order: the JWT's
// tenantId claim; a secret API key (X-API-Key); the X-Tenant header (subdomain); the Host
// header {subdomain}.{BASE_DOMAIN}. Credentials that are present but invalid → 401.
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import type { Stage } from '../http/dispatch';
import { sha256Hex } from '../crypto';
import { AppError, forbidden, unauthorized } from '../errors';
import { mfaRequired } from './jwt';
import type { Principal, Role, TenantRef } from './types';

/** Where authentication finds tenants and API keys: the tenants module, wired in app.ts
 * (platform code imports no module). */
export interface TenantLookups {
  tenantById(id: string): Promise<TenantRef | null>;
  tenantBySubdomain(subdomain: string): Promise<TenantRef | null>;
  apiKeyByHash(hash: string): Promise<{ id: string; tenantId: string } | null>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Admin MFA gate: with the tenant's requireAdminMfa, an ADMIN user token without `otp` in
 * `amr` may only call /api/v1/auth/* and read-only methods.
 */
function needsMfa(req: Request, p: Principal, t: TenantRef): boolean {
  if (!t.requireAdminMfa || p.type !== 'user' || p.role !== 'ADMIN' || p.amr.includes('otp')) return false;
  if (SAFE_METHODS.has(req.method)) return false;
  return !`${req.baseUrl}${req.path}`.startsWith('/api/v1/auth/');
}

/** Small in-process TTL cache for tenant look-ups (tenants' subdomains never change). */
export class TtlCache<V> {
  private readonly m = new Map<string, { v: V; at: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}
  get(k: string): V | undefined {
    const e = this.m.get(k);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.m.delete(k);
      return undefined;
    }
    return e.v;
  }
  set(k: string, v: V): void {
    if (this.m.size >= this.max) this.m.delete(this.m.keys().next().value as string);
    this.m.set(k, { v, at: Date.now() });
  }
  delete(k: string): void {
    this.m.delete(k);
  }
}

/** Each app's tenant caches, so that a settings change can drop its own copies. */
const tenantCaches = new WeakMap<AppContext, { byId: TtlCache<TenantRef>; bySubdomain: TtlCache<TenantRef> }>();

/** Drops this app's cached copy of a tenant after its settings changed (PATCH
 * /tenants/current); other processes keep theirs until the 30 s TTL runs out. */
export function forgetTenant(ctx: AppContext, t: { id: string; subdomain: string }): void {
  const c = tenantCaches.get(ctx);
  c?.byId.delete(t.id);
  c?.bySubdomain.delete(t.subdomain);
}

/** `shop` from `shop.<baseDomain>[:port]`; undefined for any other host. */
export function subdomainFromHost(host: string | undefined, suffix: string): string | undefined {
  if (!host) return undefined;
  const colon = host.indexOf(':');
  const h = (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
  if (!h.endsWith(suffix)) return undefined;
  const sub = h.slice(0, -suffix.length);
  return sub && !sub.includes('.') ? sub : undefined;
}

/**
 * Resolves req.principal and req.tenant, as a request stage (see http/dispatch.ts): synchronous
 * when there are no credentials and the tenant is cached; throws/rejects with a 401/403/404.
 */
export function authenticate(ctx: AppContext, lookups: TenantLookups): Stage {
  const bySubdomain = new TtlCache<TenantRef>(30_000);
  const byId = new TtlCache<TenantRef>(30_000);
  tenantCaches.set(ctx, { byId, bySubdomain });
  const hostSuffix = `.${ctx.config.BASE_DOMAIN.toLowerCase()}`;

  const useTenant = (req: Request, t: TenantRef | null): void => {
    if (!t) throw unauthorized('Unknown tenant');
    req.tenant = t;
    if (needsMfa(req, req.principal!, t)) throw mfaRequired();
  };
  const principalTenant = (req: Request): void | Promise<void> => {
    const id = req.principal!.tenantId;
    const hit = byId.get(id);
    if (hit) return useTenant(req, hit);
    return lookups.tenantById(id).then((t) => {
      if (t) byId.set(id, t);
      useTenant(req, t);
    });
  };

  return (req) => {
    const auth = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m || !ctx.tokens) throw unauthorized('Invalid Authorization header');
      return ctx.tokens.verifyAccessToken(m[1]!).then((p) => {
        req.principal = p;
        return principalTenant(req);
      });
    }
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      if (!apiKey.startsWith('sk_')) throw unauthorized('Invalid API key');
      return lookups.apiKeyByHash(sha256Hex(apiKey)).then((key) => {
        if (!key) throw unauthorized('Invalid API key');
        req.principal = { type: 'api_key', id: key.id, tenantId: key.tenantId, role: 'MERCHANT', amr: [] };
        return principalTenant(req);
      });
    }
    const header = req.headers['x-tenant'];
    const sub =
      typeof header === 'string' && header.length > 0
        ? header.toLowerCase()
        : subdomainFromHost(req.headers.host, hostSuffix);
    if (sub === undefined) return;
    if (!/^[a-z0-9-]{1,63}$/.test(sub)) throw unknownTenant();
    const hit = bySubdomain.get(sub);
    if (hit) {
      req.tenant = hit;
      return;
    }
    return lookups.tenantBySubdomain(sub).then((t) => {
      if (!t) throw unknownTenant(); // a miss is never cached: the store may be signed up a second later
      bySubdomain.set(sub, t);
      req.tenant = t;
    });
  };
}

const unknownTenant = (): AppError => new AppError(404, 'NOT_FOUND', 'Unknown tenant');

/** The tenant this request acts in; 400 when a public call names none. */
export function tenantOf(req: Request): TenantRef {
  if (!req.tenant) {
    throw new AppError(400, 'VALIDATION_ERROR', 'Tenant required: send X-Tenant (store subdomain) or authenticate', {
      issues: [{ path: 'header.x-tenant', message: 'required', code: 'missing_tenant' }],
    });
  }
  return req.tenant;
}

export const requireAuth: RequestHandler = (req, _res, next) => {
  next(req.principal ? undefined : unauthorized());
};

/** One declarative guard per route: requireRole('ADMIN', 'MERCHANT'). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.principal) return next(unauthorized());
    if (!roles.includes(req.principal.role)) return next(forbidden());
    next();
  };
}

export const principalOf = (req: Request): Principal => {
  if (!req.principal) throw unauthorized();
  return req.principal;
};
