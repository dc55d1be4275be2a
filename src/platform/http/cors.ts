// CORS for browser storefronts on a merchant's own domain (contract "CORS"; ADR 0005).
//
// Which origins may read responses is a tenant setting (allowedOrigins, exact origins). Three
// pieces make up the /api/v1 layer's CORS:
// - `answerPreflights(handler)` wraps the layer's handler: a browser's OPTIONS preflight is
//   answered there (204, no body read, no rate limit, no authentication), with the CORS
//   headers when the origin is allowed by the tenant that X-Tenant or the Host names, else
//   (a browser sends no X-Tenant value with a preflight) by any tenant; without them
//   otherwise. Every other request goes to the handler.
// - `actual`, the stage after authentication: the resolved tenant's allowedOrigins decide
//   (carried in the cached TenantRef, so no look-up); a request that names no tenant at all
//   (sign-up, password-reset confirmation) is decided like a preflight.
// - `onError`, an error layer: a request that failed before `actual` ran (body, per-IP limit,
//   authentication) is decided the same way, so a browser app can read its error envelope.
// A request without an Origin header costs one header check per piece. No credentials mode:
// Access-Control-Allow-Credentials is never sent (the API reads no cookies).
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { subdomainFromHost } from '../auth/authenticate';
import type { Stage } from './dispatch';

type MaybePromise<T> = T | Promise<T>;

/** The tenant side of CORS, passed in by the app (the platform imports no module). */
export interface OriginLookup {
  /** The allowed origins of the tenant with this subdomain; null when there is no such tenant. */
  originsOf(subdomain: string): MaybePromise<readonly string[] | null>;
  /** Whether any tenant allows this origin. */
  anyTenantAllows(origin: string): MaybePromise<boolean>;
}

export interface CorsOptions {
  /** BASE_DOMAIN: a Host `shop.<baseDomain>` names the tenant `shop`. */
  baseDomain: string;
  lookup: OriginLookup;
}

export interface Cors {
  answerPreflights(handler: RequestHandler): RequestHandler;
  actual: Stage;
  onError: ErrorRequestHandler;
}

/** Request headers a browser app may send (and X-Correlation-Id, which the API echoes). */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Tenant, X-API-Key, X-Correlation-Id';
const ALLOWED_METHODS = 'GET, HEAD, POST, PATCH, DELETE';
/** Response headers a browser app may read. */
const EXPOSED_HEADERS =
  'x-correlation-id, ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after, idempotent-replayed';
/** How long a browser may reuse a preflight's answer (s); Chromium caps it at 7200. */
const PREFLIGHT_MAX_AGE = '600';

/** A serialized origin as browsers send it: scheme://host[:port], lower case, nothing else. */
const ORIGIN_SHAPE = /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
const SUBDOMAIN_SHAPE = /^[a-z0-9-]{1,63}$/;

const isPreflight = (req: Request): boolean =>
  req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;

const then = <T, R>(v: MaybePromise<T>, f: (v: T) => MaybePromise<R>): MaybePromise<R> =>
  v instanceof Promise ? v.then(f) : f(v);

export function cors({ baseDomain, lookup }: CorsOptions): Cors {
  const hostSuffix = `.${baseDomain.toLowerCase()}`;

  /** The subdomain X-Tenant (else the Host) names, as authentication reads it. */
  const namedSubdomain = (req: Request): string | undefined => {
    const header = req.headers['x-tenant'];
    const sub =
      typeof header === 'string' && header.length > 0
        ? header.toLowerCase()
        : subdomainFromHost(req.headers.host, hostSuffix);
    return sub !== undefined && SUBDOMAIN_SHAPE.test(sub) ? sub : undefined;
  };

  /** The rule for a request whose tenant is not (yet) resolved: the named tenant, or any.
   * A Host that names no tenant (e.g. api.<baseDomain>) counts as naming none. */
  const allowedWithoutTenant = (req: Request, origin: string): MaybePromise<boolean> => {
    if (!ORIGIN_SHAPE.test(origin)) return false;
    const sub = namedSubdomain(req);
    if (sub === undefined) return lookup.anyTenantAllows(origin);
    return then(lookup.originsOf(sub), (origins) =>
      origins === null ? lookup.anyTenantAllows(origin) : origins.includes(origin),
    );
  };

  const allowed = (req: Request, origin: string): MaybePromise<boolean> =>
    req.tenant ? req.tenant.allowedOrigins.includes(origin) : allowedWithoutTenant(req, origin);

  /** Headers of an allowed actual request; Vary on every request with an Origin, since the
   * answer depends on it. */
  const decorate = (res: Response, origin: string, ok: boolean): void => {
    res.vary('Origin');
    if (!ok) return;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  };

  const answerPreflight = (res: Response, origin: string, ok: boolean): void => {
    res.vary('Origin');
    if (ok) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
      res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
      res.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE);
    }
    res.status(204).end();
  };

  return {
    answerPreflights: (handler) => (req, res, next) => {
      const origin = req.headers.origin;
      // A plain OPTIONS (no Origin, or no Access-Control-Request-Method) goes on as before.
      if (req.method !== 'OPTIONS' || origin === undefined || !isPreflight(req)) return handler(req, res, next);
      const ok = allowedWithoutTenant(req, origin);
      if (!(ok instanceof Promise)) return answerPreflight(res, origin, ok);
      ok.then((v) => answerPreflight(res, origin, v), next);
    },
    actual: (req, res) => {
      const origin = req.headers.origin;
      if (origin === undefined) return;
      const ok = allowed(req, origin);
      if (ok instanceof Promise) return ok.then((v) => decorate(res, origin, v));
      decorate(res, origin, ok);
    },
    onError: (err, req, res, next) => {
      const origin = req.headers.origin;
      if (origin === undefined || res.headersSent || res.hasHeader('access-control-allow-origin') || isPreflight(req))
        return next(err);
      const ok = allowed(req, origin);
      if (!(ok instanceof Promise)) {
        decorate(res, origin, ok);
        return next(err);
      }
      ok.then(
        (v) => {
          decorate(res, origin, v);
          next(err);
        },
        () => next(err), // the look-up failed too: the original error, without CORS headers
      );
    },
  };
}
