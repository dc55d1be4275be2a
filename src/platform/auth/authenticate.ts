// Authentication and tenant resolution. Tenant context comes from, in order: the JWT's
// tenantId claim; a secret API key (X-API-Key); the X-Tenant header (subdomain); the Host
// header {subdomain}.{BASE_DOMAIN}. Credentials that are present but invalid → 401.
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { sha256Hex } from '../crypto';
import { AppError, forbidden, unauthorized } from '../errors';
import { findApiKeyByHash, findTenantById, findTenantBySubdomain } from '../../modules/tenants/tenants.repository';
import { mfaRequired } from './jwt';
import type { Principal, Role, TenantRef } from './types';

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
class TtlCache<V> {
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
}

function subdomainFromHost(host: string | undefined, baseDomain: string): string | undefined {
  if (!host) return undefined;
  const h = host.split(':')[0]!.toLowerCase();
  const suffix = `.${baseDomain.toLowerCase()}`;
  if (!h.endsWith(suffix)) return undefined;
  const sub = h.slice(0, -suffix.length);
  return sub && !sub.includes('.') ? sub : undefined;
}

export function authenticate(ctx: AppContext): RequestHandler {
  const bySubdomain = new TtlCache<TenantRef>(30_000);
  const byId = new TtlCache<TenantRef>(30_000);

  const tenantBySub = async (sub: string): Promise<TenantRef | null> => {
    const hit = bySubdomain.get(sub);
    if (hit) return hit;
    const t = await findTenantBySubdomain(ctx.db, sub);
    if (t) bySubdomain.set(sub, t); // never cache a miss: the store may be signed up a second later
    return t;
  };
  const tenantById = async (id: string): Promise<TenantRef | null> => {
    const hit = byId.get(id);
    if (hit) return hit;
    const t = await findTenantById(ctx.db, id);
    if (t) byId.set(id, t);
    return t;
  };

  return async (req, _res, next) => {
    const auth = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!m || !ctx.tokens) return next(unauthorized('Invalid Authorization header'));
      req.principal = await ctx.tokens.verifyAccessToken(m[1]!);
    } else if (typeof apiKey === 'string' && apiKey.length > 0) {
      const key = apiKey.startsWith('sk_') ? await findApiKeyByHash(ctx.db, sha256Hex(apiKey)) : null;
      if (!key) return next(unauthorized('Invalid API key'));
      req.principal = { type: 'api_key', id: key.id, tenantId: key.tenantId, role: 'MERCHANT', amr: [] };
    }
    if (req.principal) {
      const t = await tenantById(req.principal.tenantId);
      if (!t) return next(unauthorized('Unknown tenant'));
      req.tenant = t;
      if (needsMfa(req, req.principal, t)) return next(mfaRequired());
      return next();
    }
    const header = req.headers['x-tenant'];
    const sub =
      typeof header === 'string' && header.length > 0
        ? header.toLowerCase()
        : subdomainFromHost(req.headers.host, ctx.config.BASE_DOMAIN);
    if (sub !== undefined) {
      const t = /^[a-z0-9-]{1,63}$/.test(sub) ? await tenantBySub(sub) : null;
      if (!t) return next(new AppError(404, 'NOT_FOUND', 'Unknown tenant'));
      req.tenant = t;
    }
    next();
  };
}

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
