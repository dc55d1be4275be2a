// Order expiry: a BullMQ repeatable job (one scheduler, whichever worker picks each run)
// cancels PENDING orders unpaid after ORDER_PAYMENT_TTL and returns their stock. Each order
// is locked and re-checked in its own transaction, so concurrent runs cancel it once.
import { Queue, Worker } from 'bullmq';
import type { AppContext } from '../platform/app-context';
import { createBullConnection } from '../platform/redis';
import { OrdersService } from '../modules/orders/orders.service';
import type { WorkerHandle } from './index';

export const ORDER_EXPIRY_QUEUE = 'order-expiry';

export async function startOrderExpiryWorker(ctx: AppContext): Promise<WorkerHandle> {
  const prefix = `${ctx.config.REDIS_PREFIX}:bull`;
  const queueConn = createBullConnection(ctx.config.REDIS_URL);
  const workerConn = createBullConnection(ctx.config.REDIS_URL);
  for (const c of [queueConn, workerConn])
    c.on('error', (err: Error) => ctx.logger.warn({ err: err.message }, 'order-expiry redis error'));
  const service = new OrdersService(ctx);

  const queue = new Queue(ORDER_EXPIRY_QUEUE, { connection: queueConn, prefix });
  await queue.upsertJobScheduler(
    'order-expiry-sweep',
    { every: ctx.config.ORDER_EXPIRY_INTERVAL_MS },
    { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );

  const worker = new Worker(
    ORDER_EXPIRY_QUEUE,
    async () => {
      let total = 0;
      // Drain in batches; a bounded number per run keeps one run short.
      for (let i = 0; i < 10; i++) {
        const n = await service.expireDue(100);
        total += n;
        if (n < 100) break;
      }
      return { cancelled: total };
    },
    { connection: workerConn, prefix, concurrency: 1 },
  );
  worker.on('failed', (_job, err) => ctx.logger.error({ err }, 'order-expiry run failed'));

  return {
    name: 'order-expiry',
    async close() {
      await worker.close();
      await queue.close();
      await Promise.allSettled([queueConn.quit(), workerConn.quit()]);
    },
  };
}
