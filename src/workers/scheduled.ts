// A scheduled job: one BullMQ job scheduler in Redis per job name, on a cron expression or a
// fixed interval. Every worker process upserts the same scheduler (same id, so the last start
// wins and nothing doubles) and runs the same queue's worker: each tick produces one job
// (id "repeat:<scheduler>:<tick>"), which exactly one process takes. So with N worker
// processes every run still happens once. Concurrency 1, the last 100 runs kept.
import { Queue, Worker, type Job } from 'bullmq';
import type { AppContext } from '../platform/app-context';
import { createBullConnection } from '../platform/redis';
import type { WorkerHandle } from './index';

/** When a job runs: a cron expression (5 fields, or 6 with seconds first) wins over an interval. */
export interface Schedule {
  cron?: string;
  everyMs: number;
}

export interface ScheduledJob extends Schedule {
  /** Queue name; also the handle's name and the log context. */
  name: string;
  run: (job: Job) => Promise<unknown>;
}

export const schedulerId = (name: string): string => `${name}-sweep`;

/** The BullMQ repeat options of a schedule. */
export const repeatOptions = (s: Schedule): { pattern: string } | { every: number } =>
  s.cron ? { pattern: s.cron } : { every: s.everyMs };

export async function startScheduledJob(ctx: AppContext, job: ScheduledJob): Promise<WorkerHandle> {
  const prefix = `${ctx.config.REDIS_PREFIX}:bull`;
  const queueConn = createBullConnection(ctx.config.REDIS_URL);
  const workerConn = createBullConnection(ctx.config.REDIS_URL);
  for (const c of [queueConn, workerConn])
    c.on('error', (err: Error) => ctx.logger.warn({ err: err.message }, `${job.name} redis error`));

  const queue = new Queue(job.name, { connection: queueConn, prefix });
  try {
    await queue.upsertJobScheduler(schedulerId(job.name), repeatOptions(job), {
      name: 'sweep',
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
  } catch (err) {
    await queue.close();
    await Promise.allSettled([queueConn.quit(), workerConn.quit()]);
    throw err;
  }
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
