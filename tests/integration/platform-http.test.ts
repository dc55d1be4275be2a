// Envelopes, error paths, correlation ids, rate limiting, metrics, health, docs.
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import { AppError } from '../../src/platform/errors';
import { BATCH_FLUSH_MS } from '../../src/platform/rate-limit';
import { makeTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
let app: Express;

beforeAll(async () => {
  t = await makeTestApp();
  // The real app plus two probe routes that exist only in this test.
  app = createApp(t.ctx, {
    beforeNotFound: (a) => {
      a.get('/api/v1/__probe/items/:itemId', (req, res) => {
        res.json({ success: true, data: { itemId: req.params.itemId }, error: null });
      });
      a.get('/api/v1/__probe/boom', () => {
        const e = new Error('relation "secret_table" does not exist at SELECT * FROM users');
        throw e;
      });
      a.get('/api/v1/__probe/conflict', () => {
        throw new AppError(409, 'INSUFFICIENT_STOCK', 'Not enough stock', {
          productId: 'p',
          requested: 2,
          available: 1,
        });
      });
    },
  });
});
afterAll(async () => t.close());

const expectErrorEnvelope = (body: unknown, code: string) => {
  expect(body).toEqual({
    success: false,
    data: null,
    error: expect.objectContaining({ code, message: expect.any(String) }),
  });
};

describe('error envelope', () => {
  it('unknown route → 404 envelope', async () => {
    const res = await request(app).get('/api/v1/definitely-not-here');
    expect(res.status).toBe(404);
    expectErrorEnvelope(res.body, 'NOT_FOUND');
  });

  it('malformed JSON → 400 VALIDATION_ERROR', async () => {
    const res = await request(app).post('/api/v1/tenants').set('content-type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expectErrorEnvelope(res.body, 'VALIDATION_ERROR');
  });

  it('body over 1 MiB → 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) });
    const res = await request(app).post('/api/v1/tenants').set('content-type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expectErrorEnvelope(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('a body just under 1 MiB is accepted by the parser (then validated)', async () => {
    const res = await request(app)
      .post('/api/v1/tenants')
      .send({ name: 'x'.repeat(1000 * 1000), subdomain: 'ok-sub', admin: { email: 'a@b.co', password: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('name');
  });

  it('500 never leaks stack or SQL', async () => {
    const res = await request(app).get('/api/v1/__probe/boom');
    expect(res.status).toBe(500);
    expectErrorEnvelope(res.body, 'INTERNAL_ERROR');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/secret_table|SELECT|stack|at .*\.ts/);
    // …but the log has it, with the correlation id.
    const line = t.logs.find((l) => l.includes('secret_table'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!).correlationId).toBe(res.headers['x-correlation-id']);
  });

  it('AppError details pass through', async () => {
    const res = await request(app).get('/api/v1/__probe/conflict');
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'INSUFFICIENT_STOCK',
      message: 'Not enough stock',
      details: { productId: 'p', requested: 2, available: 1 },
    });
  });

  it('success envelope shape', async () => {
    const res = await request(app).get('/api/v1/__probe/items/42');
    expect(res.body).toEqual({ success: true, data: { itemId: '42' }, error: null });
  });
});

describe('correlation id', () => {
  it('echoes a sane incoming id and logs it on the request line', async () => {
    const id = `test-${randomUUID()}`;
    const res = await request(app).get('/api/v1/definitely-not-here').set('x-correlation-id', id);
    expect(res.headers['x-correlation-id']).toBe(id);
    const lines = t.logs.filter((l) => l.includes(id));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(JSON.parse(l).correlationId).toBe(id);
  });

  it.each([
    ['with spaces', 'bad id here'],
    ['too long', 'a'.repeat(129)],
    ['injection', 'abc\\"}{'],
  ])('generates a new id when the incoming one is not sane (%s)', async (_l, bad) => {
    const res = await request(app).get('/health').set('x-correlation-id', bad);
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('generates one when absent, on every response', async () => {
    const a = await request(app).get('/health');
    const b = await request(app).get('/health');
    expect(a.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-correlation-id']).not.toBe(b.headers['x-correlation-id']);
  });
});

describe('security headers and logging hygiene', () => {
  it('sets helmet headers', async () => {
    const res = await request(app).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('never logs Authorization, Cookie or X-API-Key values', async () => {
    const secret = `sk_${randomUUID()}`;
    await request(app)
      .get('/api/v1/definitely-not-here')
      .set('authorization', `Bearer ${secret}-jwt`)
      .set('cookie', `session=${secret}-cookie`);
    await request(app).get('/api/v1/definitely-not-here').set('x-api-key', secret);
    expect(t.logs.join('\n')).not.toContain(secret);
  });
});

describe('rate limiting', () => {
  it('429 RATE_LIMITED with Retry-After and RateLimit-* headers after the per-IP limit', async () => {
    const limited = await makeTestApp({ RATE_LIMIT_PER_MINUTE: '3', REDIS_PREFIX: `rl-${randomUUID()}` });
    try {
      const statuses: number[] = [];
      let last: request.Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await request(limited.app).get('/api/v1/nope');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      expectErrorEnvelope(last!.body, 'RATE_LIMITED');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(last!.headers['ratelimit-limit']).toBe('3');
      expect(last!.headers['ratelimit-remaining']).toBe('0');
      expect(Number(last!.headers['ratelimit-reset'])).toBeGreaterThan(0);
      // The counter lives in Redis: a second app instance sharing it is limited too (once the
      // first instance's local counts have been pushed, at most one flush interval later).
      await new Promise((r) => setTimeout(r, BATCH_FLUSH_MS * 3));
      const replica = await makeTestApp({ RATE_LIMIT_PER_MINUTE: '3', REDIS_PREFIX: limited.config.REDIS_PREFIX });
      try {
        expect((await request(replica.app).get('/api/v1/nope')).status).toBe(429);
      } finally {
        await replica.close();
      }
    } finally {
      await limited.close();
    }
  });

  it('counts per principal separately from per IP', async () => {
    const limited = await makeTestApp({ RATE_LIMIT_PER_MINUTE: '1000', REDIS_PREFIX: `rl-${randomUUID()}` });
    try {
      const res = await request(limited.app).get('/api/v1/nope');
      expect(res.headers['ratelimit-limit']).toBe('1000');
      expect(res.headers['ratelimit-remaining']).toBe('999');
    } finally {
      await limited.close();
    }
  });
});

describe('metrics', () => {
  it('labels requests by route template, never the raw path', async () => {
    const id = randomUUID();
    await request(app).get(`/api/v1/__probe/items/${id}`);
    await request(app).get(`/api/v1/unknown/${id}`);
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(id);
    expect(res.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/__probe\/items\/:itemId",status="200"\} \d+/,
    );
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\}/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
  });

  it('requires the bearer METRICS_TOKEN when set', async () => {
    const secured = await makeTestApp({ METRICS_TOKEN: 'metrics-secret-token' });
    try {
      expect((await request(secured.app).get('/metrics')).status).toBe(401);
      expect((await request(secured.app).get('/metrics').set('authorization', 'Bearer wrong')).status).toBe(401);
      const ok = await request(secured.app).get('/metrics').set('authorization', 'Bearer metrics-secret-token');
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('http_requests_total');
    } finally {
      await secured.close();
    }
  });
});

describe('health, readiness, docs', () => {
  it('/health 200 and /ready 200 with both dependencies ok', async () => {
    expect((await request(app).get('/health')).body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', db: 'ok', redis: 'ok' });
  });

  it('/ready 503 naming Redis when Redis is down', async () => {
    const down = await makeTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, { allowRedisDown: true });
    try {
      const res = await request(down.app).get('/ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'not_ready', db: 'ok', redis: 'unavailable' });
    } finally {
      await down.close();
    }
  });

  it('/ready 503 naming the database when PostgreSQL is unreachable', async () => {
    const down = await makeTestApp({ DATABASE_APP_URL: 'postgresql://commerce_app:x@127.0.0.1:1/nowhere' });
    try {
      const res = await request(down.app).get('/ready');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'not_ready', db: 'unavailable', redis: 'ok' });
      // A write that needs the database answers 503, not 500.
      const w = await request(down.app)
        .post('/api/v1/tenants')
        .send({ name: 'x', subdomain: 'down-db-x', admin: { email: 'a@b.co', password: 'correct-horse-battery' } });
      expect(w.status).toBe(503);
      expectErrorEnvelope(w.body, 'SERVICE_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });

  it('/openapi.json serves the spec and /docs an offline page', async () => {
    const spec = await request(app).get('/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\.1/);
    expect(spec.body.paths['/api/v1/tenants'].post).toBeDefined();
    const page = await request(app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\/(?!localhost)/);
    const js = await request(app).get('/docs/assets/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect((await request(app).get('/docs/init.js')).text).toContain('/openapi.json');
  });
});
