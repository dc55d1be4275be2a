import { Writable } from 'node:stream';
import { deriveAppUrl, loadConfig, parseDurations } from '../../src/platform/config';
import { createLogger, maskEmails } from '../../src/platform/logger';
import { requestStore } from '../../src/platform/context';

describe('config', () => {
  it('applies the operations.md defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/commerce');
    expect(c.DATABASE_APP_URL).toBe('postgresql://commerce_app:commerce_app@127.0.0.1:5432/commerce');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.WEBHOOK_RETRY_SCHEDULE).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]);
    expect(c.RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(c.WEBHOOK_ALLOW_PRIVATE_URLS).toBe(false);
    expect(c.databaseUrlConfigured).toBe(false);
  });

  it('derives the app URL on the same server and database, URL-encoding the password', () => {
    expect(deriveAppUrl('postgresql://owner:pw@db.internal:6543/shop', 'p@ss/word')).toBe(
      'postgresql://commerce_app:p%40ss%2Fword@db.internal:6543/shop',
    );
  });

  it('rejects invalid values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5x' })).toThrow(/invalid duration/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('refuses the public database password and an open /metrics in production', () => {
    const prod = { NODE_ENV: 'production', METRICS_TOKEN: 'scrape-secret' };
    expect(() => loadConfig(prod)).toThrow(/DATABASE_APP_PASSWORD/);
    expect(() => loadConfig({ ...prod, DATABASE_APP_PASSWORD: 'commerce_app' })).toThrow(/DATABASE_APP_PASSWORD/);
    expect(() =>
      loadConfig({ ...prod, DATABASE_APP_URL: 'postgresql://commerce_app:commerce_app@db:5432/shop' }),
    ).toThrow(/DATABASE_APP_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_APP_PASSWORD: 's3cret' })).toThrow(/METRICS_TOKEN/);
    const ok = loadConfig({ ...prod, DATABASE_APP_PASSWORD: 's3cret' });
    expect(ok.DATABASE_APP_URL).toContain(':s3cret@');
    expect(ok.SHUTDOWN_GRACE_MS).toBe(5000);
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_APP_PASSWORD: 's3cret', METRICS_PORT: '9464' }).METRICS_PORT,
    ).toBe(9464);
    // Development keeps working with the defaults.
    expect(loadConfig({}).DATABASE_APP_PASSWORD).toBe('commerce_app');
    expect(loadConfig({}).SHUTDOWN_GRACE_MS).toBe(0);
  });

  it('parses durations', () => {
    expect(parseDurations('100ms, 2s,1m,1h,1d')).toEqual([100, 2000, 60000, 3600000, 86400000]);
  });
});

describe('logger', () => {
  const capture = () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        lines.push(c.toString());
        cb();
      },
    });
    return { lines, log: createLogger('info', sink) };
  };

  it('masks e-mails in messages and fields', () => {
    expect(maskEmails('contact jane.doe@example.com now')).toBe('contact j***@example.com now');
    const { lines, log } = capture();
    log.info({ email: 'jane.doe@example.com', nested: { to: 'bob@shop.io' } }, 'sent to jane.doe@example.com');
    const out = lines.join('');
    expect(out).not.toContain('jane.doe@');
    expect(out).not.toContain('bob@');
    expect(out).toContain('j***@example.com');
  });

  it('redacts secrets by key', () => {
    const { lines, log } = capture();
    log.info({ password: 'hunter2hunter2', body: { refreshToken: 'rt-secret', apiKey: 'sk_secret' } }, 'x');
    const out = lines.join('');
    for (const s of ['hunter2hunter2', 'rt-secret', 'sk_secret']) expect(out).not.toContain(s);
    expect(out).toContain('[REDACTED]');
  });

  it('adds the correlation id of the current request to every line', () => {
    const { lines, log } = capture();
    requestStore.run({ correlationId: 'corr-123' }, () => log.warn('inside'));
    log.warn('outside');
    expect(JSON.parse(lines[0]!).correlationId).toBe('corr-123');
    expect(JSON.parse(lines[1]!).correlationId).toBeUndefined();
  });
});
