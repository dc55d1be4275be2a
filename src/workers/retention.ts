// Retention: a BullMQ repeatable job (one scheduler, whichever worker picks each run) that
// deletes expired Idempotency-Keys every RETENTION_INTERVAL_MS, in bounded batches, so the
// table holds about one TTL's worth of keys instead of every key ever sent.
import { Queue, Worker } from 'bullmq';
import type { AppContext } from '../platform/app-context';
import { createBullConnection } from '../platform/redis';
import { OrdersService } from '../modules/orders/orders.service';
import type { WorkerHandle } from './index';

export const RETENTION_QUEUE = 'retention';

export async function startRetentionWorker(ctx: AppContext): Promise<WorkerHandle> {
  const prefix = `${ctx.config.REDIS_PREFIX}:bull`;
  const queueConn = createBullConnection(ctx.config.REDIS_URL);
  const workerConn = createBullConnection(ctx.config.REDIS_URL);
  for (const c of [queueConn, workerConn])
    c.on('error', (err: Error) => ctx.logger.warn({ err: err.message }, 'retention redis error'));
  const orders = new OrdersService(ctx);
  const purged = ctx.metrics.counter('retention_deleted_total', 'Rows deleted by retention', ['kind']);

  const queue = new Queue(RETENTION_QUEUE, { connection: queueConn, prefix });
  await queue.upsertJobScheduler(
    'retention-sweep',
    { every: ctx.config.RETENTION_INTERVAL_MS },
    { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );

  const worker = new Worker(
    RETENTION_QUEUE,
    async () => {
      const idempotencyKeys = await orders.purgeExpiredIdempotencyKeys();
      purged.inc({ kind: 'idempotency_key' }, idempotencyKeys);
      return { idempotencyKeys };
    },
    { connection: workerConn, prefix, concurrency: 1 },
  );
  worker.on('failed', (_job, err) => ctx.logger.error({ err }, 'retention run failed'));

  return {
    name: 'retention',
    async close() {
      await worker.close();
      await queue.close();
      await Promise.allSettled([queueConn.quit(), workerConn.quit()]);
    },
  };
}
