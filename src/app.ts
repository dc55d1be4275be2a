// The Express app: platform middleware, then every module under /api/v1.
import express, { type Express } from 'express';
import type { AppContext } from './platform/app-context';
import { authenticate } from './platform/auth/authenticate';
import { errorHandler, notFoundHandler } from './platform/errors';
import { healthRouter } from './platform/health';
import { openApiRouter } from './platform/openapi';
import { cors } from './platform/http/cors';
import { dispatch, stages } from './platform/http/dispatch';
import { bodyStage, installRequestPrelude } from './platform/http/prelude';
import { securityHeaderList } from './platform/http/security-headers';
import { ipKey } from './platform/ip-key';
import { rateLimitStage } from './platform/rate-limit';
import { apiRouters, ownBodyPaths, rootRouters } from './modules';
import { tenantLookups, tenantOrigins } from './modules/tenants';

function trustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false') return false;
  return /^\d+$/.test(v) ? Number(v) : v;
}

export function createApp(ctx: AppContext, extra: { beforeNotFound?: (app: Express) => void } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(ctx.config.TRUST_PROXY));
  app.set('etag', false);

  installRequestPrelude(app, { logger: ctx.logger, metrics: ctx.metrics, headers: securityHeaderList() });

  // Under /api/v1, as one layer: CORS preflights answered first, then JSON body, per-IP limit,
  // authentication + tenant, CORS headers, per-principal limit, then the module routers that
  // can match the path (ADR 0004, 0005). Errors before the CORS stage get its headers from
  // the error layer after it.
  const limit = ctx.config.RATE_LIMIT_PER_MINUTE;
  const clientIp: (req: express.Request) => string | undefined =
    ctx.config.TRUST_PROXY === 'false' ? (req) => req.socket.remoteAddress : (req) => req.ip;
  const apiCors = cors({ baseDomain: ctx.config.BASE_DOMAIN, lookup: tenantOrigins(ctx) });
  app.use(
    '/api/v1',
    apiCors.answerPreflights(
      stages(
        [
          // Routes that read their own body (raw, for a signature) are left to their parser.
          bodyStage(express.json({ limit: '1mb' }), { except: ownBodyPaths }),
          // IPv6 clients by their /64 (see ip-key.ts).
          rateLimitStage(ctx.rateLimiter, limit, (req) => `ip:${ipKey(clientIp(req))}`),
          authenticate(ctx, tenantLookups(ctx.db)),
          apiCors.actual,
          rateLimitStage(ctx.rateLimiter, limit, (req) =>
            req.principal ? `p:${req.principal.type}:${req.principal.id}` : undefined,
          ),
        ],
        dispatch(apiRouters.map((mk) => mk(ctx))),
      ),
    ),
  );
  app.use('/api/v1', apiCors.onError);
  app.use(
    dispatch([
      healthRouter(ctx),
      { router: openApiRouter(), segments: ['openapi.json', 'docs'] },
      ...rootRouters.map((mk) => mk(ctx)),
    ]),
  );

  extra.beforeNotFound?.(app);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
