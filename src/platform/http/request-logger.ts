// One JSON line per finished request: 5xx → error, 4xx → warn, else info; /health and
// /metrics are not logged. Nothing is allocated for a request whose line's level is disabled
// (see docs/adr/0001-request-logger.md for why this replaces pino-http).
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { routeTemplate } from '../metrics';

const UNLOGGED = new Set(['/health', '/metrics']);

export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (UNLOGGED.has(req.path)) return next();
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          correlationId: req.correlationId,
          req: { method: req.method, url: req.originalUrl, route: routeTemplate(req), remoteAddress: req.ip },
          res: { statusCode: status },
          responseTime: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
        },
        'request completed',
      );
    });
    next();
  };
}
