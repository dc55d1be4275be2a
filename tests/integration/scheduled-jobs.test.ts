// Scheduled jobs (src/workers/scheduled.ts): one BullMQ job scheduler per job in Redis, on a
// cron expression (ORDER_EXPIRY_CRON, RETENTION_CRON) or, unset, the interval variable. With
// several worker processes every tick runs once, not once per process.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { makeTestApp, type TestApp } from '../helpers/app';
import { createBullConnection } from '../../src/platform/redis';
import { startOrderExpiryWorker, ORDER_EXPIRY_QUEUE } from '../../src/workers/order-expiry';
import { schedulerId, startScheduledJob } from '../../src/workers/scheduled';

const PREFIX = `${process.env.TEST_REDIS_PREFIX ?? 'test:local'}:scheduled`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  // Two contexts with their own connections, as two worker processes would have.
  a = await makeTestApp({ REDIS_PREFIX: PREFIX });
  b = await makeTestApp({ REDIS_PREFIX: PREFIX });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

/** The scheduler of queue `name` as Redis holds it; removes it when `remove`. */
async function scheduler(name: string, remove = false) {
  const conn = createBullConnection(a.config.REDIS_URL);
  const queue = new Queue(name, { connection: conn, prefix: `${PREFIX}:bull` });
  try {
    const s = await queue.getJobScheduler(schedulerId(name));
    if (remove) await queue.removeJobScheduler(schedulerId(name));
    return s;
  } finally {
    await queue.close();
    await conn.quit();
  }
}

it('two worker processes run a cron job once per tick', async () => {
  const name = `sched-test-${randomUUID().slice(0, 8)}`;
  const runs: Array<{ by: string; jobId: string }> = [];
  const start = (app: TestApp, by: string) =>
    startScheduledJob(app.ctx, {
      name,
      cron: '* * * * * *',
      everyMs: 3_600_000, // the cron wins: with this interval there would be a single run
      run: async (job) => {
        runs.push({ by, jobId: job.id! });
        await sleep(50);
      },
    });
  const workers = [await start(a, 'a'), await start(b, 'b')];
  try {
    await sleep(4_500);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await scheduler(name, true);
  }
  // About one run a second, each tick's job run by one process only.
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(runs.length).toBeLessThanOrEqual(6);
  const ids = runs.map((r) => r.jobId);
  expect(new Set(ids).size).toBe(ids.length);
  const ticks = ids.map((id) => Number(id.split(':').pop()));
  expect(ticks.every((t) => Number.isFinite(t) && t % 1000 === 0)).toBe(true);
  expect(new Set(ticks).size).toBe(ticks.length);
}, 20_000);

it('ORDER_EXPIRY_CRON takes precedence over ORDER_EXPIRY_INTERVAL_MS; unset, the interval is the schedule', async () => {
  const cronCtx = { ...a.ctx, config: { ...a.ctx.config, ORDER_EXPIRY_CRON: '*/20 * * * * *' } };
  let w = await startOrderExpiryWorker(cronCtx);
  await w.close();
  const byCron = await scheduler(ORDER_EXPIRY_QUEUE);
  expect(byCron).toMatchObject({ pattern: '*/20 * * * * *' });
  expect(byCron?.every).toBeUndefined();

  // Both processes starting with the same settings leave one scheduler, on the interval.
  const intervalCtx = { ...a.ctx, config: { ...a.ctx.config, ORDER_EXPIRY_CRON: undefined } };
  w = await startOrderExpiryWorker(intervalCtx);
  const w2 = await startOrderExpiryWorker({ ...b.ctx, config: { ...b.ctx.config, ORDER_EXPIRY_CRON: undefined } });
  await Promise.all([w.close(), w2.close()]);
  const byInterval = await scheduler(ORDER_EXPIRY_QUEUE, true);
  expect(byInterval).toMatchObject({ every: a.config.ORDER_EXPIRY_INTERVAL_MS });
  expect(byInterval?.pattern).toBeFalsy();
}, 20_000);

it('an invalid cron expression stops the worker from starting', async () => {
  const bad = { ...a.ctx, config: { ...a.ctx.config, ORDER_EXPIRY_CRON: '61 * * * * *' } };
  await expect(startOrderExpiryWorker(bad)).rejects.toThrow();
});
