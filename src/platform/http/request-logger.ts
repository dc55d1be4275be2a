// One JSON line per finished request: 5xx → error, 4xx → warn, else info; /health and
// /metrics are not logged. Nothing is allocated for a request whose line's level is disabled
// (see docs/adr/0001-request-logger.md for why this replaces pino-http). Called by the request
// prelude when the response finishes.
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { routeTemplate } from '../metrics';

const UNLOGGED = new Set(['/health', '/metrics']);

export function logRequest(logger: Logger, req: Request, res: Response, ms: number): void {
  const status = res.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level) || UNLOGGED.has(req.path)) return;
  logger[level](
    {
      correlationId: req.correlationId,
      req: { method: req.method, url: req.originalUrl, route: routeTemplate(req), remoteAddress: req.ip },
      res: { statusCode: status },
      responseTime: Math.round(ms * 100) / 100,
    },
    'request completed',
  );
}
