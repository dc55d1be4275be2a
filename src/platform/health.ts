// /health (liveness), /ready (PostgreSQL and Redis; 503 once the process drains), /metrics (Prometheus).
import express, { Router, type Express } from 'express';
import type { AppContext } from './app-context';
import { errorBody } from './errors';
import { safeEqual } from './crypto';
import { withTimeout } from './timeout';

const within = <T>(p: Promise<T>, ms: number): Promise<T> => withTimeout(p, ms, 'timeout');

/** Contexts whose process is shutting down (tests build several apps in one process). */
const drainingContexts = new WeakSet<AppContext>();

/** From now on /ready answers 503 "draining", so a load balancer stops routing here. */
export function markDraining(ctx: AppContext): void {
  drainingContexts.add(ctx);
}

/**
 * `metrics`: whether /metrics is served here; by default not on the API when METRICS_PORT
 * gives it a port of its own.
 */
export function healthRouter(ctx: AppContext, opts: { metrics?: boolean } = {}): Router {
  const r = Router();
  r.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/ready', async (_req, res) => {
    const [db, redis] = await Promise.all([
      within(ctx.db.$queryRaw`SELECT 1`, 2000).then(
        () => 'ok',
        () => 'unavailable',
      ),
      within(ctx.redis.ping(), 2000).then(
        () => 'ok',
        () => 'unavailable',
      ),
    ]);
    const draining = drainingContexts.has(ctx);
    const ready = db === 'ok' && redis === 'ok' && !draining;
    const status = draining ? 'draining' : ready ? 'ready' : 'not_ready';
    res.status(ready ? 200 : 503).json({ status, db, redis });
  });
  if (!(opts.metrics ?? ctx.config.METRICS_PORT === undefined)) return r;
  r.get('/metrics', async (req, res) => {
    const token = ctx.config.METRICS_TOKEN;
    if (token) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!m || !safeEqual(m[1]!, token)) {
        res.status(401).json(errorBody('UNAUTHORIZED', 'Metrics token required'));
        return;
      }
    }
    res.setHeader('Content-Type', ctx.metrics.registry.contentType);
    res.send(await ctx.metrics.registry.metrics());
  });
  return r;
}

/** The health and metrics endpoints alone: what METRICS_PORT (or a worker-only process's WORKER_METRICS_PORT) serves. */
export function healthApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(ctx, { metrics: true }));
  return app;
}
