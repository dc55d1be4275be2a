// Scheduled jobs' settings: a cron variable, when set, replaces the interval; a malformed one
// refuses the configuration with its name.
import { loadConfig } from '../../src/platform/config';
import { repeatOptions } from '../../src/workers/scheduled';

it('ORDER_EXPIRY_CRON / RETENTION_CRON are optional and take precedence over the intervals', () => {
  const plain = loadConfig({});
  expect(plain.ORDER_EXPIRY_CRON).toBeUndefined();
  expect(repeatOptions({ cron: plain.ORDER_EXPIRY_CRON, everyMs: plain.ORDER_EXPIRY_INTERVAL_MS })).toEqual({
    every: 30_000,
  });
  const cron = loadConfig({ ORDER_EXPIRY_CRON: ' */30 * * * * * ', RETENTION_CRON: '*/10 * * * *' });
  expect(repeatOptions({ cron: cron.ORDER_EXPIRY_CRON, everyMs: cron.ORDER_EXPIRY_INTERVAL_MS })).toEqual({
    pattern: '*/30 * * * * *',
  });
  expect(repeatOptions({ cron: cron.RETENTION_CRON, everyMs: cron.RETENTION_INTERVAL_MS })).toEqual({
    pattern: '*/10 * * * *',
  });
});

it('refuses a value that is not a cron expression of 5 or 6 fields', () => {
  expect(() => loadConfig({ RETENTION_CRON: '600000' })).toThrow(/RETENTION_CRON/);
  expect(() => loadConfig({ ORDER_EXPIRY_CRON: '* * * * * * *' })).toThrow(/ORDER_EXPIRY_CRON/);
});
