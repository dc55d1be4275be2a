// The request plumbing that replaced per-module Express layers: stages (sync unless a stage
// waits), dispatch by first path segment (order kept, fall-through, errors), and the prelude's
// once-per-response metrics/log hook on res.end.
import express, { Router, type ErrorRequestHandler } from 'express';
import pino from 'pino';
import request from 'supertest';
import { dispatch, stages, type Stage } from '../../src/platform/http/dispatch';
import { installRequestPrelude } from '../../src/platform/http/prelude';
import { Metrics } from '../../src/platform/metrics';

const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
  res.status(418).json({ error: err.message });
};

describe('stages', () => {
  function appWith(list: Stage[]) {
    const app = express();
    app.use(
      stages(list, (req, res) => {
        res.json({ seen: (req as unknown as { seen: string[] }).seen });
      }),
    );
    app.use(onError);
    return app;
  }
  const mark =
    (name: string, wait = false): Stage =>
    (req) => {
      const r = req as unknown as { seen?: string[] };
      (r.seen ??= []).push(name);
      if (wait) return new Promise<void>((resolve) => setTimeout(resolve, 5));
    };

  it('runs synchronous and waiting stages in order, then the handler', async () => {
    const res = await request(appWith([mark('a'), mark('b', true), mark('c'), mark('d', true)])).get('/');
    expect(res.body).toEqual({ seen: ['a', 'b', 'c', 'd'] });
  });

  it('a thrown or rejected error ends the request and skips the later stages', async () => {
    const thrown = await request(
      appWith([
        mark('a'),
        () => {
          throw new Error('sync boom');
        },
        mark('never'),
      ]),
    ).get('/');
    expect(thrown.status).toBe(418);
    expect(thrown.body).toEqual({ error: 'sync boom' });
    const rejected = await request(appWith([mark('a', true), () => Promise.reject(new Error('async boom'))])).get('/');
    expect(rejected.status).toBe(418);
    expect(rejected.body).toEqual({ error: 'async boom' });
  });
});

describe('dispatch', () => {
  const app = express();
  const first = Router().get('/products/:id', (req, res, next) => {
    if (req.params.id === 'fallthrough') return next();
    res.json({ by: 'first', id: req.params.id });
  });
  const second = Router()
    .get('/products/fallthrough', (_req, res) => {
      res.json({ by: 'second' });
    })
    .get('/orders', () => {
      throw new Error('orders failed');
    });
  // A router with a middleware can't be analysed: it must run for every path, in order.
  const everywhere = Router();
  everywhere.use((req, res, next) => {
    if (req.path === '/anything/here') return res.json({ by: 'everywhere' });
    next();
  });
  app.use('/api', dispatch([first, second, everywhere]));
  app.use((_req, res) => {
    res.status(404).json({ by: 'not found' });
  });
  app.use(onError);

  it('runs the routers that can match the first segment, in order, falling through', async () => {
    expect((await request(app).get('/api/products/p1')).body).toEqual({ by: 'first', id: 'p1' });
    expect((await request(app).get('/api/products/fallthrough')).body).toEqual({ by: 'second' });
  });

  it('runs an unanalysable router for every path and reaches the 404 handler after all of them', async () => {
    expect((await request(app).get('/api/anything/here')).body).toEqual({ by: 'everywhere' });
    const miss = await request(app).get('/api/nothing');
    expect(miss.status).toBe(404);
    expect(miss.body).toEqual({ by: 'not found' });
  });

  it("passes a router's error on to the error handler", async () => {
    const res = await request(app).get('/api/orders');
    expect(res.status).toBe(418);
    expect(res.body).toEqual({ error: 'orders failed' });
  });
});

describe('request prelude', () => {
  it('counts and logs each response once, whether it ends by res.json or by a second end()', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s)) });
    const metrics = new Metrics({ defaultMetrics: false });
    const app = express();
    installRequestPrelude(app, { logger, metrics, headers: [['x-test', '1']] });
    app.get('/twice', (_req, res) => {
      res.status(201).end('one');
      res.end(); // ignored by Node; must not count a second request
    });
    app.get('/json/:id', (_req, res) => {
      res.json({ ok: true });
    });
    const a = await request(app).get('/twice').set('x-correlation-id', 'abc-123');
    expect(a.headers['x-test']).toBe('1');
    expect(a.headers['x-correlation-id']).toBe('abc-123');
    await request(app).get('/json/42');
    await request(app).get('/json/43');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/twice",status="201"\} 1\n/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/json\/:id",status="200"\} 2\n/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/json\/:id",status="200"\} 2\n/);
    const logged = lines.filter((l) => l.msg === 'request completed');
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({ correlationId: 'abc-123', res: { statusCode: 201 } });
  });
});
