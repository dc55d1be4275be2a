// Per-IP limits: IPv6 clients keyed by their /64 (any spelling), IPv4-mapped by the IPv4
// address; with Redis unreachable the request limiter fails open to a per-process window
// (still enforcing the limit) while the login limiter fails closed.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';

let t: TestApp;
let T: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp();
  T = await signUpTenant(t.app);
});
afterAll(() => t.close());

const uniquePrefix = () =>
  `${process.env.TEST_REDIS_PREFIX ?? 'test:local'}:rl-${Math.random().toString(36).slice(2, 8)}`;
const get = (app: TestApp, forwardedFor?: string) => {
  const r = request(app.app).get('/api/v1/products').set('X-Tenant', T.subdomain);
  return forwardedFor ? r.set('X-Forwarded-For', forwardedFor) : r;
};

describe('per-IP keys', () => {
  it('one IPv6 /64 is one client, however its addresses are written; another /64 is not', async () => {
    const app = await makeTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '3', REDIS_PREFIX: uniquePrefix() });
    try {
      const spellings = ['2001:db8:aa:1::1', '2001:0DB8:00AA:0001:0:0:0:2', '2001:db8:aa:1:ffff:ffff:ffff:ffff'];
      for (const a of spellings) expect((await get(app, a)).status).toBe(200);
      const over = await get(app, '2001:db8:aa:1:1234::9');
      expect(over.status).toBe(429);
      expect(over.body.error.code).toBe('RATE_LIMITED');
      expect((await get(app, '2001:db8:aa:2::1')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('an IPv4 client is the same client when it arrives as IPv4-mapped IPv6', async () => {
    const app = await makeTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '2', REDIS_PREFIX: uniquePrefix() });
    try {
      expect((await get(app, '198.51.100.23')).status).toBe(200);
      expect((await get(app, '::ffff:198.51.100.23')).status).toBe(200);
      expect((await get(app, '::FFFF:c633:6417')).status).toBe(429);
      expect((await get(app, '198.51.100.24')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
  it('the login limiter counts failed logins per /64 too', async () => {
    // 1 attempt per e-mail, so 5 per client IP: the sixth failure from the /64 is refused.
    const app = await makeTestApp({ TRUST_PROXY: 'true', LOGIN_ATTEMPTS_PER_15MIN: '1', REDIS_PREFIX: uniquePrefix() });
    try {
      const fail = (i: number, ip: string) =>
        request(app.app)
          .post('/api/v1/auth/login')
          .set('X-Tenant', T.subdomain)
          .set('X-Forwarded-For', ip)
          .send({ email: `nobody-${i}@example.com`, password: 'wrong-password-here' });
      for (let i = 0; i < 5; i++) expect((await fail(i, `2001:db8:bb:1::${i + 1}`)).status).toBe(401);
      expect((await fail(5, '2001:DB8:BB:1:0:0:0:99')).status).toBe(429);
      expect((await fail(6, '2001:db8:bb:2::1')).status).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe('Redis unreachable', () => {
  it('the request limiter fails open to a local window that still enforces the limit, without waiting on Redis', async () => {
    const down = await makeTestApp(
      { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_PER_MINUTE: '5' },
      { allowRedisDown: true },
    );
    try {
      const started = Date.now();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await get(down)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Date.now() - started).toBeLessThan(3000);
      const limited = await get(down);
      expect(limited.headers['ratelimit-limit']).toBe('5');
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      const warned = down.logs.map((l) => JSON.parse(l)).find((l) => /rate limiter: Redis unavailable/.test(l.msg));
      expect(warned).toMatchObject({ level: 'warn' });
    } finally {
      await down.close();
      down.ctx.redis.disconnect();
    }
  });

  it('the login limiter fails closed: 503, no password check', async () => {
    const down = await makeTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, { allowRedisDown: true });
    try {
      const res = await request(down.app)
        .post('/api/v1/auth/login')
        .set('X-Tenant', T.subdomain)
        .send({ email: T.adminEmail, password: T.adminPassword });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await down.close();
      down.ctx.redis.disconnect();
    }
  });
});
