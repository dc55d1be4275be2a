// A BullMQ repeatable job: one scheduler in Redis (whichever worker process picks each run),
// concurrency 1, the last 100 runs kept. Used by the periodic sweeps (order expiry, retention).
import { Queue, Worker } from 'bullmq';
import type { AppContext } from '../platform/app-context';
import { createBullConnection } from '../platform/redis';
import type { WorkerHandle } from './index';

export interface ScheduledJob {
  /** Queue name; also the handle's name and the log context. */
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export async function startScheduledJob(ctx: AppContext, job: ScheduledJob): Promise<WorkerHandle> {
  const prefix = `${ctx.config.REDIS_PREFIX}:bull`;
  const queueConn = createBullConnection(ctx.config.REDIS_URL);
  const workerConn = createBullConnection(ctx.config.REDIS_URL);
  for (const c of [queueConn, workerConn])
    c.on('error', (err: Error) => ctx.logger.warn({ err: err.message }, `${job.name} redis error`));

  const queue = new Queue(job.name, { connection: queueConn, prefix });
  await queue.upsertJobScheduler(
    `${job.name}-sweep`,
    { every: job.everyMs },
    { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  const worker = new Worker(job.name, job.run, { connection: workerConn, prefix, concurrency: 1 });
  worker.on('failed', (_job, err) => ctx.logger.error({ err }, `${job.name} run failed`));

  return {
    name: job.name,
    async close() {
      await worker.close();
      await queue.close();
      await Promise.allSettled([queueConn.quit(), workerConn.quit()]);
    },
  };
}
