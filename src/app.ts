// The Express app: platform middleware, then every module under /api/v1.
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { AppContext } from './platform/app-context';
import { authenticate } from './platform/auth/authenticate';
import { correlationMiddleware } from './platform/context';
import { errorHandler, notFoundHandler } from './platform/errors';
import { healthRouter } from './platform/health';
import { metricsMiddleware } from './platform/metrics';
import { openApiRouter } from './platform/openapi';
import { requestLogger } from './platform/http/request-logger';
import { securityHeaders } from './platform/http/security-headers';
import { rateLimit } from './platform/rate-limit';
import { apiRouters, rootRouters } from './modules';

function trustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false') return false;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/**
 * Lets Express skip a router whose routes cannot match the path. Walking every route of every
 * router costs a regex per layer, and a router that matches nothing hands the request on
 * through setImmediate: both were among the largest costs under load. `segments` (first path
 * segments) is derived from the router's routes unless given.
 */
function gated(router: Router, segments?: string[]): RequestHandler {
  let first: Set<string>;
  if (segments) first = new Set(segments);
  else {
    const layers = (router as unknown as { stack: Array<{ route?: { path: unknown } }> }).stack;
    if (layers.some((l) => !l.route || typeof l.route.path !== 'string')) return router;
    first = new Set(layers.map((l) => (l.route!.path as string).split('/')[1]!));
    if (first.has('') || [...first].some((f) => f.startsWith(':'))) return router;
  }
  return (req, res, next) => {
    const end = req.path.indexOf('/', 1);
    return first.has(end === -1 ? req.path.slice(1) : req.path.slice(1, end)) ? router(req, res, next) : next();
  };
}

export function createApp(ctx: AppContext, extra: { beforeNotFound?: (app: Express) => void } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(ctx.config.TRUST_PROXY));
  app.set('etag', false);

  app.use(correlationMiddleware);
  app.use(securityHeaders());
  app.use(requestLogger(ctx.logger));
  app.use(metricsMiddleware(ctx.metrics));
  app.use(
    express.json({
      limit: '1mb',
      verify: (req, _res, buf) => {
        if ((req as express.Request).originalUrl?.startsWith('/api/v1/webhooks/'))
          (req as express.Request).rawBody = buf;
      },
    }),
  );

  app.use(gated(healthRouter(ctx)));
  app.use(gated(openApiRouter(), ['openapi.json', 'docs']));
  for (const mk of rootRouters) app.use(gated(mk(ctx)));

  const limit = ctx.config.RATE_LIMIT_PER_MINUTE;
  const api = express.Router();
  api.use(rateLimit(ctx.rateLimiter, limit, (req) => `ip:${req.ip}`));
  api.use(authenticate(ctx));
  api.use(
    rateLimit(ctx.rateLimiter, limit, (req) =>
      req.principal ? `p:${req.principal.type}:${req.principal.id}` : undefined,
    ),
  );
  for (const mk of apiRouters) api.use(gated(mk(ctx)));
  app.use('/api/v1', api);

  extra.beforeNotFound?.(app);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
