// /health (liveness), /ready (PostgreSQL and Redis), /metrics (Prometheus).
import express, { Router, type Express } from 'express';
import type { AppContext } from './app-context';
import { errorBody } from './errors';
import { safeEqual } from './crypto';

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error('timeout')), ms))),
    ]);
  } finally {
    clearTimeout(t);
  }
}

export function healthRouter(ctx: AppContext): Router {
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
    const ready = db === 'ok' && redis === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', db, redis });
  });
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

/** The health and metrics endpoints alone: what a worker-only process serves (WORKER_METRICS_PORT). */
export function healthApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(ctx));
  return app;
}
